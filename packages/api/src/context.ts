import type { HardwareProfile } from '@weightplan/hardware';

/** What every procedure may use: the host's hardware, and the directories it may read weight files from. */
export interface ApiContext {
  /** The machine the router runs on (the server's or the desktop's), detected once and cached by the host. */
  detectHardware: (options?: { measure?: boolean }) => Promise<HardwareProfile>;
  /**
   * Directories (or single files) `inspect`, model import and path-named models may read, resolved by real
   * path. `undefined` means any path (the CLI acts for the local user); the server passes its --allow-dir
   * list, empty meaning none; the desktop app passes the files and folders the user picked in its dialogs,
   * so a compromised page cannot make the main process read anything else.
   */
  allowedRoots: readonly string[] | undefined;
  /** Native dialogs, present only in the desktop app: file choices are the user's, made on their screen. */
  desktop?: DesktopDialogs;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface DesktopDialogs {
  /** A weight file or model folder the user picks; null when cancelled. */
  chooseWeights(): Promise<string | null>;
  /** Asks where to save, then writes `contents` there atomically; the path written, or null when cancelled. */
  saveFile(options: { title: string; suggestedName: string; contents: string; filters: FileFilter[] }): Promise<string | null>;
  /** A file the user picks, read as UTF-8 (at most 1 MB); null when cancelled. */
  openFile(options: { title: string; filters: FileFilter[] }): Promise<{ path: string; contents: string } | null>;
}

/**
 * Detection takes hundreds of milliseconds and the hardware does not change under a running host: detect
 * once, share the answer, and retry after a failure. A bandwidth measurement is always run afresh.
 */
export function cachedDetection(detect: ApiContext['detectHardware']): ApiContext['detectHardware'] {
  let detected: Promise<HardwareProfile> | undefined;
  return (options) => {
    if (options?.measure) return detect(options);
    detected ??= detect().catch((error: unknown) => {
      detected = undefined;
      throw error;
    });
    return detected;
  };
}
