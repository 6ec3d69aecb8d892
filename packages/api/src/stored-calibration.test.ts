import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HardwareProfile, HardwareProfileSchema } from '@weightplan/hardware';
import { type MeasurementDraft, type MeasurementRecord, machineFingerprint, saveMeasurement } from '@weightplan/user-data';
import { OPEN_MODELS } from '@weightplan/weights';
import { beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from './router.js';
import { storedCalibration } from './stored-calibration.js';
import { createCallerFactory } from './trpc.js';

/** The 2-vCPU Zen 4 VM of issue #15 as `detect` describes it (no clock; 51.2 GB/s assumed). */
const VM: HardwareProfile = HardwareProfileSchema.parse({
  origin: 'detected',
  label: 'CPU only, 24 GiB RAM',
  cpu: {
    model: 'AMD EPYC',
    vendor: 'AMD',
    cores: 2,
    threads: 2,
    simd: ['avx2', 'fma', 'avx512f', 'avx512_vnni'],
    microarchitecture: 'zen4',
  },
  memory: { totalBytes: 24 * 1024 ** 3, availableBytes: 23e9, bandwidthBytesPerSecond: 51.2e9, bandwidthBasis: 'assumed' },
  gpus: [],
});

function model(id: string) {
  const spec = OPEN_MODELS.find((m) => m.id === id);
  if (!spec) throw new Error(`${id} is not in the catalog`);
  return spec;
}

const rate = (median: number) => ({ median, min: median, max: median, stddev: 0, samples: [median] });

/** Issue #15's measurement of Llama-3.2-1B Q8_0 on that VM: 18.9 tok/s generation, 102 tok/s prompt. */
function oneBillionQ8(runtime = 'llama.cpp'): MeasurementDraft {
  return {
    hardware: VM,
    source: 'synthetic',
    runtime,
    runtimeVersion: 'node-llama-cpp 3.22.1 (cpu)',
    subject: 'meta-llama/Llama-3.2-1B-Instruct',
    model: model('meta-llama/Llama-3.2-1B-Instruct'),
    precision: 'Q8_0',
    settings: {
      threads: 2,
      gpuLayers: 0,
      promptTokens: 512,
      genTokens: 64,
      contextTokens: 576,
      flashAttention: false,
      backend: 'cpu',
    },
    measured: { decodeTokensPerSecond: rate(18.9), prefillTokensPerSecond: rate(102), repetitions: 3, warmupRuns: 1 },
    predicted: null,
  };
}

function record(draft: MeasurementDraft): MeasurementRecord {
  return { ...draft, id: '0123456789ab', machineFingerprint: machineFingerprint(draft.hardware), measuredAt: '2026-11-29T10:00:00.000Z' };
}

describe('estimates on this machine use the measurements stored for it', () => {
  it('fits the stored measurements of the detected machine', () => {
    const result = storedCalibration({ detected: true }, VM, { records: () => [record(oneBillionQ8())] });
    expect(result.calibration?.sampleCount).toBe(1);
    expect(result.note).toBeUndefined();
  });

  it('never calibrates a what-if machine, another engine, or over factors the caller gave', () => {
    const records = () => [record(oneBillionQ8())];
    expect(storedCalibration({ whatIf: { gpu: 'none', ramGiB: 24 } }, VM, { records })).toEqual({});
    expect(storedCalibration({ detected: true }, VM, { records, runtime: 'vllm' })).toEqual({});
    const given = storedCalibration({ detected: true }, VM, { records }).calibration;
    expect(storedCalibration({ detected: true }, VM, { records, given })).toEqual({});
  });

  it('ignores measurements of other machines and of engines that are not llama.cpp', () => {
    const otherMachine = record({ ...oneBillionQ8(), hardware: { ...VM, cpu: { ...VM.cpu, cores: 16, threads: 32 } } });
    const openAi = record(oneBillionQ8('openai-compatible'));
    expect(storedCalibration({ detected: true }, VM, { records: () => [otherMachine, openAi] })).toEqual({});
  });

  it('plans without a damaged measurements file, and says so', () => {
    const result = storedCalibration({ detected: true }, VM, {
      records: () => {
        throw new Error('measurements.json is not valid JSON');
      },
    });
    expect(result.calibration).toBeUndefined();
    expect(result.note).toMatch(/stored measurements were not used: measurements.json is not valid JSON/);
  });
});

describe('through the router (issue #15, done when)', () => {
  const createCaller = createCallerFactory(appRouter);
  beforeEach(() => {
    const configDirectory = mkdtempSync(join(tmpdir(), 'wp-calibration-'));
    process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
    return () => rmSync(configDirectory, { recursive: true, force: true });
  });

  it('after one 1B Q8_0 measurement, predicts 3B Q4_0 within 15% (generation) and 20% (prompt) of llama.cpp on that VM', async () => {
    const caller = createCaller({ detectHardware: async () => VM, allowedRoots: undefined });
    const scenario = {
      model: 'meta-llama/Llama-3.2-3B-Instruct',
      precision: 'Q4_0',
      hardware: { detected: true as const },
      runtime: 'llama.cpp' as const,
      placement: 'cpu' as const,
      promptTokens: 512,
      contextTokens: 576,
    };
    const before = await caller.estimate(scenario);
    expect(before.throughput?.calibration).toBeUndefined();

    saveMeasurement(oneBillionQ8());
    const after = await caller.estimate(scenario);
    expect(after.throughput?.calibration?.sampleCount).toBe(1);
    expect(after.throughput?.basis).toMatch(/calibrated: 1 measurement/);
    // Measured on the VM by issue #15: 12.8 tok/s generation, 46 tok/s prompt processing.
    expect(Math.abs((after.throughput?.decodeTokensPerSecond ?? 0) / 12.8 - 1)).toBeLessThan(0.15);
    expect(Math.abs((after.throughput?.prefillTokensPerSecond ?? 0) / 46 - 1)).toBeLessThan(0.2);

    // The same scenario for a machine described by hand is another box: no calibration.
    const whatIf = await caller.estimate({ ...scenario, hardware: { whatIf: { gpu: 'none', ramGiB: 24 } } });
    expect(whatIf.throughput?.calibration).toBeUndefined();
  });
});
