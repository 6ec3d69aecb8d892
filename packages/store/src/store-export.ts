import { PriceOverlaySchema } from '@weightplan/pricing';
import {
  ImportedModelSchema,
  MAX_PLAN_PAGE,
  MeasurementRecordSchema,
  PlanSchema,
  SavedProfileSchema,
  UserDataError,
} from '@weightplan/user-data';
import { z } from 'zod';
import { FleetSchema } from './fleet.js';
import type { Store } from './store.js';
import { StoredDocumentSchema } from './stored-document.js';

/**
 * The whole store as one JSON document: a backup, and the way from the config directory's files to a
 * database (`weightplan store migrate --to postgres://…`). The Hub look-up cache is left out: it is a
 * cache, refilled on demand (a pinned Hub model lives in the catalog and is exported with it).
 */
export const StoreExportSchema = z.object({
  format: z.literal('weightplan-store'),
  schemaVersion: z.literal(1),
  exportedAt: z.iso.datetime(),
  plans: z.array(z.object({ plan: PlanSchema, history: z.array(PlanSchema) })),
  profiles: z.array(SavedProfileSchema),
  catalog: z.array(ImportedModelSchema),
  prices: PriceOverlaySchema.nullable(),
  fleets: z.array(FleetSchema),
  documents: z.array(StoredDocumentSchema),
  /** What `bench` measured (absent in exports written before measurements moved into the store). */
  measurements: z.array(MeasurementRecordSchema).default([]),
});

export type StoreExport = z.infer<typeof StoreExportSchema>;

export interface ImportSummary {
  plans: number;
  planRevisions: number;
  profiles: number;
  catalog: number;
  prices: boolean;
  fleets: number;
  documents: number;
  measurements: number;
}

async function everyPage<T>(next: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await next(cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

export async function exportStore(store: Store, now = new Date()): Promise<StoreExport> {
  const plans = await everyPage(async (cursor) => {
    const page = await store.plans.list({ limit: MAX_PLAN_PAGE, cursor });
    if (cursor === undefined && page.damaged.length > 0) {
      // A backup that silently left plans out would be found out only when it is needed.
      throw new UserDataError(
        page.damaged[0]?.file ?? 'plan',
        `is damaged (${page.damaged[0]?.reason}); fix or move the ${page.damaged.length} damaged plan(s) before exporting`,
      );
    }
    return { items: page.plans, nextCursor: page.nextCursor };
  });
  const fleets = await everyPage(async (cursor) => store.fleets.list({ limit: MAX_PLAN_PAGE, cursor }));
  const documents = [];
  for (const kind of await store.documents.kinds()) {
    documents.push(...(await everyPage(async (cursor) => store.documents.list(kind, { limit: MAX_PLAN_PAGE, cursor }))));
  }
  return {
    format: 'weightplan-store',
    schemaVersion: 1,
    exportedAt: now.toISOString(),
    plans: await Promise.all(plans.map(async (plan) => ({ plan, history: await store.plans.history(plan.id) }))),
    profiles: await store.profiles.all(),
    catalog: await store.catalog.list(),
    prices: (await store.prices.get()) ?? null,
    fleets,
    documents,
    measurements: await store.measurements.list(),
  };
}

/** Reads an export document; the message names the first wrong field. */
export function parseStoreExport(text: string): StoreExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserDataError('store export', 'is not JSON: the output of `weightplan store export` is expected');
  }
  const parsed = StoreExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserDataError(
      'store export',
      `${issue?.path.join('.') || 'document'}: ${issue?.message} (format weightplan-store, schemaVersion 1)`,
    );
  }
  return parsed.data;
}

/**
 * Writes an export into a store exactly as exported (revisions, authors and times kept). Records the store
 * already holds under the same key are replaced; others are left as they are.
 */
export async function importStore(store: Store, data: StoreExport): Promise<ImportSummary> {
  const parsed = StoreExportSchema.parse(data);
  let planRevisions = 0;
  for (const { plan, history } of parsed.plans) {
    await store.plans.restore(plan, history);
    planRevisions += 1 + history.length;
  }
  for (const profile of parsed.profiles) await store.profiles.restore(profile);
  for (const model of parsed.catalog) await store.catalog.restore(model);
  if (parsed.prices) await store.prices.set(parsed.prices, { actor: 'import' });
  for (const fleet of parsed.fleets) await store.fleets.restore(fleet);
  for (const document of parsed.documents) await store.documents.restore(document);
  for (const record of parsed.measurements) await store.measurements.restore(record);
  return {
    plans: parsed.plans.length,
    planRevisions,
    profiles: parsed.profiles.length,
    catalog: parsed.catalog.length,
    prices: parsed.prices !== null,
    fleets: parsed.fleets.length,
    documents: parsed.documents.length,
    measurements: parsed.measurements.length,
  };
}
