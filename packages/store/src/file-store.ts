import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HardwareInput } from '@weightplan/hardware';
import { type PriceOverlay, PriceOverlaySchema } from '@weightplan/pricing';
import {
  addToUserCatalog,
  configDirectory,
  forgetMeasurements,
  forgetModelIndex,
  getPlan,
  type ImportedModel,
  type IndexedCatalog,
  indexCatalog,
  listMeasurements,
  listPlans,
  loadPriceOverlay,
  loadUserCatalog,
  MAX_PLAN_BYTES,
  MAX_SAVED_PLANS,
  MAX_SAVED_PROFILES,
  type MeasurementDraft,
  type MeasurementRecord,
  measurementsFile,
  modelIndex,
  PLAN_FILE_SUFFIX,
  type Plan,
  type PlanDraft,
  PlanDraftSchema,
  PlanIdSchema,
  PlanNotFoundError,
  type PlanPage,
  PlanSchema,
  PlanStoreFullError,
  pageProfiles,
  plansDirectory,
  priceOverlayFile,
  profilesFile,
  putMeasurement,
  readJsonFile,
  removeFromUserCatalog,
  removeProfile,
  type SavedProfile,
  SavedProfileSchema,
  SavedProfilesSchema,
  saveMeasurement,
  UserCatalogSchema,
  UserDataError,
  updateJsonFile,
  userCatalogFile,
  userCatalogWriteCount,
  withFileLock,
  writeJsonFile,
} from '@weightplan/user-data';
import { z } from 'zod';
import { type Fleet, type FleetDraft, FleetDraftSchema, FleetSchema, MAX_FLEETS } from './fleet.js';
import { type Page, type PageRequest, pageOf, sortByKeys } from './page.js';
import { MAX_PLAN_HISTORY, newPlanId } from './plan-id.js';
import type { MeasurementStore, Revisioned, SaveMeta, Store, StoreSource } from './store.js';
import { RecordNotFoundError, StoreConflictError } from './store-errors.js';
import {
  DocumentIdSchema,
  DocumentKindSchema,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENTS_PER_KIND,
  type StoredDocument,
  StoredDocumentSchema,
} from './stored-document.js';

/** Checks a save against the revision its caller read; a missing record counts as removed. */
export function checkRevision(what: string, expected: number | undefined, current: { revision?: number | undefined } | undefined): void {
  if (expected === undefined) return;
  if (!current) throw new StoreConflictError(what, expected, null);
  const revision = current.revision ?? 1;
  if (revision !== expected) throw new StoreConflictError(what, expected, revision);
}

/** The revision after `current` (a record written before revisions were kept counts as revision 1). */
export function nextRevision(current: { revision?: number | undefined } | undefined): number {
  return current ? (current.revision ?? 1) + 1 : 1;
}

/** Whether two plans say the same, whoever saved them: reopening a plan's own file is not a new revision. */
export function samePlan(a: Plan, b: Plan): boolean {
  const { revision: _ra, savedBy: _sa, ...restA } = PlanSchema.parse(a);
  const { revision: _rb, savedBy: _sb, ...restB } = PlanSchema.parse(b);
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/** Refuses a plan larger than a plan can reasonably be (the same bound the file store always had). */
export function checkPlanBytes(plan: Plan): void {
  const bytes = Buffer.byteLength(`${JSON.stringify(plan, null, 2)}\n`);
  if (bytes > MAX_PLAN_BYTES) {
    throw new UserDataError(
      'plan',
      `is ${Math.ceil(bytes / 1024)} KB: a saved plan may be at most ${MAX_PLAN_BYTES / 1024} KB (notes at most 20,000 characters)`,
    );
  }
}

export function checkDocumentBytes(body: unknown): void {
  const text = JSON.stringify(body);
  if (text === undefined) throw new UserDataError('document', 'is not JSON');
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) {
    throw new UserDataError('document', `is larger than ${MAX_DOCUMENT_BYTES / 1024} KB as JSON, the most a stored document may be`);
  }
}

const FleetsFileSchema = z.object({ schemaVersion: z.literal(1), fleets: z.array(FleetSchema) });
const DocumentFileSchema = StoredDocumentSchema.extend({ schemaVersion: z.literal(1) });

const fleetKeys = (f: Fleet): [string, string] => [f.name.toLowerCase(), f.name];
const documentKeys = (d: StoredDocument): [string, string] => [d.id, d.id];

