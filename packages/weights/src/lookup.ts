import { closestNames, normalizeName, UnknownNameError } from '@weightplan/match';
import { OPEN_MODELS } from './catalog/index.js';
import type { OpenModelSpec } from './model-spec.js';
import type { Precision } from './precision.js';
import { PRECISIONS } from './precisions.js';

/** Looks models up by Hugging Face id or alias, case- and punctuation-insensitively. */
export class ModelIndex {
  private readonly byName = new Map<string, OpenModelSpec>();

  constructor(readonly models: readonly OpenModelSpec[]) {
    for (const model of models) {
      for (const spelling of [model.id, model.aliases, model.id.split('/')[1] ?? []].flat()) {
        const key = normalizeName(spelling);
        if (!this.byName.has(key)) this.byName.set(key, model);
      }
    }
  }

  find(query: string): OpenModelSpec | undefined {
    return this.byName.get(normalizeName(query));
  }

  /** The model named `query`, or an `UnknownNameError` listing the closest ids. */
  get(query: string): OpenModelSpec {
    const model = this.find(query);
    if (model) return model;
    throw new UnknownNameError(
      'model',
      query,
      closestNames(
        query,
        this.models.map((m) => [m.id, ...m.aliases]),
      ),
      'a Hugging Face id such as meta-llama/Meta-Llama-3-8B-Instruct or an alias such as llama-3-8b; `weightplan models` lists them',
    );
  }
}

let builtInIndex: ModelIndex | undefined;

/** Index over the built-in catalog. */
export function builtInModels(): ModelIndex {
  builtInIndex ??= new ModelIndex(OPEN_MODELS);
  return builtInIndex;
}

const precisionByName = new Map<string, Precision>(
  PRECISIONS.flatMap((precision) => [precision.id, ...precision.aliases].map((name) => [normalizeName(name), precision] as const)),
);

/** The precision named `query` ("q4_k_m", "BF16", "awq"), or an `UnknownNameError` listing close names. */
export function getPrecision(query: string): Precision {
  const precision = precisionByName.get(normalizeName(query));
  if (precision) return precision;
  throw new UnknownNameError(
    'precision',
    query,
    closestNames(
      query,
      PRECISIONS.map((p) => [p.id, ...p.aliases]),
    ),
    `one of ${PRECISIONS.map((p) => p.id).join(', ')}`,
  );
}
