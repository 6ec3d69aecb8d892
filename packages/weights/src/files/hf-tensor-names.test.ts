import { describe, expect, it } from 'vitest';
import { tensorFromName } from '../tensor-role.js';
import { ggufNameOf } from './hf-tensor-names.js';

describe('ggufNameOf', () => {
  it('names DeepSeek-V3.2 lightning-indexer tensors as the tensor inventory does, so a checkpoint and the catalog agree', () => {
    expect(ggufNameOf('model.layers.3.self_attn.indexer.wq_b.weight')).toBe('blk.3.indexer.attn_q_b.weight');
    expect(ggufNameOf('model.layers.3.self_attn.indexer.wk.weight')).toBe('blk.3.indexer.attn_k.weight');
    expect(ggufNameOf('model.layers.3.self_attn.indexer.k_norm.bias')).toBe('blk.3.indexer.k_norm.bias');
    expect(ggufNameOf('model.layers.3.self_attn.indexer.weights_proj.weight')).toBe('blk.3.indexer.proj.weight');
  });

  it('gives indexer tensors attention roles in their layer, and its norm the norm role', () => {
    expect(tensorFromName('blk.3.indexer.attn_q_b.weight', [1536, 8192], 12_582_912, 61)).toMatchObject({ role: 'attn_q_b', layer: 3 });
    expect(tensorFromName('blk.3.indexer.proj.weight', [7168, 64], 458_752, 61)).toMatchObject({ role: 'attn_k', layer: 3 });
    expect(tensorFromName('blk.3.indexer.k_norm.bias', [128], 128, 61)).toMatchObject({ role: 'norm', layer: 3 });
    // The multi-token-prediction layer's indexer is not a decoder layer.
    expect(tensorFromName('blk.61.indexer.attn_k.weight', [7168, 128], 917_504, 61).layer).toBeNull();
  });
});
