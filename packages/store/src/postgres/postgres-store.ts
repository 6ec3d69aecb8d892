import type { HardwareInput } from '@weightplan/hardware';
import { type HubLookup, type HubLookupCache, parseCachedLookup } from '@weightplan/hub';
import { type PriceOverlay, PriceOverlaySchema } from '@weightplan/pricing';
import {
  type ImportedModel,
  ImportedModelSchema,
  type IndexedCatalog,
  indexCatalog,
  MAX_MEASUREMENTS,
  MAX_SAVED_PLANS,
  MAX_SAVED_PROFILES,
  type MeasurementDraft,
  type MeasurementRecord,
  MeasurementRecordSchema,
  measurementRecord,
  type Plan,
  type PlanDraft,
  PlanDraftSchema,
  PlanIdSchema,
  type PlanListing,
  PlanNotFoundError,
  type PlanPage,
  PlanSchema,
  PlanStoreFullError,
  type ProfileListing,
  type SavedProfile,
  SavedProfileSchema,
  UserDataError,
} from '@weightplan/user-data';
import pg from 'pg';
import type { z } from 'zod';
import { checkDocumentBytes, checkPlanBytes, checkRevision, samePlan } from '../file-store.js';
import { type Fleet, type FleetDraft, FleetDraftSchema, FleetSchema, MAX_FLEETS } from '../fleet.js';
import { decodeKeyCursor, encodeKeyCursor, type Page, type PageRequest, pageLimit } from '../page.js';
import { MAX_PLAN_HISTORY, newPlanId } from '../plan-id.js';
import type { MeasurementStore, Revisioned, SaveMeta, Store, StoreSource } from '../store.js';
import { RecordNotFoundError } from '../store-errors.js';
import {
  DocumentIdSchema,
  DocumentKindSchema,
  MAX_DOCUMENTS_PER_KIND,
  type StoredDocument,
  StoredDocumentSchema,
} from '../stored-document.js';
import { inTransaction, migrate, upgradeSchema } from './migrations.js';

interface RecordRow {
  key: string;
  sort_key: string;
  document: unknown;
  revision: number;
  saved_by: string;
  saved_at: Date;
}

interface WriteOptions {
  collection: string;
  key: string;
  what: string;
  expected: number | undefined;
  meta: SaveMeta;
  /** Keep the replaced revision in weightplan_record_history (plans). */
  keepHistory?: boolean;
  /** Refuse a new record when the collection holds this many. */
  capacity?: { count: number; error: () => Error };
  /** The record to write, given the one it replaces and its revision-to-be; with its sort key. */
  build: (previous: RecordRow | undefined, revision: number, savedAt: string) => { document: unknown; sortKey: string };
}

/** How long a replica trusts its cached model index before it asks the database again: imports by other replicas show within a second. */
const CATALOG_RECHECK_MILLISECONDS = 1000;

