import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { fitMatrix } from './fit-matrix.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;
const rtx4090 = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });

describe('the fit matrix', () => {
  it('has a row per model and a cell per precision of the ladder, best precision first', () => {
    const models = builtInModels().models;
    const matrix = fitMatrix({ models, hardware: rtx4090 });
    expect(matrix.rows).toHaveLength(models.length);
    expect(matrix.precisions[0]).toBe('BF16');
    expect(matrix.precisions).toContain('Q4_K_M');
    // No MLX on an NVIDIA machine.
    expect(matrix.precisions).not.toContain('MLX-4BIT');
    for (const row of matrix.rows) expect(row.cells.map((c) => c.precision)).toEqual(matrix.precisions);
  });

  it('says what fits a 24 GB card: an 8B model at every precision, a 70B one at none', () => {
    const matrix = fitMatrix({
      models: [catalogModel('llama-3-8b'), catalogModel('llama-3-70b')],
      hardware: rtx4090,
      precisions: ['BF16', 'Q4_K_M', 'Q2_K'].map(getPrecision),
    });
    const [small, large] = matrix.rows;
    // 8B at BF16 is 16.1 GB of weights: on the GPU, with room for an 8k cache.
    expect(small?.cells.map((c) => c.target)).toEqual(['gpu', 'gpu', 'gpu']);
    expect(small?.cells.every((c) => (c.decodeTokensPerSecond ?? 0) > 30)).toBe(true);
    // 70B at BF16 needs 141 GB: neither 24 GB of VRAM nor 64 GB of RAM holds it.
    expect(large?.cells[0]?.fit).toBe('no-fit');
    expect(large?.cells[0]?.decodeTokensPerSecond).toBeNull();
    // 70B at Q4_K_M (42.5 GB) runs only by offloading layers to RAM: slow.
    expect(large?.cells[1]?.fit).toBe('offload');
    expect(large?.cells[1]?.decodeTokensPerSecond).toBeLessThan(10);
  });

  it('marks a context beyond the model as unsupported instead of estimating it', () => {
    const matrix = fitMatrix({
      models: [catalogModel('llama-3-8b')],
      hardware: rtx4090,
      contextTokens: 32_768,
      precisions: [getPrecision('Q4_K_M')],
    });
    expect(matrix.rows[0]?.cells[0]).toMatchObject({ fit: 'unsupported', note: 'supports 8192 tokens of context' });
  });

  it('calls a cell usable only when it runs at the speed floor: an offloaded 70B model at 2 tokens/s is too slow', () => {
    const models = [catalogModel('llama-3-8b'), catalogModel('llama-3-70b')];
    const precisions = ['Q4_K_M'].map(getPrecision);
    const matrix = fitMatrix({ models, hardware: rtx4090, precisions });
    expect(matrix.minDecodeTokensPerSecond).toBe(10);
    const [small, large] = matrix.rows.map((row) => row.cells[0]);
    expect(small).toMatchObject({ fit: 'fits', usable: true });
    expect(large?.fit).toBe('offload');
    expect(large?.usable).toBe(false);
    // A lower floor (batch work) makes the same cell usable.
    const slowOk = fitMatrix({ models, hardware: rtx4090, precisions, minDecodeTokensPerSecond: 1 });
    expect(slowOk.rows[1]?.cells[0]?.usable).toBe(true);
  });

  it('names the runtime each column assumes: llama.cpp for GGUF, vLLM for FP8 and AWQ on NVIDIA', () => {
    const matrix = fitMatrix({
      models: [catalogModel('llama-3-8b')],
      hardware: rtx4090,
      precisions: ['Q4_K_M', 'FP8', 'AWQ-INT4'].map(getPrecision),
    });
    expect(matrix.runtimes).toEqual(['llama.cpp', 'vllm', 'vllm']);
  });
});
