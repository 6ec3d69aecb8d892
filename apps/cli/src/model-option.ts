import { existsSync } from 'node:fs';
import { loadUserCatalog } from '@weightplan/user-data';
import { getPrecision, ModelIndex, OPEN_MODELS, type OpenModelSpec, type Precision } from '@weightplan/weights';
import { inspectWeights } from '@weightplan/weights/files';
import { UsageError } from './usage-error.js';

/** The built-in catalog plus the user's imported models, with the file precisions of the imports. */
export function modelIndex(): { index: ModelIndex; filePrecisions: Map<string, Precision> } {
  const imported = loadUserCatalog().models;
  const filePrecisions = new Map<string, Precision>();
  for (const m of imported) if (m.precision) filePrecisions.set(m.spec.id, m.precision);
  return { index: new ModelIndex([...OPEN_MODELS, ...imported.map((m) => m.spec)]), filePrecisions };
}

/** Whether `--model` names a file or folder rather than a catalog id. */
function looksLikePath(value: string): boolean {
  return (
    /\.(gguf|safetensors|json)$/i.test(value) ||
    value.startsWith('.') ||
    value.startsWith('/') ||
    value.startsWith('~') ||
    (existsSync(value) && !/^[\w.-]+\/[\w.-]+$/.test(value))
  );
}

/**
 * The model and precision a command should use. `--model` may be a catalog id or alias, an imported
 * model, or a path to weight files (then the file's exact tensors are the precision unless `--precision`
 * asks for another). A config.json carries no weights, so it needs `--precision`.
 */
export async function resolveModelAndPrecision(
  modelQuery: string,
  precisionQuery: string | undefined,
): Promise<{ model: OpenModelSpec; precision: Precision }> {
  if (looksLikePath(modelQuery)) {
    const result = await inspectWeights(modelQuery);
    const precision = precisionQuery ? getPrecision(precisionQuery) : result.precision;
    if (!precision) throw new UsageError(`${modelQuery} holds no weights (config.json only): give --precision`);
    return { model: result.spec, precision };
  }
  const { index, filePrecisions } = modelIndex();
  const model = index.get(modelQuery);
  const precision = precisionQuery ? getPrecision(precisionQuery) : filePrecisions.get(model.id);
  if (!precision) throw new UsageError(`give --precision for ${model.id} (e.g. Q4_K_M, Q8_0, BF16, FP8, AWQ-INT4)`);
  return { model, precision };
}
