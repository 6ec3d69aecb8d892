import { buildWhatIfProfile, type HardwareProfile } from '@weightplan/hardware';
import { run } from '../main.js';

/** The machine "detected" in CLI tests: one RTX 4090 with 64 GB of RAM. */
export const TEST_MACHINE = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * 1024 ** 3 });

/** Runs the CLI in-process with captured output and a fixed machine. */
export async function cli(
  argv: readonly string[],
  machine: HardwareProfile = TEST_MACHINE,
  /** The terminal's width; undefined is a pipe. */
  columns?: number,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    io: { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`), columns },
    detect: async () => machine,
  });
  return { code, out, err };
}
