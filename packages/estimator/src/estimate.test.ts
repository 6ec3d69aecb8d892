import { calibrationModelId, loadMemoryRows } from '@weightplan/calibration';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { estimate } from './estimate.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function run(model: string, precision: string, gpu: string, ramGb: number, extra: Partial<Parameters<typeof estimate>[0]> = {}) {
  return estimate({
    model: catalogModel(model),
    precision: getPrecision(precision),
    hardware: buildWhatIfProfile({ gpu, ramBytes: ramGb * GiB }),
    ...extra,
  });
}

describe('estimate: memory against llama.cpp load reports', () => {
  it.each(loadMemoryRows().map((row) => [`${row.model} ${row.quant} on ${row.hardware}`, row] as const))(
    '%s: GPU total within 2% of the reported buffers',
    (_label, row) => {
      const e = estimate({
        model: catalogModel(calibrationModelId(row.model)),
        precision: getPrecision(row.quant),
        hardware: buildWhatIfProfile({ gpu: row.hardware }),
        contextTokens: row.contextTokens,
        flashAttention: false,
      });
      const gpu = e.memory.perDevice.find((device) => device.kind === 'gpu');
      if (!gpu) throw new Error('no GPU in the estimate');
      // llama.cpp's report leaves out the driver context, so compare without our overhead line.
      const reported = (gpu.weightsBytes + gpu.kvCacheBytes + gpu.activationBytes) / MiB;
      expect(Math.abs(reported - row.totalMib) / row.totalMib).toBeLessThan(0.02);
    },
  );
});

describe('estimate: placement', () => {
  it('puts Llama 3 8B Q4_K_M on one RTX 4090 with the embedding table in RAM', () => {
    const e = run('llama-3-8b', 'Q4_K_M', 'RTX 4090', 64, { contextTokens: 8192 });
    expect(e.placement).toMatchObject({ target: 'gpu', fit: 'fits', gpuLayers: 33, totalLayers: 32 });
    const cpu = e.memory.perDevice.find((d) => d.kind === 'cpu');
    expect(cpu?.weightsBytes).toBe(128256 * 4096 * (144 / 256));
    expect(e.memory.kvCacheBytes).toBe(GiB);
  });

  it('splits Llama 3 70B Q4_K_M over two RTX 3090s by layer, with no decode speed-up over one bigger GPU', () => {
    const two = run('meta-llama/Meta-Llama-3-70B-Instruct', 'Q4_K_M', '2x RTX 3090', 128, { contextTokens: 4096 });
    expect(two.placement).toMatchObject({ target: 'multi-gpu', splitMode: 'layer', fit: 'fits' });
    // Split by free memory: the second GPU also holds the output head and the logits buffer, so it takes a layer less.
    expect(two.memory.perDevice.filter((d) => d.kind === 'gpu').map((d) => d.layers)).toEqual([41, 39]);
    const one = run('meta-llama/Meta-Llama-3-70B-Instruct', 'Q4_K_M', 'RTX 6000 Ada', 128, { contextTokens: 4096 });
    // Pipeline over layers: one GPU works at a time, so two 936 GB/s cards are not faster than one 960 GB/s card.
    expect(two.throughput?.decodeTokensPerSecond).toBeLessThan((one.throughput?.decodeTokensPerSecond ?? 0) * 1.05);
  });

  it('offloads layers to the CPU when VRAM is short, and says how many stay on the GPU', () => {
    const e = run('meta-llama/Meta-Llama-3-70B-Instruct', 'Q4_K_M', 'RTX 4090', 64, { contextTokens: 4096 });
    expect(e.placement.fit).toBe('offload');
    expect(e.placement.target).toBe('gpu+cpu');
    expect(e.placement.gpuLayers).toBeGreaterThan(30);
    expect(e.placement.gpuLayers).toBeLessThan(80);
    expect(e.throughput?.decodeTokensPerSecond).toBeLessThan(5);
  });

  it('keeps an MoE model on a small GPU by offloading only routed experts when that is faster', () => {
    const e = run('Qwen/Qwen3-30B-A3B-Instruct-2507', 'Q4_K_M', 'RTX 3060', 64, { contextTokens: 4096 });
    expect(e.placement.target).toBe('moe-offload');
    expect(e.placement.cpuMoeLayers).toBeGreaterThan(0);
    const layerOffload = e.placement.alternatives.find((a) => a.target === 'gpu+cpu');
    expect(layerOffload?.decodeTokensPerSecond).toBeLessThan(e.throughput?.decodeTokensPerSecond ?? 0);
  });

  it('runs on the CPU alone when there is no GPU, and refuses what RAM cannot hold', () => {
    expect(run('llama-3-8b', 'Q4_K_M', 'none', 16).placement).toMatchObject({ target: 'cpu', fit: 'fits' });
    const tooBig = run('meta-llama/Meta-Llama-3-70B-Instruct', 'Q4_K_M', 'none', 16);
    expect(tooBig.placement).toMatchObject({ target: 'none', fit: 'no-fit' });
    expect(tooBig.throughput).toBeNull();
  });

  it("counts Apple unified memory once: the GPU may use macOS's wired share of it", () => {
    const e = run('meta-llama/Meta-Llama-3-70B-Instruct', 'Q4_K_M', 'Apple M2 Ultra (76-core GPU)', 64);
    // 3/4 of 64 GiB = 48 GiB for the GPU; 70B Q4_K_M needs about 42.5 GiB with 8k of context.
    const gpu = e.memory.perDevice.find((d) => d.kind === 'gpu');
    expect(gpu?.capacityBytes).toBe(48 * GiB);
    expect(e.placement.target).toBe('gpu');
  });

  it('uses tensor parallelism under vLLM and checks the budget per GPU under gpu_memory_utilization', () => {
    const e = run('meta-llama/Meta-Llama-3-70B-Instruct', 'BF16', '4x H100 SXM', 1024, { runtime: 'vllm', contextTokens: 8192 });
    expect(e.placement).toMatchObject({ target: 'multi-gpu', splitMode: 'tensor', tensorParallelSize: 4, fit: 'fits' });
    const perGpu = e.memory.perDevice[0];
    expect(perGpu?.weightsBytes).toBeCloseTo((70_553_706_496 * 2) / 4, -3);
    expect(perGpu?.capacityBytes).toBeCloseTo(0.9 * 80 * GiB, -3);
  });
});

describe('estimate: input checks and warnings', () => {
  it('warns when the context exceeds the model maximum, and still estimates', () => {
    const e = run('llama-3-8b', 'Q4_K_M', 'RTX 4090', 64, { contextTokens: 16384 });
    expect(e.warnings.some((w) => w.includes('exceeds'))).toBe(true);
    expect(e.memory.kvCacheBytes).toBe(2 * GiB);
  });

  it('rejects negative, zero or absurd numbers with the field name and range', () => {
    expect(() => run('llama-3-8b', 'Q4_K_M', 'RTX 4090', 64, { contextTokens: -1 })).toThrow(/contextTokens must be a number from 1/);
    expect(() => run('llama-3-8b', 'Q4_K_M', 'RTX 4090', 64, { concurrency: Number.NaN })).toThrow(/concurrency/);
  });

  it('is deterministic', () => {
    expect(run('llama-3-8b', 'Q4_K_M', 'RTX 4090', 64)).toEqual(run('llama-3-8b', 'Q4_K_M', 'RTX 4090', 64));
  });
});
