import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchError, type BenchHost, summarizeRates } from '@weightplan/bench';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '../router.js';
import { createCallerFactory } from '../trpc.js';

const GiB = 1024 ** 3;
// A CPU-only machine, as the bench's first target: 24 GiB, no GPU.
const machine = buildWhatIfProfile({ gpu: 'none', ramBytes: 24 * GiB });
const createCaller = createCallerFactory(appRouter);

type SyntheticRequest = Parameters<BenchHost['measureSynthetic']>[0];

/**
 * The host's bench as the router sees it, answering fixed rates: the router's part (resolve, predict, pair,
 * store, refuse) is what these tests check; the real runner is tested in packages/bench.
 */
function recordingHost(overrides: Partial<BenchHost> = {}) {
  const requests: SyntheticRequest[] = [];
  const run = (decode: number[], prefill: number[]) => ({
    decodeTokensPerSecond: summarizeRates(decode),
    prefillTokensPerSecond: summarizeRates(prefill),
    repetitions: decode.length,
    warmupRuns: 1,
    loadSeconds: 1,
    contextTokens: 641,
    runtimeVersion: 'node-llama-cpp 3.22.1 (cpu)',
    backend: 'cpu' as const,
  });
  const host: BenchHost = {
    install: async (backend) => ({
      version: '3.22.1',
      backend,
      packages: ['node-llama-cpp'],
      installedAt: '',
      directory: '/r',
      alreadyInstalled: true,
    }),
    measureFile: async () => run([10, 11, 12], [50, 51, 52]),
    measureSynthetic: async (request) => {
      requests.push(request);
      return { ...run([18, 19, 20], [100, 102, 104]), fileBytes: 1, tensorBytes: 1 };
    },
    measureEndpoint: async () => {
      throw new BenchError('endpoint', 'not used');
    },
    ...overrides,
  };
  return { host, requests };
}

beforeEach(() => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-bench-api-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  return () => rmSync(configDirectory, { recursive: true, force: true });
});

