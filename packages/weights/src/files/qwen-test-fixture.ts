// Test support (no *.test.ts: vitest runs no tests from it, and the package exports it nowhere).

/** Qwen2.5-0.5B's real config.json fields (tied embeddings, q/k/v biases). */
export const QWEN25_05B_CONFIG = {
  architectures: ['Qwen2ForCausalLM'],
  model_type: 'qwen2',
  hidden_size: 896,
  intermediate_size: 4864,
  num_attention_heads: 14,
  num_hidden_layers: 24,
  num_key_value_heads: 2,
  vocab_size: 151936,
  max_position_embeddings: 32768,
  sliding_window: 32768,
  use_sliding_window: false,
  tie_word_embeddings: true,
  torch_dtype: 'bfloat16',
};

/** Its safetensors tensors, BF16, named and shaped as the published checkpoint's. */
export function qwenSafetensorsTensors(): Array<{ name: string; dtype: string; shape: number[] }> {
  const c = QWEN25_05B_CONFIG;
  const tensors: Array<{ name: string; dtype: string; shape: number[] }> = [
    { name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [c.vocab_size, c.hidden_size] },
  ];
  const kv = c.num_key_value_heads * (c.hidden_size / c.num_attention_heads);
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const p = `model.layers.${i}`;
    tensors.push(
      { name: `${p}.input_layernorm.weight`, dtype: 'BF16', shape: [c.hidden_size] },
      { name: `${p}.post_attention_layernorm.weight`, dtype: 'BF16', shape: [c.hidden_size] },
      { name: `${p}.self_attn.q_proj.weight`, dtype: 'BF16', shape: [c.hidden_size, c.hidden_size] },
      { name: `${p}.self_attn.q_proj.bias`, dtype: 'BF16', shape: [c.hidden_size] },
      { name: `${p}.self_attn.k_proj.weight`, dtype: 'BF16', shape: [kv, c.hidden_size] },
      { name: `${p}.self_attn.k_proj.bias`, dtype: 'BF16', shape: [kv] },
      { name: `${p}.self_attn.v_proj.weight`, dtype: 'BF16', shape: [kv, c.hidden_size] },
      { name: `${p}.self_attn.v_proj.bias`, dtype: 'BF16', shape: [kv] },
      { name: `${p}.self_attn.o_proj.weight`, dtype: 'BF16', shape: [c.hidden_size, c.hidden_size] },
      { name: `${p}.mlp.gate_proj.weight`, dtype: 'BF16', shape: [c.intermediate_size, c.hidden_size] },
      { name: `${p}.mlp.up_proj.weight`, dtype: 'BF16', shape: [c.intermediate_size, c.hidden_size] },
      { name: `${p}.mlp.down_proj.weight`, dtype: 'BF16', shape: [c.hidden_size, c.intermediate_size] },
    );
  }
  tensors.push({ name: 'model.norm.weight', dtype: 'BF16', shape: [c.hidden_size] });
  return tensors;
}
