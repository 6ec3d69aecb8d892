export { configDirectory } from './config-dir.js';
export { readJsonFile, writeJsonFile } from './json-file.js';
export { looksLikePath, modelIndex, PrecisionRequiredError, resolveModel } from './resolve-model.js';
export {
  addToUserCatalog,
  type ImportedModel,
  ImportedModelSchema,
  loadUserCatalog,
  removeFromUserCatalog,
  type UserCatalog,
  UserCatalogSchema,
  userCatalogFile,
} from './user-catalog.js';
export { UserDataError } from './user-data-error.js';
export { writeFileAtomic } from './write-file-atomic.js';
