export { type GgufQuant, ggufQuants, pickMmproj, quantOfFileName } from './gguf-files.js';
export { openHubFile, type ReadAheadOptions } from './hub-byte-source.js';
export { defaultHubCacheDir, HubCache, type HubLookupCache, parseCachedLookup } from './hub-cache.js';
export { HubError, type HubErrorKind } from './hub-error.js';
export {
  HubFetchStatsSchema,
  type HubLookup,
  HubLookupSchema,
  type HubModelLookup,
  type HubQuantListing,
  InspectResultSchema,
} from './hub-lookup.js';
export {
  DEFAULT_HUB_ENDPOINT,
  DEFAULT_HUB_TIMEOUT_MS,
  type HubOptions,
  type HubOptionsInput,
  HubOptionsSchema,
  hubOptionsFromEnv,
  parseHubOptions,
} from './hub-options.js';
export { type HubExchange, HubSession } from './hub-session.js';
export { lookUpModel } from './look-up-model.js';
export { parseRepoReference, type RepoReference } from './repo-reference.js';
