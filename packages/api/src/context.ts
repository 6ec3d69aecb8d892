import type { BenchHost } from '@weightplan/bench';
import type { HardwareProfile } from '@weightplan/hardware';
import type { HubOptionsInput } from '@weightplan/hub';
import type { Store } from '@weightplan/store';

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
  /**
   * How to reach the Hugging Face Hub for a model id no catalog knows (endpoint, token, cache folder), from
   * `hubOptionsFromEnv()` on hosts that allow it; absent: such ids are unknown, and nothing leaves the host.
   */
  hub?: HubOptionsInput;
  /**
   * A bug's message may name files on the host, so by default (the HTTP server) the caller is told only
   * "internal error". A host whose user is on the same machine (the desktop app) shows the message.
   */
  showInternalErrors?: boolean;
  /** Native dialogs, present only in the desktop app: file choices are the user's, made on their screen. */
  desktop?: DesktopDialogs;
  /**
   * Measuring this machine (installing llama.cpp, loading gigabytes, reaching a server the user names):
   * present where the user sits at the machine (the CLI, the desktop app, from `localBench()`); absent on
   * the HTTP server, whose bench procedures then answer 403.
   */
  bench?: BenchHost;
  /**
   * Where plans, saved machines, imports, prices, measurements and fleets live: the CLI and the desktop
   * pass a FileStore (the config directory), a server with --database-url a PostgresStore. Absent: a
   * FileStore over the config directory as it is at the call (WEIGHTPLAN_CONFIG_DIR or the platform's).
   */
  store?: Store;
  /**
   * Who is asking, recorded with what they save: the server takes it per request (X-Weightplan-User,
   * else "api-key" / "anonymous"); absent: the operating-system user (the CLI, the desktop app).
   */
  actor?: string;
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

/** How long a bandwidth measurement is reused: the memory does not get faster within a minute. */
export const MEASUREMENT_REUSE_MS = 60_000;

/**
 * Detection takes hundreds of milliseconds and the hardware does not change under a running host: detect
 * once, share the answer, and retry after a failure. A bandwidth measurement (worker threads streaming
 * through memory for about 0.3 s) runs at most once at a time: callers during a run share it, and its
 * result is reused for a minute, so `?measure=true` in a loop cannot pile up workers. A failed measurement
 * is not kept.
 */
export function cachedDetection(detect: ApiContext['detectHardware'], now: () => number = Date.now): ApiContext['detectHardware'] {
  let detected: Promise<HardwareProfile> | undefined;
  let measured: { profile: Promise<HardwareProfile>; finishedAt?: number } | undefined;
  return (options) => {
    if (options?.measure) {
      const fresh = measured?.finishedAt === undefined || now() - measured.finishedAt < MEASUREMENT_REUSE_MS;
      if (measured && fresh) return measured.profile;
      const run: { profile: Promise<HardwareProfile>; finishedAt?: number } = {
        profile: detect(options).then(
          (profile) => {
            run.finishedAt = now();
            return profile;
          },
          (error: unknown) => {
            if (measured === run) measured = undefined;
            throw error;
          },
        ),
      };
      measured = run;
      return run.profile;
    }
    detected ??= detect().catch((error: unknown) => {
      detected = undefined;
      throw error;
    });
    return detected;
  };
}
