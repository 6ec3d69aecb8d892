import type { HardwareInput } from '@weightplan/hardware';
import type { HubLookupCache } from '@weightplan/hub';
import type { PriceOverlay } from '@weightplan/pricing';
import type {
  ImportedModel,
  IndexedCatalog,
  MeasurementDraft,
  MeasurementRecord,
  Plan,
  PlanDraft,
  PlanListing,
  PlanPage,
  ProfileListing,
  SavedProfile,
} from '@weightplan/user-data';
import type { Fleet, FleetDraft } from './fleet.js';
import type { Page, PageRequest } from './page.js';
import type { StoredDocument } from './stored-document.js';

/** Who saves, and when (tests pass a fixed time). */
export interface SaveMeta {
  actor: string;
  now?: Date;
}

/** A save that may name the revision it read: a mismatch is a StoreConflictError (409), never an overwrite. */
export interface Revisioned {
  revision?: number | undefined;
}

export interface PlanStore {
  /** Most recently changed first. */
  list(page?: PlanPage): Promise<PlanListing>;
  get(id: string): Promise<Plan>;
  /** Earlier revisions of a plan, newest first (the most recent 50 are kept). */
  history(id: string): Promise<Plan[]>;
  /** Saves a draft: a new plan, or the next revision of the plan with its id (its earlier one goes to history). */
  save(draft: PlanDraft & Revisioned, meta: SaveMeta): Promise<Plan>;
  /** Keeps a plan someone sent exactly as given (its times and snapshot), as the next revision of its id. */
  put(plan: Plan, meta: SaveMeta): Promise<Plan>;
  /** Restores a plan and its history exactly as exported (revision and author included). */
  restore(plan: Plan, history: readonly Plan[]): Promise<void>;
  remove(id: string): Promise<boolean>;
}

export interface ProfileStore {
  /** In name order. */
  list(page?: PageRequest): Promise<ProfileListing>;
  all(): Promise<SavedProfile[]>;
  save(profile: { name: string; hardware: HardwareInput } & Revisioned, meta: SaveMeta): Promise<SavedProfile>;
  restore(profile: SavedProfile): Promise<void>;
  remove(name: string): Promise<boolean>;
}

export interface CatalogStore {
  list(): Promise<ImportedModel[]>;
  /** The built-in catalog plus the imports, rebuilt only when the imports change. */
  index(): Promise<IndexedCatalog>;
  /** Adds or replaces (same id, any case) an imported model (a file import, or a Hub pin). */
  add(model: Pick<ImportedModel, 'spec' | 'precision'>, meta: SaveMeta): Promise<ImportedModel>;
  restore(model: ImportedModel): Promise<void>;
  remove(id: string): Promise<boolean>;
}

export interface PriceStore {
  get(): Promise<PriceOverlay | undefined>;
  set(overlay: PriceOverlay, meta: SaveMeta): Promise<void>;
}

/**
 * What `weightplan bench` measured, on every machine the store's users measured (one record per machine
 * fingerprint, runtime, version, model and precision; at most 1,000). On a team server every replica and
 * every colleague sees the same ones, so a measured machine's plans are calibrated wherever they are made.
 */
export interface MeasurementStore {
  /** Newest first. */
  list(): Promise<MeasurementRecord[]>;
  /** Saves a draft, replacing the record of the same machine, runtime, version, model and precision. */
  save(draft: MeasurementDraft, meta: SaveMeta): Promise<MeasurementRecord>;
  /** Keeps a record exactly as exported. */
  restore(record: MeasurementRecord): Promise<void>;
  /** Forgets one record by id, or every one when `id` is undefined; how many were removed. */
  forget(id?: string): Promise<number>;
  /** A text that changes whenever a record is saved or forgotten: the key a calibration fit is cached by. */
  version(): Promise<string>;
}

export interface DocumentStore {
  kinds(): Promise<string[]>;
  /** One kind's documents in id order. */
  list(kind: string, page?: PageRequest): Promise<Page<StoredDocument>>;
  get(kind: string, id: string): Promise<StoredDocument | undefined>;
  put(kind: string, id: string, body: unknown, meta: SaveMeta & Revisioned): Promise<StoredDocument>;
  restore(document: StoredDocument): Promise<void>;
  remove(kind: string, id: string): Promise<boolean>;
}

export interface FleetStore {
  /** In name order. */
  list(page?: PageRequest): Promise<Page<Fleet>>;
  get(name: string): Promise<Fleet>;
  save(draft: FleetDraft, meta: SaveMeta): Promise<Fleet>;
  restore(fleet: Fleet): Promise<void>;
  remove(name: string): Promise<boolean>;
}

/**
 * How another thread of the same host opens this same store (the server's worker threads, which cannot
 * share the object): the config directory (undefined: WEIGHTPLAN_CONFIG_DIR or the platform's, as it is at
 * each call), or the database URL. The URL carries its password: hand it to a thread, never print it.
 */
export type StoreSource = { kind: 'files'; directory: string | undefined } | { kind: 'postgres'; databaseUrl: string };

/**
 * Everything a user or a team keeps: the one door every surface reaches it through (`ctx.store`). Two
 * implementations with the same contract (store-contract.test.ts): the config directory's files
 * (`FileStore`, the CLI and the desktop) and PostgreSQL (`PostgresStore`, servers with several replicas).
 */
export interface Store {
  readonly kind: 'files' | 'postgres';
  /** Where it is, for messages: the directory, or the database URL without its password. */
  readonly location: string;
  plans: PlanStore;
  profiles: ProfileStore;
  catalog: CatalogStore;
  prices: PriceStore;
  documents: DocumentStore;
  fleets: FleetStore;
  measurements: MeasurementStore;
  /**
   * Hub look-ups shared by every replica (PostgreSQL). Undefined for the file store: the Hub client keeps
   * its own folder cache (~/.cache/weightplan/hub), as it always has.
   */
  hubCache: HubLookupCache | undefined;
  /** What another thread needs to open the same store (see StoreSource). */
  source(): StoreSource;
  /**
   * Forgets the cached catalog index, so that the next `catalog.index()` reads the imports again: another
   * thread of this host has just written them (otherwise seen within a second, at the next recheck).
   */
  forgetCachedCatalog(): void;
  close(): Promise<void>;
}
