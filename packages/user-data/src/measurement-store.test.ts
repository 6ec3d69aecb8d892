import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels } from '@weightplan/weights';
import { describe, expect, it, onTestFinished } from 'vitest';
import { forgetMeasurements, listMeasurements, type MeasurementDraft, machineFingerprint, saveMeasurement } from './measurement-store.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

const rate = (median: number) => ({
  median,
  min: median * 0.9,
  max: median * 1.1,
  stddev: median * 0.05,
  samples: [median * 0.9, median, median * 1.1],
});
const hardware = buildWhatIfProfile({ gpu: 'none', ramBytes: 24 * 2 ** 30 });

const draft = (model: string, precision: string): MeasurementDraft => ({
  hardware,
  source: 'synthetic',
  runtime: 'llama.cpp',
  runtimeVersion: 'node-llama-cpp 3.22.1',
  subject: model,
  model: builtInModels().get(model),
  precision,
  settings: { threads: 2, gpuLayers: 0, promptTokens: 512, genTokens: 128, contextTokens: 640, flashAttention: false, backend: 'cpu' },
  measured: { decodeTokensPerSecond: rate(19), prefillTokensPerSecond: rate(100), repetitions: 3, warmupRuns: 1 },
  predicted: {
    decodeTokensPerSecond: 20,
    low: 15,
    high: 25,
    prefillTokensPerSecond: 190,
    prefillLow: 120,
    prefillHigh: 260,
    basis: 'cpu',
    weightsBytes: 1_313_251_328,
  },
});

describe('the measurement store', () => {
  it('keeps one record per machine, runtime, version, model and precision: a re-run replaces, another precision adds', () => {
    const file = join(testDirectory('wp-bench-'), 'measurements.json');
    const first = saveMeasurement(draft('meta-llama/Llama-3.2-1B-Instruct', 'Q8_0'), file, new Date('2026-11-29T10:00:00Z'));
    expect(first.id).toMatch(/^[0-9a-f]{12}$/);
    expect(first.machineFingerprint).toBe(machineFingerprint(hardware));
    const rerun = saveMeasurement(draft('meta-llama/Llama-3.2-1B-Instruct', 'Q8_0'), file, new Date('2026-11-29T11:00:00Z'));
    expect(rerun.id).toBe(first.id);
    saveMeasurement(draft('meta-llama/Llama-3.2-1B-Instruct', 'Q4_0'), file, new Date('2026-11-29T12:00:00Z'));
    const all = listMeasurements(file);
    expect(all.map((m) => [m.precision, m.measuredAt])).toEqual([
      ['Q4_0', '2026-11-29T12:00:00.000Z'],
      ['Q8_0', '2026-11-29T11:00:00.000Z'],
    ]);
    // The full spec travels with the record, so a later estimator can recompute its bytes and FLOPs.
    expect(all[0]?.model.architecture.layers).toBe(16);
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(1);
  });

  it('forgets one record by id, or all of them', () => {
    const file = join(testDirectory('wp-bench-'), 'measurements.json');
    const a = saveMeasurement(draft('meta-llama/Llama-3.2-1B-Instruct', 'Q8_0'), file);
    saveMeasurement(draft('meta-llama/Llama-3.2-3B-Instruct', 'Q8_0'), file);
    expect(forgetMeasurements('000000000000', file)).toBe(0);
    expect(forgetMeasurements(a.id, file)).toBe(1);
    expect(listMeasurements(file).map((m) => m.model.id)).toEqual(['meta-llama/Llama-3.2-3B-Instruct']);
    expect(forgetMeasurements(undefined, file)).toBe(1);
    expect(listMeasurements(file)).toEqual([]);
  });

  it('tells machines apart by CPU, cores, RAM and GPUs, not by free memory', () => {
    const other = buildWhatIfProfile({ gpu: 'none', ramBytes: 32 * 2 ** 30 });
    expect(machineFingerprint(other)).not.toBe(machineFingerprint(hardware));
    const busier = { ...hardware, memory: { ...hardware.memory, availableBytes: hardware.memory.availableBytes / 2 } };
    expect(machineFingerprint(busier)).toBe(machineFingerprint(hardware));
  });

  it('refuses a damaged file rather than overwrite it', () => {
    const file = join(testDirectory('wp-bench-'), 'measurements.json');
    writeFileSync(file, '{"schemaVersion": 2, "measurements": []}');
    expect(() => saveMeasurement(draft('meta-llama/Llama-3.2-1B-Instruct', 'Q8_0'), file)).toThrow(/schemaVersion.*will not overwrite/);
    expect(readFileSync(file, 'utf8')).toContain('"schemaVersion": 2');
  });
});