describe('bench procedures', () => {
  it('measure a synthetic model with the plan’s threads and placement, and show it against the router’s own estimate', async () => {
    const { host, requests } = recordingHost();
    const caller = createCaller({ detectHardware: async () => machine, allowedRoots: undefined, bench: host });
    // The prediction a measurement is compared with is the uncalibrated one (afterwards estimates use it).
    const estimate = await caller.estimate({
      model: 'llama-3.2-1b',
      precision: 'Q8_0',
      promptTokens: 512,
      contextTokens: 640,
      runtime: 'llama.cpp',
      placement: 'cpu',
    });
    const result = await caller.bench.run({ synthetic: 'llama-3.2-1b', precision: 'q8_0' });
    const request = requests[0];
    expect(request?.model.id).toBe('meta-llama/Llama-3.2-1B-Instruct');
    expect(request?.precision.id).toBe('Q8_0');
    expect(request?.backend).toBe('cpu');
    expect(request?.settings).toMatchObject({
      promptTokens: 512,
      genTokens: 128,
      repetitions: 3,
      threads: machine.cpu.cores,
      gpuLayers: 0,
    });
    // Room is checked against the estimate's CPU-side memory, which holds at least the weights.
    expect(request?.memoryBytes).toBeGreaterThan(1_313_251_328);

    expect(result.predicted?.decodeTokensPerSecond).toBe(estimate.throughput?.decodeTokensPerSecond);
    expect(result.predicted?.prefillTokensPerSecond).toBe(estimate.throughput?.prefillTokensPerSecond);
    expect(result.measured).toMatchObject({
      decodeTokensPerSecond: 19,
      prefillTokensPerSecond: 102,
      repetitions: 3,
      threads: machine.cpu.cores,
    });
    expect(result.ratio.decode).toBeCloseTo((estimate.throughput?.decodeTokensPerSecond ?? 0) / 19, 9);
    expect(result.calibration).toMatchObject({ applied: true, measurementsOnThisMachine: 1 });
    const calibrated = await caller.estimate({
      model: 'llama-3.2-1b',
      precision: 'Q8_0',
      promptTokens: 512,
      contextTokens: 640,
      runtime: 'llama.cpp',
      placement: 'cpu',
    });
    expect(calibrated.throughput?.calibration?.sampleCount).toBe(1);

    const list = await caller.bench.list();
    expect(list.measurements).toHaveLength(1);
    const record = list.measurements[0];
    expect(record).toMatchObject({
      id: result.record?.id,
      thisMachine: true,
      precision: 'Q8_0',
      source: 'synthetic',
      runtime: 'llama.cpp',
    });
    expect(record?.model.architecture.layers).toBe(16);
    expect(record?.predicted?.weightsBytes).toBe(1_313_251_328);
    expect(record?.measured.decodeTokensPerSecond.samples).toEqual([18, 19, 20]);

    expect(await caller.bench.forget({ id: result.record?.id ?? '' })).toEqual({ removed: 1 });
    expect((await caller.bench.list()).measurements).toEqual([]);
  });

  it('shows, next to a new measurement, what the calibrated estimate had said for it before the run', async () => {
    const { host } = recordingHost();
    const caller = createCaller({ detectHardware: async () => machine, allowedRoots: undefined, bench: host });
    const first = await caller.bench.run({ synthetic: 'llama-3.2-1b', precision: 'Q8_0' });
    // Nothing was stored before the first run: nothing to have calibrated its prediction.
    expect(first.calibratedPrediction).toBeNull();
    expect(first.ratio.calibratedDecode).toBeNull();

    const scenario = { promptTokens: 512, contextTokens: 640, runtime: 'llama.cpp' as const, placement: 'cpu' as const };
    const before = await caller.estimate({ model: 'llama-3.2-3b', precision: 'Q4_0', ...scenario });
    const second = await caller.bench.run({ synthetic: 'llama-3.2-3b', precision: 'Q4_0' });
    expect(before.throughput?.calibration?.sampleCount).toBe(1);
    expect(second.calibratedPrediction).toMatchObject({
      measurementsUsed: 1,
      decodeTokensPerSecond: before.throughput?.decodeTokensPerSecond,
      prefillTokensPerSecond: before.throughput?.prefillTokensPerSecond,
    });
    // The uncalibrated prediction stays the model's own, so the record keeps what calibration is fitted on.
    expect(second.predicted?.decodeTokensPerSecond).not.toBe(second.calibratedPrediction?.decodeTokensPerSecond);
    expect(second.ratio.calibratedDecode).toBeCloseTo((before.throughput?.decodeTokensPerSecond ?? 0) / 19, 9);
    expect(second.calibration.measurementsOnThisMachine).toBe(2);

    // The fit matrix and recommendations for this machine use the same calibration as the estimate.
    const cell = await caller.estimate({ model: 'llama-3.2-1b', precision: 'Q8_0', contextTokens: 8192 });
    const matrix = await caller.fitMatrix({ modelIds: ['llama-3.2-1b'], precisions: ['Q8_0'], contextTokens: 8192 });
    expect(cell.throughput?.calibration?.sampleCount).toBe(2);
    expect(matrix.rows[0]?.cells[0]?.decodeTokensPerSecond).toBe(cell.throughput?.decodeTokensPerSecond);
    const whatIf = await caller.fitMatrix({
      hardware: { whatIf: { gpu: 'none', ramGiB: 24 } },
      modelIds: ['llama-3.2-1b'],
      precisions: ['Q8_0'],
      contextTokens: 8192,
    });
    expect(whatIf.rows[0]?.cells[0]?.decodeTokensPerSecond).not.toBe(cell.throughput?.decodeTokensPerSecond);
  });

  it('refuses on a host without a bench (the HTTP server), and for bad requests, in one line', async () => {
    const server = createCaller({ detectHardware: async () => machine, allowedRoots: [] });
    await expect(server.bench.run({ synthetic: 'llama-3.2-1b', precision: 'Q8_0' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/does not run benchmarks/),
    });
    const { host } = recordingHost();
    const caller = createCaller({ detectHardware: async () => machine, allowedRoots: undefined, bench: host });
    await expect(caller.bench.run({ synthetic: 'llama-3.2-1b' })).rejects.toThrow(/needs a precision/);
    await expect(caller.bench.run({ synthetic: 'llama-3.2-1b', model: 'x.gguf', precision: 'Q8_0' })).rejects.toThrow(/either synthetic/);
    await expect(caller.bench.run({ model: 'llama-3.2-1b' })).rejects.toThrow(/takes a .gguf file/);
  });

  it('answers a model that does not fit with smaller ones that would', async () => {
    const { host } = recordingHost({
      measureSynthetic: async () => {
        throw new BenchError('no-room', 'not enough free memory to run it: it needs 70.00 GiB and 20.00 GiB is available');
      },
    });
    const caller = createCaller({ detectHardware: async () => machine, allowedRoots: undefined, bench: host });
    await expect(caller.bench.run({ synthetic: 'meta-llama/Llama-3.3-70B-Instruct', precision: 'Q8_0' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/not enough free memory.*; try a smaller model: [\w./-]+/),
    });
  });

  it('imports llama-bench output: pp and tg rows become one record of the model their parameter count names', async () => {
    const { host } = recordingHost();
    const caller = createCaller({ detectHardware: async () => machine, allowedRoots: undefined, bench: host });
    const text = [
      {
        model_type: 'llama 1B Q8_0',
        model_size: 1313251328,
        model_n_params: 1235814400,
        n_threads: 2,
        n_gpu_layers: 0,
        backends: 'CPU',
        n_prompt: 512,
        n_gen: 0,
        avg_ts: 102.35,
        stddev_ts: 0.42,
        build_commit: '8cf427ff',
      },
      {
        model_type: 'llama 1B Q8_0',
        model_size: 1313251328,
        model_n_params: 1235814400,
        n_threads: 2,
        n_gpu_layers: 0,
        backends: 'CPU',
        n_prompt: 0,
        n_gen: 128,
        avg_ts: 18.91,
        stddev_ts: 0.1,
        build_commit: '8cf427ff',
      },
      {
        model_type: 'llama ?B Q8_0',
        model_size: 1,
        model_n_params: 123,
        n_threads: 2,
        backends: 'CPU',
        n_prompt: 0,
        n_gen: 128,
        avg_ts: 5,
        build_commit: '8cf427ff',
      },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n');
    const result = await caller.bench.import({ text });
    expect(result).toMatchObject({ format: 'jsonl', rows: 3 });
    expect(result.imported).toHaveLength(1);
    expect(result.imported[0]).toMatchObject({
      model: { id: 'meta-llama/Llama-3.2-1B-Instruct' },
      precision: 'Q8_0',
      runtimeVersion: 'llama-bench 8cf427ff',
      settings: { threads: 2, gpuLayers: 0, promptTokens: 512, genTokens: 128 },
      measured: { decodeTokensPerSecond: { median: 18.91 }, prefillTokensPerSecond: { median: 102.35 } },
    });
    expect(result.skipped).toEqual([
      { row: 'llama ?B Q8_0 (2 threads)', reason: 'no catalog model has 123 parameters; name it with --model' },
    ]);
  });
});
