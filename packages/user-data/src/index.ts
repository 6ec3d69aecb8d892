export { configDirectory } from './config-dir.js';
export { withFileLock } from './file-lock.js';
export { readJsonFile, updateJsonFile, writeJsonFile } from './json-file.js';
export {
  forgetMeasurements,
  listMeasurements,
  MAX_MEASUREMENTS,
  type MeasuredRate,
  MeasuredRateSchema,
  type MeasurementDraft,
  MeasurementPredictionSchema,
  type MeasurementRecord,
  MeasurementRecordSchema,
  MeasurementSourceSchema,
  MeasurementsFileSchema,
  machineFingerprint,
  measurementRecord,
  measurementsFile,
  putMeasurement,
  saveMeasurement,
} from './measurement-store.js';
export {
  DEFAULT_PLAN_PAGE,
  getPlan,
  listPlans,
  MAX_PLAN_BYTES,
  MAX_PLAN_PAGE,
  MAX_SAVED_PLANS,
  PLAN_FILE_SUFFIX,
  type Plan,
  type PlanDraft,
  PlanDraftSchema,
  PlanIdSchema,
  type PlanListing,
  PlanNotFoundError,
  type PlanPage,
  PlanSchema,
  type PlanSnapshot,
  PlanSnapshotSchema,
  PlanStoreFullError,
  parsePlanDocument,
  plansDirectory,
  removePlan,
  savePlan,
  storePlan,
} from './plan-store.js';
export { loadPriceOverlay, priceOverlayFile } from './price-overlay-file.js';
export {
  listProfiles,
  MAX_SAVED_PROFILES,
  type ProfileListing,
  pageProfiles,
  profilesFile,
  removeProfile,
  type SavedProfile,
  SavedProfileSchema,
  SavedProfilesSchema,
  saveProfile,
} from './profile-store.js';
export {
  AS_STORED_PRECISION,
  forgetModelIndex,
  type IndexedCatalog,
  indexCatalog,
  looksLikePath,
  modelIndex,
  namedPrecision,
  PrecisionRequiredError,
  resolveModel,
} from './resolve-model.js';
export {
  addToUserCatalog,
  type ImportedModel,
  ImportedModelSchema,
  loadUserCatalog,
  removeFromUserCatalog,
  type UserCatalog,
  UserCatalogSchema,
  userCatalogFile,
  userCatalogWriteCount,
} from './user-catalog.js';
export { UserDataError } from './user-data-error.js';
export { removeStaleTemporaryFiles, writeFileAtomic } from './write-file-atomic.js';
