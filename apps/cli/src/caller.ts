import { cachedDetection, createApiCaller, hubOptionsFromEnv } from '@weightplan/api';
import { FileStore, localActor, type Store } from '@weightplan/store';
import type { DetectFn } from './hardware-option.js';

/** The planner as the CLI reaches it: the router, in-process, like every other surface. */
export type Caller = ReturnType<typeof createApiCaller>;

/**
 * The CLI acts for the person at the keyboard: it may read any path they name (no allowed roots), look
 * up on the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN) a model no catalog knows, and "this machine" is
 * detected once per run. What it saves goes to the config directory's files (or the store given, for
 * `store import --database-url`), recorded as saved by the operating-system user.
 */
export function cliCaller(detect: DetectFn, store: Store = new FileStore()): Caller {
  return createApiCaller({
    detectHardware: cachedDetection(detect),
    allowedRoots: undefined,
    hub: hubOptionsFromEnv(),
    store,
    actor: localActor(),
  });
}
