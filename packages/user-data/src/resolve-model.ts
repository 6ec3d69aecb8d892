import { statSync } from 'node:fs';
import { getPrecision, ModelIndex, OPEN_MODELS, type OpenModelSpec, type Precision } from '@weightplan/weights';
import { existsForReader, inspectWeights } from '@weightplan/weights/files';
import { type ImportedModel, loadUserCatalog, userCatalogFile, userCatalogWriteCount } from './user-catalog.js';
import { UserDataError } from './user-data-error.js';

/** A model named without a precision, when it has no file of its own to take one from. */
export class PrecisionRequiredError extends Error {
  override readonly name = 'PrecisionRequiredError';
}

/**
 * The precision that names weights exactly as their files store them (every tensor's own type): what a
 * model read from files or the Hub is planned at when no other precision is asked for. The desktop's
 * Inspect view plans a file with it, so a link to that plan stays exact.
 */
export const AS_STORED_PRECISION = 'as-stored';

/** A precision to look up, or undefined where the caller asked for the weights as stored. */
export function namedPrecision(precision: string | undefined): string | undefined {
  return precision === undefined || precision.trim().toLowerCase() === AS_STORED_PRECISION ? undefined : precision;
}

export interface IndexedCatalog {
  index: ModelIndex;
  filePrecisions: Map<string, Precision>;
  /** Why imported models are missing: a damaged models.json is skipped (and left as it is), not fatal. */
  warnings: string[];
}

let cachedIndex: { file: string; version: string; writes: number; checkedAt: number; catalog: IndexedCatalog } | undefined;

/** How long a server trusts its cached index before it looks at the file again (another process may import). */
const RECHECK_MILLISECONDS = 1000;

/** Identifies one state of the user catalog file: atomic writes replace it, which changes inode and mtime. */
function catalogVersion(file: string): string {
  try {
    const info = statSync(file);
    return `${file}|${info.ino}|${info.mtimeMs}|${info.size}`;
  } catch {
    return `${file}|absent`;
  }
}

/**
 * The built-in catalog plus the user's imported models, with the file precisions of the imports. A server
 * answers thousands of requests a second from it, so it is rebuilt only when the user catalog changes:
 * at once after a write by this process, within a second after one by another process (`models add`).
 */
export function modelIndex(now = Date.now()): IndexedCatalog {
  const file = userCatalogFile();
  const writes = userCatalogWriteCount();
  if (cachedIndex && cachedIndex.file === file && cachedIndex.writes === writes && now - cachedIndex.checkedAt < RECHECK_MILLISECONDS) {
    return cachedIndex.catalog;
  }
  const version = catalogVersion(file);
  if (cachedIndex?.version === version && cachedIndex.writes === writes) {
    cachedIndex.checkedAt = now;
    return cachedIndex.catalog;
  }
  let imported: ImportedModel[] = [];
  const warnings: string[] = [];
  try {
    imported = loadUserCatalog(file).models;
  } catch (error) {
    // One damaged file must not take out every estimate of the built-in catalog: skip it, say so.
    if (!(error instanceof UserDataError)) throw error;
    warnings.push(`imported models skipped: ${error.message}`);
  }
  const catalog = indexCatalog(imported, warnings);
  cachedIndex = { file, version, writes, checkedAt: now, catalog };
  return catalog;
}

/**
 * Drops the cached index: the next `modelIndex()` reads the file again. For a thread that shares the
 * config directory with another thread which writes it (the server's worker threads): this module's
 * write count is per thread, so the writer's import would otherwise be seen only at the next recheck.
 */
export function forgetModelIndex(): void {
  cachedIndex = undefined;
}

/** The built-in catalog plus imported models from any store (the config directory's file, a database). */
export function indexCatalog(imported: readonly ImportedModel[], warnings: string[] = []): IndexedCatalog {
  const filePrecisions = new Map<string, Precision>();
  for (const m of imported) if (m.precision) filePrecisions.set(m.spec.id, m.precision);
  return { index: new ModelIndex([...OPEN_MODELS, ...imported.map((m) => m.spec)]), filePrecisions, warnings };
}

/**
 * Whether a model argument names a file or folder rather than a catalog id. A name the catalog knows stays
 * a catalog name even if a folder of that name sits in the working directory (write ./name for the folder).
 * Under `allowedRoots` (a server's --allow-dir) only existence inside them counts, so the answer for a name
 * such as "apps/../../../etc/shadow" does not reveal whether that file exists.
 */
export function looksLikePath(value: string, isCatalogName = false, allowedRoots?: readonly string[]): boolean {
  if (
    /\.(gguf|safetensors|json)$/i.test(value) ||
    value.startsWith('.') ||
    value.startsWith('/') ||
    value.startsWith('~') ||
    /^[A-Za-z]:[\\/]/.test(value)
  )
    return true;
  if (isCatalogName) return false;
  return existsForReader(value, allowedRoots) && !/^[\w.-]+\/[\w.-]+$/.test(value);
}

/**
 * The model and precision to estimate. The model may be a catalog id or alias, an imported model, or a
 * path to weight files (read under `allowedRoots` when given); a file's exact tensors are its precision
 * unless `precision` asks for another. A config.json carries no weights, so it needs a precision.
 */
export async function resolveModel(
  model: string,
  precision: string | undefined,
  options: { allowedRoots?: readonly string[] | undefined; catalog?: IndexedCatalog | undefined } = {},
): Promise<{ model: OpenModelSpec; precision: Precision; warnings: string[] }> {
  const named = namedPrecision(precision);
  // A host with a store of its own (a database) passes its catalog; otherwise the config directory's file.
  const { index, filePrecisions, warnings } = options.catalog ?? modelIndex();
  if (looksLikePath(model, index.find(model) !== undefined, options.allowedRoots)) {
    const result = await inspectWeights(model, options.allowedRoots === undefined ? {} : { allowedRoots: options.allowedRoots });
    const chosen = named ? getPrecision(named) : result.precision;
    if (!chosen) throw new PrecisionRequiredError(`${model} holds no weights (config.json only): give a precision`);
    return { model: result.spec, precision: chosen, warnings };
  }
  const spec = index.get(model);
  const chosen = named ? getPrecision(named) : filePrecisions.get(spec.id);
  if (!chosen) throw new PrecisionRequiredError(`give a precision for ${spec.id} (e.g. Q4_K_M, Q8_0, BF16, FP8, AWQ-INT4)`);
  return { model: spec, precision: chosen, warnings };
}
