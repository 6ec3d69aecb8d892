import { type ApiContext, FileStore, localActor, localBench } from '@weightplan/api';
import type { BrowserWindow, Dialog, IpcMainEvent } from 'electron';
import { createDesktopDialogs } from './dialogs.js';
import type { GrantedPaths } from './granted-paths.js';

export interface DesktopContextOptions {
  detectHardware: ApiContext['detectHardware'];
  granted: GrantedPaths;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The app window a message came from, for modal dialogs. */
  windowOf: (event: IpcMainEvent) => BrowserWindow | undefined;
  /** Where save dialogs start. */
  defaultDirectory: string;
  /** Hugging Face Hub access (HF_ENDPOINT, HF_TOKEN) for model ids no catalog knows; absent: none. */
  hub?: ApiContext['hub'];
  /** The machine's bench ("Measure this machine"); default: localBench(). index.ts passes one that notifies. */
  bench?: NonNullable<ApiContext['bench']>;
}

/**
 * The API context of one IPC call: the host's detection, native dialogs, and as allowed roots only the
 * paths the user has picked in those dialogs so far. The page never widens what the main process reads.
 */
export function desktopApiContext(options: DesktopContextOptions): (event: IpcMainEvent) => ApiContext {
  // The desktop keeps the user's data in the config directory, as the CLI does; saved as the OS user.
  const store = new FileStore();
  const actor = localActor();
  const bench = options.bench ?? localBench();
  return (event) => ({
    detectHardware: options.detectHardware,
    store,
    actor,
    allowedRoots: options.granted.roots(),
    // The person reading an error is at this machine: a bug's message is theirs to see (and report).
    showInternalErrors: true,
    // The user sits at this machine: "Measure this machine" may install llama.cpp into their cache and run it.
    bench,
    ...(options.hub ? { hub: options.hub } : {}),
    desktop: createDesktopDialogs({
      dialog: options.dialog,
      window: options.windowOf(event),
      defaultDirectory: options.defaultDirectory,
      granted: options.granted,
    }),
  });
}
