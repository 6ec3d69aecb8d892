import { builtInModels, type OpenModelSpec } from '@weightplan/weights';

/** A catalog model by id or alias, for tests. */
export function catalogModel(name: string): OpenModelSpec {
  return builtInModels().get(name);
}
