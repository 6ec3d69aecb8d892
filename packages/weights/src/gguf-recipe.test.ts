import { describe, expect, it } from 'vitest';
import { OPEN_MODELS } from './catalog/index.js';
import { GGML_TYPES } from './ggml-types.js';
import { ggufFallbackType, ggufTensorTypes } from './gguf-recipe.js';
import { decoderTensors } from './tensor-inventory.js';

const llama3 = OPEN_MODELS.find((m) => m.id === 'meta-llama/Meta-Llama-3-8B-Instruct');
if (!llama3) throw new Error('catalog lacks Llama 3 8B');

function typesByName(ftype: Parameters<typeof ggufTensorTypes>[2]) {
  const tensors = decoderTensors(llama3!.architecture);
  const types = ggufTensorTypes(llama3!.architecture, tensors, ftype);
  return new Map(tensors.map((t, i) => [t.name, types[i]]));
}

describe('GGML block sizes', () => {
  it('match ggml: Q4_K packs 256 weights in 144 bytes, Q8_0 32 in 34', () => {
    expect(GGML_TYPES.Q4_K).toMatchObject({ blockElements: 256, blockBytes: 144 });
    expect(GGML_TYPES.Q8_0).toMatchObject({ blockElements: 32, blockBytes: 34 });
    expect(GGML_TYPES.Q6_K).toMatchObject({ blockElements: 256, blockBytes: 210 });
    expect(GGML_TYPES.IQ4_XS).toMatchObject({ blockElements: 256, blockBytes: 136 });
  });
});

describe('the Q4_K_M recipe on Llama 3 8B', () => {
  const types = typesByName('Q4_K_M');

  it('keeps norms in F32 and stores the output head as Q6_K', () => {
    expect(types.get('blk.0.attn_norm.weight')).toBe('F32');
    expect(types.get('output.weight')).toBe('Q6_K');
    expect(types.get('token_embd.weight')).toBe('Q4_K');
  });

  it('gives attn_v and ffn_down Q6_K on the first and last eighth of layers and every third layer between', () => {
    // 32 layers: more bits on layers 0-3, 28-31 and 4 + 3k + 2 = 6, 9, 12, ...
    const q6Layers = Array.from({ length: 32 }, (_, i) => i).filter((i) => types.get(`blk.${i}.attn_v.weight`) === 'Q6_K');
    expect(q6Layers).toEqual([0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31]);
    expect(types.get('blk.5.ffn_down.weight')).toBe('Q4_K');
    expect(types.get('blk.6.ffn_down.weight')).toBe('Q6_K');
    expect(types.get('blk.5.attn_q.weight')).toBe('Q4_K');
  });
});

describe('ggufFallbackType', () => {
  it('falls back to a 32-wide block when a row is not a multiple of 256', () => {
    expect(ggufFallbackType('Q4_K', 2880)).toBe('Q5_0');
    expect(ggufFallbackType('Q6_K', 1152 + 32)).toBe('Q8_0');
    expect(ggufFallbackType('Q4_K', 4096)).toBe('Q4_K');
    expect(ggufFallbackType('Q4_K', 100)).toBe('F16');
  });
});