export interface FileStoreOptions {
  /** The config directory; default: WEIGHTPLAN_CONFIG_DIR or the platform's (see configDirectory()). */
  directory?: string;
}

/**
 * The user's data as files in the config directory, in the formats Weightplan has always written:
 * plans/<id>.weightplan.json, profiles.json, models.json, prices.json, plus fleets.json, documents/<kind>/<id>.json
 * and plans/.history/<id>/<revision>.json. Every write is atomic (temporary file, fsync, rename) and every
 * read-modify-write holds the file's lock; a damaged file is reported and never overwritten.
 */
export class FileStore implements Store {
  readonly kind = 'files' as const;
  readonly hubCache = undefined;
  private readonly fixedDirectory: string | undefined;
  private catalogCache: { version: string; catalog: IndexedCatalog } | undefined;

  constructor(options: FileStoreOptions = {}) {
    this.fixedDirectory = options.directory === undefined ? undefined : resolve(options.directory);
  }

  /** Without a directory of its own, the config directory as it is at each call (WEIGHTPLAN_CONFIG_DIR may change, as in tests). */
  private get directory(): string {
    return this.fixedDirectory ?? resolve(configDirectory());
  }

  get location(): string {
    return this.directory;
  }

  /** Without a directory of its own, none: the other thread follows WEIGHTPLAN_CONFIG_DIR as this one does. */
  source(): StoreSource {
    return { kind: 'files', directory: this.fixedDirectory };
  }

  forgetCachedCatalog(): void {
    this.catalogCache = undefined;
    // The default config directory's index is user-data's, shared by the whole thread.
    forgetModelIndex();
  }

  private get plansDir(): string {
    return plansDirectory(this.directory);
  }

  private planFile(id: string): string {
    return join(this.plansDir, `${PlanIdSchema.parse(id)}${PLAN_FILE_SUFFIX}`);
  }

  private historyDir(id: string): string {
    return join(this.plansDir, '.history', PlanIdSchema.parse(id));
  }

  private readHistory(id: string): Plan[] {
    const directory = this.historyDir(id);
    let names: string[];
    try {
      names = readdirSync(directory).filter((n) => /^\d+\.json$/.test(n));
    } catch {
      return [];
    }
    const plans: Plan[] = [];
    for (const name of names) {
      try {
        const plan = readJsonFile(join(directory, name), PlanSchema);
        if (plan) plans.push(plan);
      } catch {
        // A damaged history entry is skipped: the current plan is what matters, and the file stays for a person to look at.
      }
    }
    return plans.sort((a, b) => (b.revision ?? 1) - (a.revision ?? 1));
  }

  /** Moves the plan being replaced into its history, and drops the oldest beyond MAX_PLAN_HISTORY. */
  private archive(previous: Plan): void {
    const directory = this.historyDir(previous.id);
    mkdirSync(directory, { recursive: true });
    const revision = previous.revision ?? 1;
    writeJsonFile(join(directory, `${revision}.json`), { ...previous, revision });
    const names = readdirSync(directory)
      .filter((n) => /^\d+\.json$/.test(n))
      .sort((a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10));
    for (const stale of names.slice(MAX_PLAN_HISTORY)) rmSync(join(directory, stale), { force: true });
  }

  private checkCapacity(id: string): void {
    if (existsSync(this.planFile(id))) return;
    let count = 0;
    try {
      count = readdirSync(this.plansDir).filter((n) => n.endsWith(PLAN_FILE_SUFFIX)).length;
    } catch {
      count = 0;
    }
    if (count >= MAX_SAVED_PLANS) throw new PlanStoreFullError(this.plansDir);
  }

  /** Writes the next revision of a plan under its lock; `build` makes it from the one it replaces. */
  private writePlan(id: string, expected: number | undefined, meta: SaveMeta, build: (previous: Plan | undefined) => Plan): Plan {
    const file = this.planFile(id);
    mkdirSync(this.plansDir, { recursive: true });
    return withFileLock(file, () => {
      const previous = readJsonFile(file, PlanSchema);
      checkRevision(`plan ${id}`, expected, previous);
      const plan = PlanSchema.parse({ ...build(previous), revision: nextRevision(previous), savedBy: meta.actor });
      checkPlanBytes(plan);
      this.checkCapacity(id);
      if (previous) this.archive(previous);
      writeJsonFile(file, plan);
      return plan;
    });
  }

