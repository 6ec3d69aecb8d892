import { describe, expect, it } from 'vitest';
import { OPEN_MODELS } from './catalog/index.js';
import { countDecoderParameters, listDecoderTensors } from './tensor-inventory.js';

function model(id: string) {
  const found = OPEN_MODELS.find((entry) => entry.id === id);
  if (!found) throw new Error(`no catalog entry ${id}`);
  return found;
}

describe('listDecoderTensors', () => {
  it('reproduces Llama 3 8B exactly: 8,030,261,248 parameters', () => {
    expect(countDecoderParameters(model('meta-llama/Meta-Llama-3-8B-Instruct').architecture)).toBe(8_030_261_248);
  });

  it('names and shapes tensors the way llama.cpp writes them to GGUF', () => {
    const tensors = listDecoderTensors(model('meta-llama/Meta-Llama-3-8B-Instruct').architecture);
    const byName = new Map(tensors.map((t) => [t.name, t]));
    expect(byName.get('token_embd.weight')?.shape).toEqual([4096, 128256]);
    expect(byName.get('blk.0.attn_k.weight')?.shape).toEqual([4096, 1024]);
    expect(byName.get('blk.31.ffn_down.weight')?.shape).toEqual([14336, 4096]);
    expect(byName.get('output.weight')?.shape).toEqual([4096, 128256]);
    // 32 layers x 9 tensors (2 norms, 4 attention, 3 FFN) + embedding, output norm and output head.
    expect(tensors).toHaveLength(32 * 9 + 3);
  });

  it('sizes a whole-layer q/k norm by the projection width, a per-head one by the head width', () => {
    const minimax = listDecoderTensors(model('MiniMaxAI/MiniMax-M2').architecture);
    expect(minimax.find((t) => t.name === 'blk.0.attn_q_norm.weight')?.shape).toEqual([48 * 128]);
    expect(minimax.find((t) => t.name === 'blk.0.attn_k_norm.weight')?.shape).toEqual([8 * 128]);
    const qwen = listDecoderTensors(model('Qwen/Qwen3-8B').architecture);
    expect(qwen.find((t) => t.name === 'blk.0.attn_q_norm.weight')?.shape).toEqual([128]);
  });

  it('reproduces MiniMax-M2 exactly: 228,689,764,864 parameters, the Hub safetensors total', () => {
    expect(countDecoderParameters(model('MiniMaxAI/MiniMax-M2').architecture)).toBe(228_689_764_864);
  });

  it("adds DeepSeek-V3.2-Exp's lightning indexer to each MLA layer: 13,959,424 parameters a layer, 671,877,944,064 in all", () => {
    const tensors = listDecoderTensors(model('deepseek-ai/DeepSeek-V3.2-Exp').architecture);
    const indexer = tensors.filter((t) => t.name.startsWith('blk.0.indexer.'));
    expect(indexer.map((t) => [t.name, t.shape])).toEqual([
      ['blk.0.indexer.attn_q_b.weight', [1536, 64 * 128]],
      ['blk.0.indexer.attn_k.weight', [7168, 128]],
      ['blk.0.indexer.k_norm.weight', [128]],
      ['blk.0.indexer.k_norm.bias', [128]],
      ['blk.0.indexer.proj.weight', [7168, 64]],
    ]);
    expect(indexer.reduce((sum, t) => sum + t.elements, 0)).toBe(13_959_424);
    // The Hub's safetensors total 685,396,921,376 less the MTP layer as stored and the FP8 block scales.
    expect(countDecoderParameters(model('deepseek-ai/DeepSeek-V3.2-Exp').architecture)).toBe(685_396_921_376 - 13_477_385_728 - 41_591_584);
  });
});
