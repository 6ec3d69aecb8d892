import { HubError, type HubModelLookup, lookUpModel } from '@weightplan/hub';
import { UnknownNameError } from '@weightplan/match';
import type { ImportedModel, IndexedCatalog } from '@weightplan/user-data';
import { type HubProvenance, HubProvenanceSchema, type OpenModelSpec, OpenModelSpecSchema } from '@weightplan/weights';
import { z } from 'zod';
import type { ApiContext } from './context.js';
import { saveMetaOf, storeOf } from './store-access.js';

const COMMIT = /^[0-9a-f]{40}$/;

/** The spec a Hub look-up read, carrying where and when it was read. */
export function withHubSource(found: HubModelLookup): OpenModelSpec {
  const hubSource: HubProvenance = {
    repo: found.repo,
    quant: found.quant,
    revision: found.revision,
    commit: found.sha,
    lookedUpAt: new Date(found.fetchedAt).toISOString(),
    weightsBytes: found.inspect.weightsBytes,
  };
  return { ...found.inspect.spec, hubSource };
}

/**
 * A repository the Hub does not have is more often a typo of a model the catalog knows: the Hub's own
 * message, with the closest catalog names added (still a not-found, so still a 404).
 */
export function withClosestNames(error: unknown, reference: string, catalog: IndexedCatalog['index']): unknown {
  if (!(error instanceof HubError) || error.kind !== 'not-found' || !/no such repository/.test(error.message)) return error;
  let suggestions: readonly string[] = [];
  try {
    catalog.get(reference.replace(/:[^/]*$/, ''));
  } catch (lookup) {
    if (lookup instanceof UnknownNameError) suggestions = lookup.suggestions;
  }
  return suggestions.length > 0 ? new HubError('not-found', `${error.message}; closest catalog names: ${suggestions.join(', ')}`) : error;
}

export const RefreshOutcomeSchema = z.object({
  id: z.string(),
  /** `ORG/NAME` or `ORG/NAME:QUANT`, as it was pinned. */
  reference: z.string(),
  /**
   * `updated`: the revision moved to a new commit and the entry was replaced; `unchanged`: same commit;
   * `kept`: the Hub could not be asked (unreachable, slow, gated, gone) and the old entry stays as it was.
   */
  status: z.enum(['updated', 'unchanged', 'kept']),
  previous: HubProvenanceSchema,
  /** The provenance now in the catalog (the previous one when not updated). */
  current: HubProvenanceSchema,
  /** What moved with the commit: only the fields that differ. */
  changes: z.array(
    z.object({
      field: z.enum(['parameterCount', 'activeParameterCount', 'weightsBytes']),
      before: z.number().nullable(),
      after: z.number().nullable(),
    }),
  ),
  /** Why an entry was kept, or what the Hub warned about; one line each. */
  messages: z.array(z.string()),
});
export type RefreshOutcome = z.infer<typeof RefreshOutcomeSchema>;

export const RefreshResultSchema = z.object({
  refreshed: z.array(RefreshOutcomeSchema),
  /** Entries in the user catalog that were not pinned from the Hub (local files): nothing to refresh. */
  skippedLocal: z.number().int().nonnegative(),
});
export type RefreshResult = z.infer<typeof RefreshResultSchema>;

function referenceOf(source: HubProvenance): string {
  return source.quant ? `${source.repo}:${source.quant}` : source.repo;
}

/**
 * Re-reads pinned Hub models at their revision's current commit (a pin made at a commit sha is re-read at
 * `main`, the Hub's current revision). A model whose commit moved is replaced in the user catalog and the
 * change in parameters and bytes is reported; when the Hub cannot be asked the old entry stays and the
 * outcome says why. `id` (a pinned id or alias) refreshes one; without it, every pinned Hub model.
 */
export async function refreshHubPins(
  id: string | undefined,
  ctx: ApiContext & { hub: NonNullable<ApiContext['hub']> },
): Promise<RefreshResult> {
  const store = storeOf(ctx);
  const entries = await store.catalog.list();
  const wanted = id === undefined ? undefined : (await store.catalog.index()).index.get(id).id.toLowerCase();
  const chosen = entries.filter((m) => wanted === undefined || m.spec.id.toLowerCase() === wanted);
  const pinned = chosen.filter((m): m is ImportedModel & { spec: { hubSource: HubProvenance } } => m.spec.hubSource !== undefined);
  if (wanted !== undefined && pinned.length === 0)
    throw new HubError('not-found', `${id} was not pinned from the Hub (models add hf:ORG/NAME pins one); nothing to refresh`);
  const refreshed: RefreshOutcome[] = [];
  // One at a time: each look-up already reads its shards concurrently, and the Hub rate-limits bursts.
  for (const entry of pinned) refreshed.push(await refreshOne(entry, ctx));
  return { refreshed, skippedLocal: chosen.length - pinned.length };
}

async function refreshOne(
  entry: ImportedModel & { spec: { hubSource: HubProvenance } },
  ctx: ApiContext & { hub: NonNullable<ApiContext['hub']> },
) {
  const previous = entry.spec.hubSource;
  const reference = referenceOf(previous);
  const base = { id: entry.spec.id, reference, previous };
  const kept = (message: string): RefreshOutcome => ({ ...base, status: 'kept', current: previous, changes: [], messages: [message] });
  let found: Awaited<ReturnType<typeof lookUpModel>>;
  try {
    const revision = COMMIT.test(previous.revision) ? 'main' : previous.revision;
    found = await lookUpModel(reference, { ...ctx.hub, revision });
  } catch (error) {
    // The Hub's refusals and outages keep the entry; anything else is a bug and is not hidden.
    if (!(error instanceof HubError)) throw error;
    return kept(`kept the entry of commit ${previous.commit.slice(0, 7)}: ${error.message}`);
  }
  // A cached answer for the commit the Hub names now is a refresh; one served because the Hub is down is not.
  if (found.source === 'offline-cache') {
    const reason = (found.warnings.at(-1) ?? 'offline').replace(/: answered from the cached look-up.*$/, '');
    return kept(`kept the entry of commit ${previous.commit.slice(0, 7)}: the Hub could not be asked (${reason})`);
  }
  if (found.kind !== 'model') return kept(`kept the entry: ${reference} now answers a list of quantisations, not one model`);
  const spec = withHubSource(found);
  const current = spec.hubSource as HubProvenance;
  if (current.commit === previous.commit) {
    return { ...base, status: 'unchanged', current: previous, changes: [], messages: found.warnings } satisfies RefreshOutcome;
  }
  const changes: RefreshOutcome['changes'] = [];
  const compare = (field: RefreshOutcome['changes'][number]['field'], before: number | null, after: number | null) => {
    if (before !== after) changes.push({ field, before, after });
  };
  compare('parameterCount', entry.spec.parameterCount, spec.parameterCount);
  compare('activeParameterCount', entry.spec.activeParameterCount, spec.activeParameterCount);
  compare('weightsBytes', previous.weightsBytes, current.weightsBytes);
  // Keep the id the user pinned it under (a GGUF repository's quant lives in its alias, not its id).
  await storeOf(ctx).catalog.add(
    { spec: OpenModelSpecSchema.parse({ ...spec, id: entry.spec.id }), precision: found.inspect.precision },
    saveMetaOf(ctx),
  );
  return { ...base, status: 'updated', current, changes, messages: found.warnings } satisfies RefreshOutcome;
}