  readonly plans = {
    list: async (page: PlanPage = {}) => listPlans(this.plansDir, page),
    get: async (id: string) => getPlan(id, this.plansDir),
    history: async (id: string) => {
      const history = this.readHistory(id);
      if (history.length === 0 && !readJsonFile(this.planFile(id), PlanSchema)) throw new PlanNotFoundError(id);
      return history;
    },
    save: async (draft: PlanDraft & Revisioned, meta: SaveMeta) => {
      const { revision: expected, ...rest } = draft;
      const parsed = PlanDraftSchema.parse(rest);
      const now = (meta.now ?? new Date()).toISOString();
      const id = parsed.id ?? newPlanId(parsed.name);
      return this.writePlan(id, expected, meta, (previous) =>
        PlanSchema.parse({ ...parsed, schemaVersion: 1, id, createdAt: previous?.createdAt ?? now, updatedAt: now }),
      );
    },
    put: async (plan: Plan, meta: SaveMeta) => {
      const parsed = PlanSchema.parse(plan);
      const current = readJsonFile(this.planFile(parsed.id), PlanSchema);
      if (current && samePlan(current, parsed)) return current;
      return this.writePlan(parsed.id, undefined, meta, () => parsed);
    },
    restore: async (plan: Plan, history: readonly Plan[]) => {
      const parsed = PlanSchema.parse(plan);
      checkPlanBytes(parsed);
      const file = this.planFile(parsed.id);
      mkdirSync(this.plansDir, { recursive: true });
      withFileLock(file, () => {
        this.checkCapacity(parsed.id);
        for (const earlier of history) this.archive(PlanSchema.parse({ ...earlier, id: parsed.id }));
        writeJsonFile(file, parsed);
      });
    },
    remove: async (id: string) => {
      const file = this.planFile(id);
      return withFileLock(file, () => {
        const existed = readJsonFile(file, PlanSchema) !== undefined;
        if (existed) rmSync(file);
        rmSync(this.historyDir(id), { recursive: true, force: true });
        return existed;
      });
    },
  };

  readonly profiles = {
    list: async (page: PageRequest = {}) => pageProfiles(page, profilesFile(this.directory)),
    all: async () => readJsonFile(profilesFile(this.directory), SavedProfilesSchema)?.profiles ?? [],
    save: async (input: { name: string; hardware: HardwareInput } & Revisioned, meta: SaveMeta) => {
      const file = profilesFile(this.directory);
      return updateJsonFile(file, SavedProfilesSchema, (current) => {
        const all = current?.profiles ?? [];
        const previous = all.find((p) => p.name.toLowerCase() === input.name.trim().toLowerCase());
        checkRevision(`saved machine ${input.name}`, input.revision, previous);
        const entry = SavedProfileSchema.parse({
          name: input.name,
          hardware: input.hardware,
          savedAt: (meta.now ?? new Date()).toISOString(),
          revision: nextRevision(previous),
          savedBy: meta.actor,
        });
        const others = all.filter((p) => p !== previous);
        if (others.length >= MAX_SAVED_PROFILES) {
          throw new UserDataError(
            file,
            `holds ${MAX_SAVED_PROFILES} saved machines, the most it keeps: remove some (profiles.remove) first`,
          );
        }
        return { next: { schemaVersion: 1, profiles: [...others, entry].sort((a, b) => a.name.localeCompare(b.name)) }, result: entry };
      });
    },
    restore: async (profile: SavedProfile) => {
      const entry = SavedProfileSchema.parse(profile);
      updateJsonFile(profilesFile(this.directory), SavedProfilesSchema, (current) => {
        const others = (current?.profiles ?? []).filter((p) => p.name.toLowerCase() !== entry.name.toLowerCase());
        return { next: { schemaVersion: 1, profiles: [...others, entry].sort((a, b) => a.name.localeCompare(b.name)) }, result: undefined };
      });
    },
    remove: async (name: string) => removeProfile(name, profilesFile(this.directory)),
  };

