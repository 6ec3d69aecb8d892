import { GPU_SPECS } from '@weightplan/hardware';
import { describe, expect, it } from 'vitest';
import { CLOUD_INSTANCES } from './cloud-instances.js';
import { HARDWARE_PRICES } from './hardware-prices.js';

describe('price data', () => {
  const gpuIds = new Set(GPU_SPECS.map((gpu) => gpu.id));

  it('names only GPUs of the spec database', () => {
    for (const row of [...CLOUD_INSTANCES, ...HARDWARE_PRICES]) expect(gpuIds.has(row.gpuSpecId), row.gpuSpecId).toBe(true);
  });

  it('has unique instance ids and plausible hourly prices per GPU', () => {
    expect(new Set(CLOUD_INSTANCES.map((i) => i.id)).size).toBe(CLOUD_INSTANCES.length);
    for (const instance of CLOUD_INSTANCES) {
      const perGpu = instance.hourlyUsd / instance.gpuCount;
      expect(perGpu, instance.id).toBeGreaterThan(0.05);
      expect(perGpu, instance.id).toBeLessThan(20);
    }
  });

  it('cites every price with a date', () => {
    for (const row of [...CLOUD_INSTANCES, ...HARDWARE_PRICES]) {
      expect(row.sourceUrl).toMatch(/^https:\/\//);
      expect(row.readOn).toMatch(/^20\d\d-\d\d-\d\d$/);
    }
  });
});
