import { formatBytes } from '@weightplan/format';
import { HubError, type HubModelLookup, lookUpModel } from '@weightplan/hub';
import { InvalidInputError, UnknownNameError } from '@weightplan/match';
import { namedPrecision, PrecisionRequiredError, resolveModel } from '@weightplan/user-data';
import { getPrecision, type OpenModelSpec, type Precision } from '@weightplan/weights';
import type { ApiContext } from './context.js';
import { withHubSource } from './hub-pins.js';
import { storeOf } from './store-access.js';

/** "ORG/NAME" or "ORG/NAME:QUANT", the way the Hub, Ollama and llama.cpp's -hf name a repository. */
export const HUB_ID = /^[\w.-]+\/[\w.-]+(:[\w.-]+)?$/;

export interface ResolvedModel {
  model: OpenModelSpec;
  precision: Precision;
  /** Said with the answer: a skipped damaged catalog, a Hub answer served from the cache. */
  warnings: string[];
}

/**
 * A repository the Hub describes: its model read from the weight headers, the GGUF quantisation named, or,
 * for a GGUF repository named without one, an error that lists what it offers.
 */
export async function lookUpOnHub(id: string, ctx: ApiContext): Promise<HubModelLookup> {
  const found = await lookUpModel(id, ctx.hub ?? {}, storeOf(ctx).hubCache);
  if (found.kind === 'quants') {
    const offers = found.quants.map((q) => `${q.quant}${q.bytes === null ? '' : ` (${formatBytes(q.bytes)})`}`).join(', ');
    throw new InvalidInputError(
      `${found.repo} is a GGUF repository: name a quantisation, e.g. ${found.repo}:${found.quants[0]?.quant ?? 'Q4_K_M'}; it offers ${offers}`,
    );
  }
  return found;
}

/**
 * The model (and precision) a request names: a catalog id or alias, an imported model, a path under the
 * allowed folders, or — when the host lets it reach the Hugging Face Hub — any repository on the Hub, read
 * exactly from its headers. The catalogs answer first, so a known model never costs a request.
 */
export async function resolveModelInput(name: string, precision: string | undefined, ctx: ApiContext): Promise<ResolvedModel> {
  let unknown: UnknownNameError;
  try {
    return await resolveModel(name, precision, { allowedRoots: ctx.allowedRoots, catalog: await storeOf(ctx).catalog.index() });
  } catch (error) {
    if (!(error instanceof UnknownNameError) || !ctx.hub || !HUB_ID.test(name)) throw error;
    unknown = error;
  }
  let found: HubModelLookup;
  try {
    found = await lookUpOnHub(name, ctx);
  } catch (error) {
    // Not on the Hub either: a typo is likelier than a missing repository, so answer with the closest catalog names.
    if (error instanceof HubError && error.kind === 'not-found') {
      throw new UnknownNameError('model', name, unknown.suggestions, 'in neither catalog nor on the Hugging Face Hub');
    }
    throw error;
  }
  const named = namedPrecision(precision);
  const chosen = named ? getPrecision(named) : found.inspect.precision;
  if (!chosen) throw new PrecisionRequiredError(`${found.repo} has a config.json but no weights to read: give a precision`);
  const where = found.source === 'hub' ? 'looked up on the Hub' : 'from the Hub look-up cache';
  return {
    model: withHubSource(found),
    precision: chosen,
    warnings: [`${found.repo}${found.quant ? `:${found.quant}` : ''}: ${where}, commit ${found.sha.slice(0, 7)}`, ...found.warnings],
  };
}
