import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `work` with a fresh temporary folder that is removed afterwards: on success, on error, and when the
 * user presses Ctrl-C or the process is terminated meanwhile (the handler removes it, then exits 130/143 as a
 * shell expects). A synthetic GGUF is gigabytes; it must not outlive the bench.
 */
export async function withTemporaryFolder<T>(prefix: string, work: (folder: string) => Promise<T>, base = tmpdir()): Promise<T> {
  const folder = mkdtempSync(join(base, prefix));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', remove);
  try {
    return await work(folder);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', remove);
    remove();
  }
}
