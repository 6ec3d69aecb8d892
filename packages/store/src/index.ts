export { ACTOR_HEADER, ActorSchema, localActor, requestActor } from './actor.js';
export { checkRevision, FileStore, type FileStoreOptions } from './file-store.js';
export {
  type Fleet,
  type FleetDraft,
  FleetDraftSchema,
  type FleetMachine,
  FleetMachineSchema,
  FleetNameSchema,
  FleetSchema,
  MAX_FLEET_MACHINES,
  MAX_FLEETS,
} from './fleet.js';
export type { Page, PageRequest } from './page.js';
export { MAX_PLAN_HISTORY } from './plan-id.js';
export { fileStoreReplicaWarning, replicaHint } from './replicas.js';
export type {
  CatalogStore,
  DocumentStore,
  FleetStore,
  PlanStore,
  PriceStore,
  ProfileStore,
  Revisioned,
  SaveMeta,
  Store,
  StoreSource,
} from './store.js';
export { RecordNotFoundError, StoreConflictError } from './store-errors.js';
export { exportStore, type ImportSummary, importStore, parseStoreExport, type StoreExport, StoreExportSchema } from './store-export.js';
export {
  DocumentIdSchema,
  DocumentKindSchema,
  MAX_DOCUMENT_BYTES,
  type StoredDocument,
  StoredDocumentSchema,
} from './stored-document.js';
