import { cachedDetection, createApiCaller, hubOptionsFromEnv } from '@weightplan/api';
import type { DetectFn } from './hardware-option.js';

/** The planner as the CLI reaches it: the router, in-process, like every other surface. */
export type Caller = ReturnType<typeof createApiCaller>;

/**
 * The CLI acts for the person at the keyboard: it may read any path they name (no allowed roots), look
 * up on the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN) a model no catalog knows, and "this machine" is
 * detected once per run.
 */
export function cliCaller(detect: DetectFn): Caller {
  return createApiCaller({ detectHardware: cachedDetection(detect), allowedRoots: undefined, hub: hubOptionsFromEnv() });
}
