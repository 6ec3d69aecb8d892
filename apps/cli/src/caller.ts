import { type BenchProgress, cachedDetection, createApiCaller, hubOptionsFromEnv, localBench } from '@weightplan/api';
import type { DetectFn } from './hardware-option.js';

/** The planner as the CLI reaches it: the router, in-process, like every other surface. */
export type Caller = ReturnType<typeof createApiCaller>;

/**
 * The CLI acts for the person at the keyboard: it may read any path they name (no allowed roots), look
 * up on the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN) a model no catalog knows, and "this machine" is
 * detected once per run. It may measure this machine (`bench`): the local bench, built by the API package
 * (`localBench`), installs llama.cpp into the user's cache on first use; the CLI never imports the bench's code.
 */
export function cliCaller(detect: DetectFn, onBenchProgress?: (progress: BenchProgress) => void): Caller {
  return createApiCaller({
    detectHardware: cachedDetection(detect),
    allowedRoots: undefined,
    hub: hubOptionsFromEnv(),
    bench: localBench(onBenchProgress ? { onProgress: onBenchProgress } : {}),
  });
}
