import { buildWhatIfProfile, type HardwareProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { gpuCapacityBytes } from './devices.js';
import { estimate } from './estimate.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** An RTX 4090 desktop as detection reports it: the display and browser already hold `inUseBytes`. */
function desktopWithDisplay(inUseBytes: number): HardwareProfile {
  const profile = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
  const [gpu] = profile.gpus;
  if (!gpu) throw new Error('no GPU');
  return { ...profile, gpus: [{ ...gpu, memoryFreeBytes: gpu.memoryBytes - inUseBytes }] };
}

describe('GPU memory already in use', () => {
  it('counts against a detected card: 24 GiB with 1.2 GiB held by the display leaves 22.8 GiB', () => {
    const [gpu] = desktopWithDisplay(1.2 * GiB).gpus;
    expect(gpu && gpuCapacityBytes(gpu)).toBeCloseTo(24 * GiB - 1.2 * GiB, -3);
  });

  it('leaves what-if profiles (nothing detected) at their usable memory', () => {
    const [gpu] = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }).gpus;
    expect(gpu && gpuCapacityBytes(gpu)).toBe(gpu?.usableMemoryBytes);
  });

  it('turns a fit that needs the whole card into offload once the display holds 1.5 GiB', () => {
    const model = builtInModels().models.find((m) => m.id === 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B');
    if (!model) throw new Error('model');
    const request = { model, precision: getPrecision('Q5_K_M'), contextTokens: 8192 };
    const idle = estimate({ ...request, hardware: buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }) });
    const busy = estimate({ ...request, hardware: desktopWithDisplay(1.5 * GiB) });
    const freeIdle = idle.memory.perDevice.find((d) => d.kind === 'gpu');
    expect(freeIdle && freeIdle.capacityBytes - freeIdle.totalBytes).toBeLessThan(512 * MiB);
    expect(idle.placement.fit).toBe('tight');
    expect(busy.placement.fit).toBe('offload');
    expect(busy.memory.perDevice.find((d) => d.kind === 'gpu')?.capacityBytes).toBe(24 * GiB - 1.5 * GiB);
  });
});
