import { describe, expect, it } from 'vitest';
import { estimateKvCache } from './kv-cache.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;

describe('estimateKvCache', () => {
  it('gives Llama 3 8B exactly 1 GiB at 8192 tokens in f16: 32 layers x 2 x 8 KV heads x 128 x 2 bytes x 8192', () => {
    const kv = estimateKvCache(catalogModel('llama-3-8b').architecture, { contextTokens: 8192, kvCacheType: 'f16' });
    expect(kv.totalBytes).toBe(GiB);
    expect(kv.bytesPerToken).toBe(32 * 2 * 8 * 128 * 2);
  });

  it('scales with sequences and shrinks with a q8_0 cache (34 bytes per 32 values)', () => {
    const arch = catalogModel('llama-3-8b').architecture;
    expect(estimateKvCache(arch, { contextTokens: 4096, sequences: 4, kvCacheType: 'f16' }).totalBytes).toBe(2 * GiB);
    expect(estimateKvCache(arch, { contextTokens: 8192, kvCacheType: 'q8_0' }).totalBytes).toBe((GiB / 2) * (34 / 32));
  });

  it("caps Gemma 3 27B's 52 sliding layers at the 1024-token window plus a micro-batch", () => {
    const kv = estimateKvCache(catalogModel('google/gemma-3-27b-it').architecture, { contextTokens: 32768, kvCacheType: 'f16' });
    // Per token per layer: 2 x 16 KV heads x 128 x 2 bytes = 8192 bytes.
    const full = 10 * 8192 * 32768;
    // llama.cpp keeps window + ubatch cells, rounded up to 256: 1024 + 512 = 1536.
    const sliding = 52 * 8192 * 1536;
    expect(kv.totalBytes).toBe(full + sliding);
    expect(kv.byKind).toEqual([
      { kind: 'sliding', layers: 52, tokensPerSequence: 1536, bytes: sliding },
      { kind: 'full', layers: 10, tokensPerSequence: 32768, bytes: full },
    ]);
    // A formula that ignores the window would claim 62 x 8192 x 32768 = 15.5 GiB instead of 3.1 GiB.
    expect(kv.totalBytes / GiB).toBeCloseTo(3.11, 2);
  });

  it("stores DeepSeek-V3's MLA latent: 512 + 64 values per token per layer, not K and V per head", () => {
    const kv = estimateKvCache(catalogModel('deepseek-ai/DeepSeek-V3-0324').architecture, { contextTokens: 32768, kvCacheType: 'f16' });
    expect(kv.totalBytes).toBe(61 * (512 + 64) * 2 * 32768);
    // Without MLA, 128 heads x (192 key + 128 value) per layer would be 71x larger.
    expect(kv.bytesPerToken).toBe(61 * 576 * 2);
  });

  it("caches DeepSeek-V3.2-Exp's indexer key beside the MLA latent: 512 + 64 + 128 values per token per layer", () => {
    const kv = estimateKvCache(catalogModel('deepseek-ai/DeepSeek-V3.2-Exp').architecture, { contextTokens: 32768, kvCacheType: 'f16' });
    expect(kv.bytesPerToken).toBe(61 * (512 + 64 + 128) * 2);
  });

  it("keeps Qwen3-Next's linear layers at a fixed state however long the context", () => {
    const arch = catalogModel('Qwen/Qwen3-Next-80B-A3B-Instruct').architecture;
    const short = estimateKvCache(arch, { contextTokens: 1024, kvCacheType: 'f16' });
    const long = estimateKvCache(arch, { contextTokens: 65536, kvCacheType: 'f16' });
    const linear = long.byKind.find((share) => share.kind === 'linear');
    // 36 Gated DeltaNet layers: 32 value heads x 128 x 128 f32 state, plus the conv tail (8192 channels x 3).
    expect(linear?.layers).toBe(36);
    expect(linear?.bytes).toBe(36 * (32 * 128 * 128 + 8192 * 3) * 4);
    expect(short.byKind.find((share) => share.kind === 'linear')?.bytes).toBe(linear?.bytes);
    // The 12 full-attention layers grow with context: 2 x 2 KV heads x 256 x 2 bytes per token.
    expect(long.byKind.find((share) => share.kind === 'full')?.bytes).toBe(12 * 2 * 2 * 256 * 2 * 65536);
  });
});
