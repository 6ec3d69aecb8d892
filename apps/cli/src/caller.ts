import {
  type BenchProgress,
  cachedDetection,
  createApiCaller,
  FileStore,
  hubOptionsFromEnv,
  localActor,
  localBench,
  type Store,
} from '@weightplan/api';
import type { DetectFn } from './hardware-option.js';

/** The planner as the CLI reaches it: the router, in-process, like every other surface. */
export type Caller = ReturnType<typeof createApiCaller>;

/**
 * The CLI acts for the person at the keyboard: it may read any path they name (no allowed roots), look
 * up on the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN) a model no catalog knows, and "this machine" is
 * detected once per run. What it saves goes to the config directory's files (or the store given, for
 * `store import --database-url`), recorded as saved by the operating-system user. It may measure this
 * machine (`bench`): the local bench, built by the API package (`localBench`), installs llama.cpp into the
 * user's cache on first use; the CLI never imports the bench's code.
 */
export function cliCaller(detect: DetectFn, options: { store?: Store; onBenchProgress?: (progress: BenchProgress) => void } = {}): Caller {
  const store = options.store ?? new FileStore();
  const onBenchProgress = options.onBenchProgress;
  return createApiCaller({
    detectHardware: cachedDetection(detect),
    allowedRoots: undefined,
    hub: hubOptionsFromEnv(),
    bench: localBench(onBenchProgress ? { onProgress: onBenchProgress } : {}),
    store,
    actor: localActor(),
  });
}