  readonly catalog = {
    list: async () => loadUserCatalog(userCatalogFile(this.directory)).models,
    index: async () => this.catalogIndex(),
    add: async (model: Pick<ImportedModel, 'spec' | 'precision'>, meta: SaveMeta) => {
      const catalog = addToUserCatalog(
        { spec: model.spec, precision: model.precision, importedBy: meta.actor },
        userCatalogFile(this.directory),
        meta.now,
      );
      const entry = catalog.models.find((m) => m.spec.id.toLowerCase() === model.spec.id.toLowerCase());
      if (!entry) throw new Error(`imported model ${model.spec.id} missing after its write`);
      return entry;
    },
    restore: async (model: ImportedModel) => {
      updateJsonFile(userCatalogFile(this.directory), UserCatalogSchema, (current) => {
        const others = (current?.models ?? []).filter((m) => m.spec.id.toLowerCase() !== model.spec.id.toLowerCase());
        return { next: { schemaVersion: 1, models: [...others, model] }, result: undefined };
      });
      // Not counted as a write by user-data (as add and remove are): without this, a store import's models
      // were unknown to this process's estimates for up to a second.
      this.forgetCachedCatalog();
    },
    remove: async (id: string) => removeFromUserCatalog(id, userCatalogFile(this.directory)),
  };

  /** The default config directory shares user-data's process-wide cache; another one keeps its own, by file state. */
  private catalogIndex(): IndexedCatalog {
    if (this.fixedDirectory === undefined || this.directory === resolve(configDirectory())) return modelIndex();
    const file = userCatalogFile(this.directory);
    let version: string;
    try {
      const info = statSync(file);
      version = `${info.ino}|${info.mtimeMs}|${info.size}|${userCatalogWriteCount()}`;
    } catch {
      version = `absent|${userCatalogWriteCount()}`;
    }
    if (this.catalogCache?.version === `${file}|${version}`) return this.catalogCache.catalog;
    const warnings: string[] = [];
    let imported: ImportedModel[] = [];
    try {
      imported = loadUserCatalog(file).models;
    } catch (error) {
      if (!(error instanceof UserDataError)) throw error;
      warnings.push(`imported models skipped: ${error.message}`);
    }
    const catalog = indexCatalog(imported, warnings);
    this.catalogCache = { version: `${file}|${version}`, catalog };
    return catalog;
  }

  readonly prices = {
    get: async () => loadPriceOverlay(priceOverlayFile(this.directory)),
    set: async (overlay: PriceOverlay, _meta: SaveMeta) => {
      const parsed = PriceOverlaySchema.parse(overlay);
      updateJsonFile(priceOverlayFile(this.directory), PriceOverlaySchema, () => ({ next: parsed, result: undefined }));
    },
  };

  private get fleetsFile(): string {
    return join(this.directory, 'fleets.json');
  }

  private allFleets(): Fleet[] {
    return readJsonFile(this.fleetsFile, FleetsFileSchema)?.fleets ?? [];
  }

  private writeFleet(fleet: Fleet): void {
    updateJsonFile(this.fleetsFile, FleetsFileSchema, (current) => {
      const others = (current?.fleets ?? []).filter((f) => f.name.toLowerCase() !== fleet.name.toLowerCase());
      if (others.length >= MAX_FLEETS) throw new UserDataError(this.fleetsFile, `holds ${MAX_FLEETS} fleets, the most it keeps`);
      return { next: { schemaVersion: 1, fleets: sortByKeys([...others, fleet], fleetKeys) }, result: undefined };
    });
  }

  readonly fleets = {
    list: async (page: PageRequest = {}): Promise<Page<Fleet>> => pageOf(sortByKeys(this.allFleets(), fleetKeys), fleetKeys, page),
    get: async (name: string) => {
      const fleet = this.allFleets().find((f) => f.name.toLowerCase() === name.trim().toLowerCase());
      if (!fleet) throw new RecordNotFoundError(`fleet ${name}`, 'no fleet has this name (see fleets.list)');
      return fleet;
    },
    save: async (draft: FleetDraft, meta: SaveMeta) => {
      const parsed = FleetDraftSchema.parse(draft);
      return updateJsonFile(this.fleetsFile, FleetsFileSchema, (current) => {
        const all = current?.fleets ?? [];
        const previous = all.find((f) => f.name.toLowerCase() === parsed.name.toLowerCase());
        checkRevision(`fleet ${parsed.name}`, parsed.revision, previous);
        const fleet = FleetSchema.parse({
          name: parsed.name,
          machines: parsed.machines,
          savedAt: (meta.now ?? new Date()).toISOString(),
          revision: nextRevision(previous),
          savedBy: meta.actor,
        });
        const others = all.filter((f) => f !== previous);
        if (others.length >= MAX_FLEETS) throw new UserDataError(this.fleetsFile, `holds ${MAX_FLEETS} fleets, the most it keeps`);
        return { next: { schemaVersion: 1, fleets: sortByKeys([...others, fleet], fleetKeys) }, result: fleet };
      });
    },
    restore: async (fleet: Fleet) => this.writeFleet(FleetSchema.parse(fleet)),
    remove: async (name: string) =>
      updateJsonFile(this.fleetsFile, FleetsFileSchema, (current) => {
        const all = current?.fleets ?? [];
        const kept = all.filter((f) => f.name.toLowerCase() !== name.trim().toLowerCase());
        if (kept.length === all.length) return { next: undefined, result: false };
        return { next: { schemaVersion: 1, fleets: kept }, result: true };
      }),
  };

