import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HardwareProfile, HardwareProfileSchema } from '@weightplan/hardware';
import { FileStore } from '@weightplan/store';
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
  it('fits the stored measurements of the detected machine', async () => {
    const result = await storedCalibration(VM, { records: () => [record(oneBillionQ8())] });
    expect(result.calibration?.sampleCount).toBe(1);
    expect(result.note).toBeUndefined();
  });

  it('never calibrates a what-if machine, even one described exactly like the measured box, or over factors the caller gave', async () => {
    const records = () => [record(oneBillionQ8())];
    // Same CPU, cores and RAM, so the same fingerprint: still a description, not the measured box.
    const described: HardwareProfile = { ...VM, origin: 'user' };
    expect(await storedCalibration(described, { input: { profile: described }, records })).toEqual({});
    const preset: HardwareProfile = { ...VM, origin: 'preset' };
    expect(await storedCalibration(preset, { input: { whatIf: { gpu: 'none', ramGiB: 24 } }, records })).toEqual({});
    // A profile detected on the box, passed by whoever plans for it, is that box.
    expect((await storedCalibration(VM, { input: { profile: VM }, records })).calibration?.sampleCount).toBe(1);
    const given = (await storedCalibration(VM, { records })).calibration;
    expect(await storedCalibration(VM, { records, given })).toEqual({});
  });

  it('ignores measurements of other machines and of engines that are not llama.cpp', async () => {
    const otherMachine = record({ ...oneBillionQ8(), hardware: { ...VM, cpu: { ...VM.cpu, cores: 16, threads: 32 } } });
    const openAi = record(oneBillionQ8('openai-compatible'));
    expect(await storedCalibration(VM, { records: () => [otherMachine, openAi] })).toEqual({});
  });

  it('plans without a damaged measurements file, and says so', async () => {
    const result = await storedCalibration(VM, {
      records: () => {
        throw new Error('measurements.json is not valid JSON');
      },
    });
    expect(result.calibration).toBeUndefined();
    expect(result.note).toMatch(/stored measurements were not used: measurements.json is not valid JSON/);
  });

  it("reads the store it is given, and refits when the store's measurements change", async () => {
    const store = new FileStore({ directory: mkdtempSync(join(tmpdir(), 'wp-calibration-store-')) });
    expect(await storedCalibration(VM, { store })).toEqual({});
    await store.measurements.save(oneBillionQ8(), { actor: 'alice' });
    expect((await storedCalibration(VM, { store })).calibration?.sampleCount).toBe(1);
    await store.measurements.forget();
    expect(await storedCalibration(VM, { store })).toEqual({});
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

  it('calibrates another engine on this CPU-only machine as a recommendation candidate is: the host is what was measured', async () => {
    const caller = createCaller({ detectHardware: async () => VM, allowedRoots: undefined });
    saveMeasurement(oneBillionQ8());
    const scenario = {
      model: 'meta-llama/Llama-3.2-3B-Instruct',
      precision: 'Q4_0',
      hardware: { detected: true as const },
      runtime: 'llama.cpp' as const,
      promptTokens: 512,
      contextTokens: 576,
    };
    const llamaCpp = await caller.estimate(scenario);
    // Before, the API refused any engine but llama.cpp and Ollama before the estimator saw the request, so
    // `estimate --runtime transformers` here stayed at the uncalibrated spec-sheet speed.
    const transformers = await caller.estimate({ ...scenario, precision: 'FP16', runtime: 'transformers' });
    expect(llamaCpp.throughput?.calibration?.sampleCount).toBe(1);
    expect(transformers.throughput?.calibration?.sampleCount).toBe(1);
    expect(transformers.throughput?.basis).toMatch(/calibrated: 1 measurement/);
  });
});

describe('a measured box is calibrated wherever its detected profile is planned (a team store)', () => {
  const createCaller = createCallerFactory(appRouter);
  // Another box than the server's own: what `weightplan detect --json` printed on it, saved by a colleague.
  const BOX: HardwareProfile = { ...VM, label: 'lab box', cpu: { ...VM.cpu, model: 'AMD Ryzen 9 7950X', cores: 16, threads: 32 } };
  const SERVER: HardwareProfile = {
    ...VM,
    label: 'the server itself',
    cpu: { ...VM.cpu, model: 'Intel Xeon Gold 6430', cores: 8, threads: 16 },
  };
  const scenario = {
    model: 'meta-llama/Llama-3.2-3B-Instruct',
    precision: 'Q4_0',
    runtime: 'llama.cpp' as const,
    promptTokens: 512,
    contextTokens: 576,
  };

  it("uses the box's measurements for its profile, never for the server's own machine or a what-if copy", async () => {
    const store = new FileStore({ directory: mkdtempSync(join(tmpdir(), 'wp-team-store-')) });
    await store.measurements.save({ ...oneBillionQ8(), hardware: BOX }, { actor: 'alice' });
    const caller = createCaller({ detectHardware: async () => SERVER, allowedRoots: undefined, store, actor: 'bob' });

    const onTheBox = await caller.estimate({ ...scenario, hardware: { profile: BOX } });
    expect(onTheBox.throughput?.calibration?.sampleCount).toBe(1);
    expect(onTheBox.throughput?.basis).toMatch(/calibrated: 1 measurement/);

    const onTheServer = await caller.estimate({ ...scenario, hardware: { detected: true } });
    expect(onTheServer.throughput?.calibration).toBeUndefined();
    const described = await caller.estimate({ ...scenario, hardware: { profile: { ...BOX, origin: 'user' } } });
    expect(described.throughput?.calibration).toBeUndefined();

    // The fit matrix for the box is calibrated too (the same rule for every answer): its Q4_0 cell runs at
    // the calibrated speed, not at the speed of the uncalibrated description.
    const cellSpeed = async (profile: HardwareProfile) => {
      const matrix = await caller.fitMatrix({
        hardware: { profile },
        modelIds: ['meta-llama/Llama-3.2-3B-Instruct'],
        precisions: ['Q4_0'],
        contextTokens: 576,
      });
      return matrix.rows[0]?.cells[0]?.decodeTokensPerSecond;
    };
    const calibrated = await cellSpeed(BOX);
    expect(calibrated).not.toBeCloseTo((await cellSpeed({ ...BOX, origin: 'user' })) ?? 0, 1);
    expect(calibrated).toBeCloseTo(onTheBox.throughput?.decodeTokensPerSecond ?? 0, 0);

    // And a fleet with the box in it plans the box at its measured speed.
    const fleetSpeed = async (profile: HardwareProfile) => {
      const plan = await caller.fleets.plan({
        machines: [{ name: 'lab box', hardware: { profile } }],
        workloads: [
          { name: 'notes', model: 'meta-llama/Llama-3.2-3B-Instruct', precision: 'Q4_0', contextTokens: 576, minDecodeTokensPerSecond: 1 },
        ],
      });
      return plan.machines[0]?.assignments[0]?.decodeTokensPerSecond;
    };
    const measuredBox = await fleetSpeed(BOX);
    expect(measuredBox).not.toBeCloseTo((await fleetSpeed({ ...BOX, origin: 'user' })) ?? 0, 1);
    expect(measuredBox).toBeCloseTo(onTheBox.throughput?.decodeTokensPerSecond ?? 0, 0);
  });
});
