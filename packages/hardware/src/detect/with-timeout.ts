import type { ProbeStatus } from './system-snapshot.js';

/**
 * Runs one probe with a deadline. A hung driver (nvidia-smi stuck in the kernel) must not freeze the
 * CLI or the desktop app, so a probe that does not answer in time is reported as a timeout and skipped.
 */
export async function probe<T>(run: () => Promise<T>, timeoutMs: number): Promise<{ value?: T; status: ProbeStatus }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref?.();
  });
  try {
    const outcome = await Promise.race([run().then((value) => ({ value })), deadline]);
    const milliseconds = performance.now() - started;
    if (outcome === 'timeout') return { status: { status: 'timeout', milliseconds } };
    return { value: outcome.value, status: { status: 'ok', milliseconds } };
  } catch (error) {
    return {
      status: {
        status: 'error',
        message: error instanceof Error ? error.message : String(error),
        milliseconds: performance.now() - started,
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
