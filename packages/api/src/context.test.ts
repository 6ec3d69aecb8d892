import { buildWhatIfProfile, type HardwareProfile } from '@weightplan/hardware';
import { describe, expect, it } from 'vitest';
import { cachedDetection, MEASUREMENT_REUSE_MS } from './context.js';

const machine = buildWhatIfProfile({ gpu: 'RTX 4090' });

/** A detector that counts its runs and answers when told. */
function countingDetector() {
  const runs: Array<{ measure: boolean; answer: (profile: HardwareProfile) => void; fail: (error: Error) => void }> = [];
  const detect = (options?: { measure?: boolean }) =>
    new Promise<HardwareProfile>((answer, fail) => runs.push({ measure: options?.measure ?? false, answer, fail }));
  return { runs, detect };
}

describe('cachedDetection', () => {
  it('detects once and shares the answer', async () => {
    const { runs, detect } = countingDetector();
    const cached = cachedDetection(detect);
    const both = Promise.all([cached(), cached()]);
    runs[0]?.answer(machine);
    expect(await both).toEqual([machine, machine]);
    expect(runs).toHaveLength(1);
  });

  it('measure spawns at most one measurement at a time and reuses its result for a minute (single flight)', async () => {
    let clock = 0;
    const { runs, detect } = countingDetector();
    const cached = cachedDetection(detect, () => clock);
    const during = Array.from({ length: 20 }, () => cached({ measure: true }));
    expect(runs.filter((run) => run.measure)).toHaveLength(1);
    runs[0]?.answer(machine);
    await Promise.all(during);
    clock += MEASUREMENT_REUSE_MS - 1;
    await cached({ measure: true });
    expect(runs).toHaveLength(1);
    clock += 1;
    const later = cached({ measure: true });
    expect(runs).toHaveLength(2);
    runs[1]?.answer(machine);
    await later;
  });

  it('does not keep a failed measurement', async () => {
    const { runs, detect } = countingDetector();
    const cached = cachedDetection(detect, () => 0);
    const failing = cached({ measure: true });
    runs[0]?.fail(new Error('no worker threads'));
    await expect(failing).rejects.toThrow(/no worker threads/);
    const retry = cached({ measure: true });
    expect(runs).toHaveLength(2);
    runs[1]?.answer(machine);
    expect(await retry).toBe(machine);
  });
});
