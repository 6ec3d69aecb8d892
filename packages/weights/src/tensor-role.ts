import type { DecoderTensor, TensorRole } from './tensor-inventory.js';

/** GGUF block tensor names ("attn_q", "ffn_down_exps") to roles; anything else in a block is a layer weight. */
const BLOCK_ROLES: Record<string, TensorRole> = {
  attn_q: 'attn_q',
  attn_k: 'attn_k',
  attn_v: 'attn_v',
  attn_qkv: 'attn_v',
  attn_output: 'attn_output',
  attn_q_a: 'attn_q_a',
  attn_q_b: 'attn_q_b',
  attn_kv_a_mqa: 'attn_kv_a_mqa',
  attn_kv_b: 'attn_kv_b',
  attn_k_b: 'attn_kv_b',
  attn_v_b: 'attn_kv_b',
  attn_sinks: 'attn_sinks',
  ffn_gate: 'ffn_gate',
  ffn_up: 'ffn_up',
  ffn_down: 'ffn_down',
  ffn_gate_up: 'ffn_up',
  ffn_gate_inp: 'ffn_gate_inp',
  ffn_gate_exps: 'ffn_gate_exps',
  ffn_up_exps: 'ffn_up_exps',
  ffn_down_exps: 'ffn_down_exps',
  ffn_gate_up_exps: 'ffn_up_exps',
  ffn_gate_shexp: 'ffn_gate_shexp',
  ffn_up_shexp: 'ffn_up_shexp',
  ffn_down_shexp: 'ffn_down_shexp',
  ssm_conv1d: 'ssm_conv1d',
  ssm_out: 'ssm_out',
};

/**
 * A tensor of a weight file described the way the estimator reasons about tensors: its role and layer
 * from its GGUF-style name (safetensors names are translated first), routed experts marked.
 */
export function tensorFromName(name: string, shape: number[], elements: number, layers: number): DecoderTensor {
  const block =
    /^blk\.(\d+)\.((?:indexer\.)?[a-z0-9_]+?)(\.weight|\.bias|\.scale.*|\.qweight|\.qzeros|\.scales|\.g_idx|_blocks|_scales)?$/.exec(name);
  if (block?.[1] && block[2]) {
    const layer = Number(block[1]);
    const base = block[2];
    // The sparse-attention indexer's projections are small attention weights (its "proj" gives per-head weights).
    const own = base === 'indexer.proj' ? 'attn_k' : base.replace(/^indexer\./, '');
    const role: TensorRole = /norm/.test(base) ? 'norm' : (BLOCK_ROLES[own] ?? (name.endsWith('.bias') ? 'attn_bias' : 'ffn_up'));
    const routedExperts = /_exps$/.test(base) || /\.experts\./.test(name);
    // Layers past the model's own (DeepSeek's multi-token-prediction layer) are not decoder layers.
    return { name, role, layer: layer < layers ? layer : null, shape, elements, routedExperts };
  }
  const expert = /^blk\.(\d+)\.experts\.\d+\./.exec(name);
  if (expert?.[1]) {
    const layer = Number(expert[1]);
    return { name, role: 'ffn_up_exps', layer: layer < layers ? layer : null, shape, elements, routedExperts: true };
  }
  if (name.startsWith('token_embd')) return { name, role: 'token_embd', layer: null, shape, elements, routedExperts: false };
  if (name.startsWith('output_norm')) return { name, role: 'output_norm', layer: null, shape, elements, routedExperts: false };
  if (name.startsWith('output')) return { name, role: 'output', layer: null, shape, elements, routedExperts: false };
  return { name, role: 'norm', layer: null, shape, elements, routedExperts: false };
}