  private documentFile(kind: string, id: string): string {
    return join(this.directory, 'documents', DocumentKindSchema.parse(kind), `${DocumentIdSchema.parse(id)}.json`);
  }

  private documentIds(kind: string): string[] {
    try {
      return readdirSync(join(this.directory, 'documents', DocumentKindSchema.parse(kind)))
        .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
        .map((n) => n.slice(0, -'.json'.length));
    } catch {
      return [];
    }
  }

  /** measurements.json, as `weightplan bench` has always written it. */
  readonly measurements: MeasurementStore = {
    list: async () => listMeasurements(measurementsFile(this.directory)),
    save: async (draft: MeasurementDraft, meta: SaveMeta) => saveMeasurement(draft, measurementsFile(this.directory), meta.now),
    restore: async (record: MeasurementRecord) => {
      putMeasurement(record, measurementsFile(this.directory));
    },
    forget: async (id?: string) => forgetMeasurements(id, measurementsFile(this.directory)),
    version: async () => {
      const file = measurementsFile(this.directory);
      try {
        // A save replaces the file (a new inode), so this changes with every save and every forget.
        const stat = statSync(file);
        return `${file}|${stat.ino}|${stat.mtimeMs}|${stat.size}`;
      } catch {
        return `${file}|none`;
      }
    },
  };

  readonly documents = {
    kinds: async () => {
      try {
        return readdirSync(join(this.directory, 'documents'))
          .filter((n) => DocumentKindSchema.safeParse(n).success)
          .sort();
      } catch {
        return [];
      }
    },
    list: async (kind: string, page: PageRequest = {}) => {
      const all: StoredDocument[] = [];
      for (const id of this.documentIds(kind)) {
        try {
          const document = readJsonFile(this.documentFile(kind, id), DocumentFileSchema);
          if (document) all.push(StoredDocumentSchema.parse(document));
        } catch {
          // A damaged document is skipped and left in place for a person to look at.
        }
      }
      return pageOf(sortByKeys(all, documentKeys), documentKeys, page);
    },
    get: async (kind: string, id: string) => {
      const document = readJsonFile(this.documentFile(kind, id), DocumentFileSchema);
      return document ? StoredDocumentSchema.parse(document) : undefined;
    },
    put: async (kind: string, id: string, body: unknown, meta: SaveMeta & Revisioned) => {
      checkDocumentBytes(body);
      const file = this.documentFile(kind, id);
      return updateJsonFile(file, DocumentFileSchema, (current) => {
        checkRevision(`${kind} ${id}`, meta.revision, current);
        if (!current && this.documentIds(kind).length >= MAX_DOCUMENTS_PER_KIND) {
          throw new UserDataError(kind, `holds ${MAX_DOCUMENTS_PER_KIND.toLocaleString('en-US')} documents, the most one kind keeps`);
        }
        const document = StoredDocumentSchema.parse({
          kind,
          id,
          body,
          revision: nextRevision(current),
          savedAt: (meta.now ?? new Date()).toISOString(),
          savedBy: meta.actor,
        });
        return { next: { schemaVersion: 1, ...document }, result: document };
      });
    },
    restore: async (document: StoredDocument) => {
      const parsed = StoredDocumentSchema.parse(document);
      updateJsonFile(this.documentFile(parsed.kind, parsed.id), DocumentFileSchema, () => ({
        next: { schemaVersion: 1, ...parsed },
        result: undefined,
      }));
    },
    remove: async (kind: string, id: string) => {
      const file = this.documentFile(kind, id);
      if (!existsSync(file)) return false;
      return withFileLock(file, () => {
        if (!existsSync(file)) return false;
        rmSync(file);
        return true;
      });
    },
  };

  async close(): Promise<void> {
    // Files hold no connection.
  }
}
