import { calibrationModelId, loadMemoryRows } from '@weightplan/calibration';
import { describe, expect, it } from 'vitest';
import { estimateLlamaCppComputeBufferBytes } from './compute-buffer.js';
import { estimateKvCache } from './kv-cache.js';
import { catalogModel } from './test-support.js';

const MiB = 1024 ** 2;

describe("llama.cpp's own memory reports", () => {
  const rows = loadMemoryRows();

  it.each(rows.map((row) => [`${row.model} ${row.quant} n_ctx=${row.contextTokens} on ${row.hardware}`, row] as const))(
    '%s: KV cache exact, compute buffer within 10%',
    (_label, row) => {
      const arch = catalogModel(calibrationModelId(row.model)).architecture;
      const kv = estimateKvCache(arch, { contextTokens: row.contextTokens, kvCacheType: 'f16' });
      // Metal's allocator rounds each buffer up to a page; the CUDA reports are exact.
      expect(Math.abs(kv.totalBytes / MiB - row.kvCacheMib)).toBeLessThan(0.1);
      const compute = estimateLlamaCppComputeBufferBytes(arch, { contextTokens: row.contextTokens, flashAttention: false }) / MiB;
      expect(Math.abs(compute - row.computeBufferMib) / row.computeBufferMib).toBeLessThan(0.1);
    },
  );

  it('shrinks the attention buffer with flash attention, which never materialises the scores', () => {
    const arch = catalogModel('llama-3-8b').architecture;
    const without = estimateLlamaCppComputeBufferBytes(arch, { contextTokens: 32768, flashAttention: false });
    const withFlash = estimateLlamaCppComputeBufferBytes(arch, { contextTokens: 32768, flashAttention: true });
    expect(without / MiB).toBeGreaterThan(2000);
    expect(withFlash / MiB).toBeCloseTo(258.5, 0);
  });
});
