import { execFile } from 'node:child_process';
import type { ProbeStatus } from './system-snapshot.js';

/**
 * Runs a vendor tool with a deadline. A missing tool is `unavailable` (the common case: no NVIDIA driver
 * on this machine), not an error; a hung one (nvidia-smi stuck in the kernel) is killed at the deadline
 * and reported as a `timeout`.
 */
export function runTool(command: string, args: string[], timeoutMs: number): Promise<{ stdout?: string; status: ProbeStatus }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, windowsHide: true },
      (error, stdout) => {
        const milliseconds = performance.now() - started;
        if (!error) {
          resolve({ stdout, status: { status: 'ok', milliseconds } });
          return;
        }
        const failure = error as NodeJS.ErrnoException & { killed?: boolean };
        if (failure.code === 'ENOENT') resolve({ status: { status: 'unavailable', milliseconds } });
        else if (failure.killed) resolve({ status: { status: 'timeout', milliseconds } });
        else resolve({ status: { status: 'error', message: String(failure.message).split('\n')[0], milliseconds } });
      },
    );
  });
}