/** Most recently changed first, as a text key: the inverted epoch milliseconds, then the name. */
function planSortKey(plan: Plan): string {
  const inverted = 9_999_999_999_999 - new Date(plan.updatedAt).getTime();
  return `${String(inverted).padStart(13, '0')} ${plan.name}`;
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

export interface PostgresStoreOptions {
  /** Connections this process opens at most (default 10). */
  maxConnections?: number;
  /** Run the schema migrations on open (default true; `weightplan store migrate-schema` and tests may say false). */
  migrate?: boolean;
}

/**
 * The user's data in PostgreSQL, shared by every server replica that is given the same database URL.
 * Each collection's records are JSON documents with a revision column: a save naming the revision it read
 * runs `select … for update` in a transaction and fails with StoreConflictError (409) when the row moved
 * on, so concurrent saves never overwrite each other. A transaction holds each save, so a process killed
 * mid-save leaves the old revision or the new, never half.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private catalogCache: { at: number; catalog: IndexedCatalog } | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    /** The database URL without its password. */
    readonly location: string,
    /** With its password: only for source(). */
    private readonly databaseUrl: string,
  ) {}

  /** Connects, and (unless told not to) brings the schema up to date under the migration lock. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new UserDataError(
        'database URL',
        'must start with postgres:// or postgresql:// (e.g. postgres://user:password@host:5432/weightplan)',
      );
    }
    const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle connection the server drops (a restart, a failover) is replaced on next use; it must not crash the process.
    pool.on('error', (error) =>
      process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'database connection lost', error: error.message })}\n`),
    );
    const store = new PostgresStore(pool, redactDatabaseUrl(url), url);
    try {
      if (options.migrate !== false) await migrate(pool);
      else await pool.query('select 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  source(): StoreSource {
    return { kind: 'postgres', databaseUrl: this.databaseUrl };
  }

  forgetCachedCatalog(): void {
    this.catalogCache = undefined;
  }

  private async getRecord(collection: string, key: string): Promise<RecordRow | undefined> {
    const result = await this.pool.query<RecordRow>(
      'select key, sort_key, document, revision, saved_by, saved_at from weightplan_records where collection = $1 and key = $2',
      [collection, key],
    );
    return result.rows[0];
  }

  private async allRecords(collection: string): Promise<RecordRow[]> {
    const result = await this.pool.query<RecordRow>(
      'select key, sort_key, document, revision, saved_by, saved_at from weightplan_records where collection = $1 order by sort_key, key',
      [collection],
    );
    return result.rows;
  }

  private async pageRecords(
    collection: string,
    page: PageRequest,
  ): Promise<{ rows: RecordRow[]; total: number; nextCursor: string | null }> {
    const limit = pageLimit(page);
    const after = page.cursor === undefined ? undefined : decodeKeyCursor(page.cursor);
    const rows = (
      await this.pool.query<RecordRow>(
        `select key, sort_key, document, revision, saved_by, saved_at from weightplan_records
         where collection = $1 ${after ? 'and (sort_key, key) > ($3, $4)' : ''}
         order by sort_key, key limit $2`,
        after ? [collection, limit + 1, after[0], after[1]] : [collection, limit + 1],
      )
    ).rows;
    const total = Number(
      (await this.pool.query<{ n: string }>('select count(*) as n from weightplan_records where collection = $1', [collection])).rows[0]
        ?.n ?? 0,
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { rows: items, total, nextCursor: more && last ? encodeKeyCursor(last.sort_key, last.key) : null };
  }

  /**
   * One save: lock the row, check the revision the caller read, keep the replaced revision if asked,
   * write the next. A new key that another replica inserts at the same moment is retried as an update.
   */
  private async writeRecord(options: WriteOptions): Promise<unknown> {
    const { collection, key, meta } = options;
    const savedAt = (meta.now ?? new Date()).toISOString();
    for (let attempt = 0; attempt < 3; attempt++) {
      const client = await this.pool.connect();
      try {
        const written = await inTransaction(client, async () => {
          const previous = (
            await client.query<RecordRow>(
              'select key, sort_key, document, revision, saved_by, saved_at from weightplan_records where collection = $1 and key = $2 for update',
              [collection, key],
            )
          ).rows[0];
          checkRevision(options.what, options.expected, previous);
          const revision = (previous?.revision ?? 0) + 1;
          const { document, sortKey } = options.build(previous, revision, savedAt);
          if (previous) {
            if (options.keepHistory) {
              await client.query(
                `insert into weightplan_record_history (collection, key, revision, document, saved_by, saved_at)
                 values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
                [collection, key, previous.revision, JSON.stringify(previous.document), previous.saved_by, previous.saved_at],
              );
              await client.query(`delete from weightplan_record_history where collection = $1 and key = $2 and revision <= $3`, [
                collection,
                key,
                previous.revision - MAX_PLAN_HISTORY,
              ]);
            }
            await client.query(
              `update weightplan_records set document = $3, sort_key = $4, revision = $5, saved_by = $6, saved_at = $7
               where collection = $1 and key = $2`,
              [collection, key, JSON.stringify(document), sortKey, revision, meta.actor, savedAt],
            );
            return { document };
          }
          if (options.capacity) {
            const count = Number(
              (await client.query<{ n: string }>('select count(*) as n from weightplan_records where collection = $1', [collection]))
                .rows[0]?.n ?? 0,
            );
            if (count >= options.capacity.count) throw options.capacity.error();
          }
          const inserted = await client.query(
            `insert into weightplan_records (collection, key, sort_key, document, revision, saved_by, saved_at)
             values ($1, $2, $3, $4, $5, $6, $7) on conflict (collection, key) do nothing`,
            [collection, key, sortKey, JSON.stringify(document), revision, meta.actor, savedAt],
          );
          return inserted.rowCount === 1 ? { document } : undefined;
        });
        if (written) return written.document;
      } finally {
        client.release();
      }
    }
    throw new Error(`${options.what}: could not be saved after three attempts (another replica kept creating it)`);
  }

  /** Writes a record exactly as exported (its revision and author), replacing what the key holds. */
  private async restoreRecord(
    collection: string,
    key: string,
    sortKey: string,
    document: unknown,
    revision: number,
    savedBy: string,
    savedAt: string,
  ): Promise<void> {
    await this.pool.query(
      `insert into weightplan_records (collection, key, sort_key, document, revision, saved_by, saved_at)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (collection, key) do update set sort_key = excluded.sort_key, document = excluded.document,
         revision = excluded.revision, saved_by = excluded.saved_by, saved_at = excluded.saved_at`,
      [collection, key, sortKey, JSON.stringify(document), revision, savedBy, savedAt],
    );
  }

  private async removeRecord(collection: string, key: string): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      return await inTransaction(client, async () => {
        await client.query('delete from weightplan_record_history where collection = $1 and key = $2', [collection, key]);
        const result = await client.query('delete from weightplan_records where collection = $1 and key = $2', [collection, key]);
        return result.rowCount === 1;
      });
    } finally {
      client.release();
    }
  }

  private parsed<T>(schema: z.ZodType<T>, row: RecordRow, what: string): T {
    const result = schema.safeParse(row.document);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new UserDataError(what, `is damaged in the database (${issue?.path.join('.') || 'document'}: ${issue?.message})`);
    }
    return result.data;
  }

  private planWrite(id: string, expected: number | undefined, meta: SaveMeta, build: (previous: Plan | undefined) => Plan): Promise<Plan> {
    return this.writeRecord({
      collection: 'plan',
      key: id,
      what: `plan ${id}`,
      expected,
      meta,
      keepHistory: true,
      capacity: { count: MAX_SAVED_PLANS, error: () => new PlanStoreFullError('the database') },
      build: (previousRow, revision) => {
        const previous = previousRow ? this.parsed(PlanSchema, previousRow, `plan ${id}`) : undefined;
        const plan = PlanSchema.parse({ ...build(previous), revision, savedBy: meta.actor });
        checkPlanBytes(plan);
        return { document: plan, sortKey: planSortKey(plan) };
      },
    }) as Promise<Plan>;
  }

  readonly plans = {
    list: async (page: PlanPage = {}): Promise<PlanListing> => {
      const { rows, total, nextCursor } = await this.pageRecords('plan', page);
      const plans: Plan[] = [];
      const damaged: { file: string; reason: string }[] = [];
      for (const row of rows) {
        const parsed = PlanSchema.safeParse(row.document);
        if (parsed.success) plans.push(parsed.data);
        else damaged.push({ file: `plan ${row.key}`, reason: parsed.error.issues[0]?.message ?? 'damaged' });
      }
      return { plans, damaged, total, nextCursor };
    },
    get: async (id: string): Promise<Plan> => {
      const row = await this.getRecord('plan', PlanIdSchema.parse(id));
      if (!row) throw new PlanNotFoundError(id);
      return this.parsed(PlanSchema, row, `plan ${id}`);
    },
    history: async (id: string): Promise<Plan[]> => {
      const key = PlanIdSchema.parse(id);
      const rows = (
        await this.pool.query<{ document: unknown }>(
          'select document from weightplan_record_history where collection = $1 and key = $2 order by revision desc',
          ['plan', key],
        )
      ).rows;
      if (rows.length === 0 && !(await this.getRecord('plan', key))) throw new PlanNotFoundError(id);
      return rows.flatMap((r) => {
        const parsed = PlanSchema.safeParse(r.document);
        return parsed.success ? [parsed.data] : [];
      });
    },
    save: async (draft: PlanDraft & Revisioned, meta: SaveMeta): Promise<Plan> => {
      const { revision: expected, ...rest } = draft;
      const parsed = PlanDraftSchema.parse(rest);
      const now = (meta.now ?? new Date()).toISOString();
      const id = parsed.id ?? newPlanId(parsed.name);
      return this.planWrite(id, expected, meta, (previous) =>
        PlanSchema.parse({ ...parsed, schemaVersion: 1, id, createdAt: previous?.createdAt ?? now, updatedAt: now }),
      );
    },
    put: async (plan: Plan, meta: SaveMeta): Promise<Plan> => {
      const parsed = PlanSchema.parse(plan);
      const row = await this.getRecord('plan', parsed.id);
      const current = row ? PlanSchema.safeParse(row.document) : undefined;
      if (current?.success && samePlan(current.data, parsed)) return current.data;
      return this.planWrite(parsed.id, undefined, meta, () => parsed);
    },
    restore: async (plan: Plan, history: readonly Plan[]): Promise<void> => {
      const parsed = PlanSchema.parse(plan);
      checkPlanBytes(parsed);
      for (const earlier of history) {
        const entry = PlanSchema.parse({ ...earlier, id: parsed.id });
        await this.pool.query(
          `insert into weightplan_record_history (collection, key, revision, document, saved_by, saved_at)
           values ('plan', $1, $2, $3, $4, $5)
           on conflict (collection, key, revision) do update set document = excluded.document, saved_by = excluded.saved_by, saved_at = excluded.saved_at`,
          [parsed.id, entry.revision ?? 1, JSON.stringify(entry), entry.savedBy ?? 'unknown', entry.updatedAt],
        );
      }
      await this.restoreRecord(
        'plan',
        parsed.id,
        planSortKey(parsed),
        parsed,
        parsed.revision ?? 1,
        parsed.savedBy ?? 'unknown',
        parsed.updatedAt,
      );
    },
    remove: async (id: string) => this.removeRecord('plan', PlanIdSchema.parse(id)),
  };

  readonly profiles = {
    list: async (page: PageRequest = {}): Promise<ProfileListing> => {
      const { rows, total, nextCursor } = await this.pageRecords('profile', page);
      return { profiles: rows.map((r) => this.parsed(SavedProfileSchema, r, `saved machine ${r.key}`)), total, nextCursor };
    },
    all: async (): Promise<SavedProfile[]> =>
      (await this.allRecords('profile')).map((r) => this.parsed(SavedProfileSchema, r, `saved machine ${r.key}`)),
    save: async (input: { name: string; hardware: HardwareInput } & Revisioned, meta: SaveMeta): Promise<SavedProfile> => {
      const name = input.name.trim();
      return this.writeRecord({
        collection: 'profile',
        key: name.toLowerCase(),
        what: `saved machine ${name}`,
        expected: input.revision,
        meta,
        capacity: {
          count: MAX_SAVED_PROFILES,
          error: () =>
            new UserDataError(
              'the database',
              `holds ${MAX_SAVED_PROFILES} saved machines, the most it keeps: remove some (profiles.remove) first`,
            ),
        },
        build: (_previous, revision, savedAt) => ({
          document: SavedProfileSchema.parse({ name, hardware: input.hardware, savedAt, revision, savedBy: meta.actor }),
          sortKey: name.toLowerCase(),
        }),
      }) as Promise<SavedProfile>;
    },
    restore: async (profile: SavedProfile) => {
      const p = SavedProfileSchema.parse(profile);
      await this.restoreRecord(
        'profile',
        p.name.toLowerCase(),
        p.name.toLowerCase(),
        p,
        p.revision ?? 1,
        p.savedBy ?? 'unknown',
        p.savedAt,
      );
    },
    remove: async (name: string) => this.removeRecord('profile', name.trim().toLowerCase()),
  };

  readonly catalog = {
    list: async (): Promise<ImportedModel[]> =>
      (await this.allRecords('catalog')).map((r) => this.parsed(ImportedModelSchema, r, `imported model ${r.key}`)),
    index: async (): Promise<IndexedCatalog> => {
      const now = Date.now();
      if (this.catalogCache && now - this.catalogCache.at < CATALOG_RECHECK_MILLISECONDS) return this.catalogCache.catalog;
      const warnings: string[] = [];
      const imported: ImportedModel[] = [];
      for (const row of await this.allRecords('catalog')) {
        const parsed = ImportedModelSchema.safeParse(row.document);
        if (parsed.success) imported.push(parsed.data);
        else warnings.push(`imported model ${row.key} skipped: damaged in the database`);
      }
      const catalog = indexCatalog(imported, warnings);
      this.catalogCache = { at: now, catalog };
      return catalog;
    },
    add: async (model: Pick<ImportedModel, 'spec' | 'precision'>, meta: SaveMeta): Promise<ImportedModel> => {
      const key = model.spec.id.toLowerCase();
      const entry = await this.writeRecord({
        collection: 'catalog',
        key,
        what: `imported model ${model.spec.id}`,
        expected: undefined,
        meta,
        build: (_previous, _revision, savedAt) => ({
          document: ImportedModelSchema.parse({
            spec: model.spec,
            precision: model.precision,
            importedAt: savedAt,
            importedBy: meta.actor,
          }),
          sortKey: key,
        }),
      });
      this.catalogCache = undefined;
      return entry as ImportedModel;
    },
    restore: async (model: ImportedModel) => {
      const m = ImportedModelSchema.parse(model);
      const key = m.spec.id.toLowerCase();
      await this.restoreRecord('catalog', key, key, m, 1, m.importedBy ?? 'unknown', m.importedAt);
      this.catalogCache = undefined;
    },
    remove: async (id: string) => {
      const removed = await this.removeRecord('catalog', id.toLowerCase());
      this.catalogCache = undefined;
      return removed;
    },
  };

  readonly prices = {
    get: async (): Promise<PriceOverlay | undefined> => {
      const row = await this.getRecord('prices', 'overlay');
      return row ? this.parsed(PriceOverlaySchema, row, 'price overlay') : undefined;
    },
    set: async (overlay: PriceOverlay, meta: SaveMeta): Promise<void> => {
      const parsed = PriceOverlaySchema.parse(overlay);
      await this.writeRecord({
        collection: 'prices',
        key: 'overlay',
        what: 'price overlay',
        expected: undefined,
        meta,
        build: () => ({ document: parsed, sortKey: 'overlay' }),
      });
    },
  };

  readonly fleets = {
    list: async (page: PageRequest = {}): Promise<Page<Fleet>> => {
      const { rows, total, nextCursor } = await this.pageRecords('fleet', page);
      return { items: rows.map((r) => this.parsed(FleetSchema, r, `fleet ${r.key}`)), total, nextCursor };
    },
    get: async (name: string): Promise<Fleet> => {
      const row = await this.getRecord('fleet', name.trim().toLowerCase());
      if (!row) throw new RecordNotFoundError(`fleet ${name}`, 'no fleet has this name (see fleets.list)');
      return this.parsed(FleetSchema, row, `fleet ${name}`);
    },
    save: async (draft: FleetDraft, meta: SaveMeta): Promise<Fleet> => {
      const parsed = FleetDraftSchema.parse(draft);
      const key = parsed.name.toLowerCase();
      return this.writeRecord({
        collection: 'fleet',
        key,
        what: `fleet ${parsed.name}`,
        expected: parsed.revision,
        meta,
        capacity: { count: MAX_FLEETS, error: () => new UserDataError('the database', `holds ${MAX_FLEETS} fleets, the most it keeps`) },
        build: (_previous, revision, savedAt) => ({
          document: FleetSchema.parse({ name: parsed.name, machines: parsed.machines, savedAt, revision, savedBy: meta.actor }),
          sortKey: key,
        }),
      }) as Promise<Fleet>;
    },
    restore: async (fleet: Fleet) => {
      const f = FleetSchema.parse(fleet);
      const key = f.name.toLowerCase();
      await this.restoreRecord('fleet', key, key, f, f.revision, f.savedBy, f.savedAt);
    },
    remove: async (name: string) => this.removeRecord('fleet', name.trim().toLowerCase()),
  };

  /** Rows of the `measurement` collection, keyed by the record's id; the list is sorted here (at most 1,000). */
  readonly measurements: MeasurementStore = {
    list: async () =>
      (await this.allRecords('measurement'))
        .map((row) => this.parsed(MeasurementRecordSchema, row, `measurement ${row.key}`))
        .sort((a, b) => b.measuredAt.localeCompare(a.measuredAt)),
    save: async (draft: MeasurementDraft, meta: SaveMeta) => {
      const record = measurementRecord(draft, meta.now);
      return this.writeRecord({
        collection: 'measurement',
        key: record.id,
        what: `measurement ${record.id}`,
        expected: undefined,
        meta,
        capacity: {
          count: MAX_MEASUREMENTS,
          error: () =>
            new UserDataError(
              'measurements',
              `holds ${MAX_MEASUREMENTS} measurements, the most it keeps: forget some (bench --forget ID) first`,
            ),
        },
        build: () => ({ document: record, sortKey: record.id }),
      }) as Promise<MeasurementRecord>;
    },
    restore: async (record: MeasurementRecord) => {
      const parsed = MeasurementRecordSchema.parse(record);
      await this.restoreRecord('measurement', parsed.id, parsed.id, parsed, 1, 'import', parsed.measuredAt);
    },
    forget: async (id?: string) => {
      const result =
        id === undefined
          ? await this.pool.query("delete from weightplan_records where collection = 'measurement'")
          : await this.pool.query("delete from weightplan_records where collection = 'measurement' and key = $1", [id.toLowerCase()]);
      return result.rowCount ?? 0;
    },
    version: async () => {
      // Every save bumps its row's revision and every forget removes rows: the two sums move with each change.
      const row = (
        await this.pool.query<{ n: string; revisions: string | null; latest: Date | null }>(
          "select count(*) as n, sum(revision) as revisions, max(saved_at) as latest from weightplan_records where collection = 'measurement'",
        )
      ).rows[0];
      return `${this.location}|${row?.n ?? 0}|${row?.revisions ?? 0}|${row?.latest?.toISOString() ?? ''}`;
    },
  };

  readonly documents = {
    kinds: async (): Promise<string[]> =>
      (
        await this.pool.query<{ collection: string }>(
          `select distinct collection from weightplan_records where collection like 'document:%' order by collection`,
        )
      ).rows.map((r) => r.collection.slice('document:'.length)),
    list: async (kind: string, page: PageRequest = {}): Promise<Page<StoredDocument>> => {
      const { rows, total, nextCursor } = await this.pageRecords(`document:${DocumentKindSchema.parse(kind)}`, page);
      return { items: rows.map((r) => this.parsed(StoredDocumentSchema, r, `${kind} ${r.key}`)), total, nextCursor };
    },
    get: async (kind: string, id: string): Promise<StoredDocument | undefined> => {
      const row = await this.getRecord(`document:${DocumentKindSchema.parse(kind)}`, DocumentIdSchema.parse(id));
      return row ? this.parsed(StoredDocumentSchema, row, `${kind} ${id}`) : undefined;
    },
    put: async (kind: string, id: string, body: unknown, meta: SaveMeta & Revisioned): Promise<StoredDocument> => {
      checkDocumentBytes(body);
      const collection = `document:${DocumentKindSchema.parse(kind)}`;
      const key = DocumentIdSchema.parse(id);
      return this.writeRecord({
        collection,
        key,
        what: `${kind} ${id}`,
        expected: meta.revision,
        meta,
        capacity: {
          count: MAX_DOCUMENTS_PER_KIND,
          error: () =>
            new UserDataError(kind, `holds ${MAX_DOCUMENTS_PER_KIND.toLocaleString('en-US')} documents, the most one kind keeps`),
        },
        build: (_previous, revision, savedAt) => ({
          document: StoredDocumentSchema.parse({ kind, id, body, revision, savedAt, savedBy: meta.actor }),
          sortKey: key,
        }),
      }) as Promise<StoredDocument>;
    },
    restore: async (document: StoredDocument) => {
      const d = StoredDocumentSchema.parse(document);
      await this.restoreRecord(`document:${d.kind}`, d.id, d.id, d, d.revision, d.savedBy, d.savedAt);
    },
    remove: async (kind: string, id: string) => this.removeRecord(`document:${DocumentKindSchema.parse(kind)}`, DocumentIdSchema.parse(id)),
  };

  readonly hubCache: HubLookupCache = {
    directory: "the database's weightplan_hub_cache table",
    get: async (repo: string, sha: string, quant: string | null): Promise<HubLookup | undefined> => {
      const row = (
        await this.pool.query<{ lookup: unknown }>('select lookup from weightplan_hub_cache where repo = $1 and sha = $2 and quant = $3', [
          repo.toLowerCase(),
          sha,
          quant?.toUpperCase() ?? '',
        ])
      ).rows[0];
      return row ? parseCachedLookup(row.lookup) : undefined;
    },
    latest: async (repo: string, quant: string | null): Promise<HubLookup | undefined> => {
      const row = (
        await this.pool.query<{ lookup: unknown }>(
          'select lookup from weightplan_hub_cache where repo = $1 and quant = $2 order by saved_at desc limit 1',
          [repo.toLowerCase(), quant?.toUpperCase() ?? ''],
        )
      ).rows[0];
      return row ? parseCachedLookup(row.lookup) : undefined;
    },
    put: async (lookup: HubLookup, askedQuant: string | null): Promise<void> => {
      await this.pool.query(
        `insert into weightplan_hub_cache (repo, sha, quant, lookup) values ($1, $2, $3, $4)
         on conflict (repo, sha, quant) do update set lookup = excluded.lookup, saved_at = now()`,
        [lookup.repo.toLowerCase(), lookup.sha, askedQuant?.toUpperCase() ?? '', JSON.stringify(lookup)],
      );
    },
  };
}

/** Brings a database's schema up to date and disconnects; what was applied, and the version it is at now. */
export async function upgradeDatabaseSchema(url: string): Promise<{ applied: number[]; version: number }> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new UserDataError('database URL', 'must start with postgres:// or postgresql://');
  }
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  try {
    return await upgradeSchema(pool);
  } finally {
    await pool.end();
  }
}
