/** Hugging Face sub-module names inside a decoder layer, and the GGUF names llama.cpp gives them. */
const LAYER_NAMES: Array<[RegExp, string]> = [
  [/^self_attn\.q_proj$/, 'attn_q'],
  [/^self_attn\.k_proj$/, 'attn_k'],
  [/^self_attn\.v_proj$/, 'attn_v'],
  [/^self_attn\.qkv_proj$/, 'attn_qkv'],
  [/^self_attn\.o_proj$/, 'attn_output'],
  [/^self_attn\.q_a_proj$/, 'attn_q_a'],
  [/^self_attn\.q_b_proj$/, 'attn_q_b'],
  [/^self_attn\.kv_a_proj_with_mqa$/, 'attn_kv_a_mqa'],
  [/^self_attn\.kv_b_proj$/, 'attn_kv_b'],
  [/^self_attn\.q_a_layernorm$/, 'attn_q_a_norm'],
  [/^self_attn\.kv_a_layernorm$/, 'attn_kv_a_norm'],
  [/^self_attn\.q_norm$/, 'attn_q_norm'],
  [/^self_attn\.k_norm$/, 'attn_k_norm'],
  [/^self_attn\.sinks$/, 'attn_sinks'],
  // DeepSeek-V3.2's lightning indexer (names as in the tensor inventory).
  [/^self_attn\.indexer\.wq_b$/, 'indexer.attn_q_b'],
  [/^self_attn\.indexer\.wk$/, 'indexer.attn_k'],
  [/^self_attn\.indexer\.k_norm$/, 'indexer.k_norm'],
  [/^self_attn\.indexer\.weights_proj$/, 'indexer.proj'],
  [/^(mlp|feed_forward)\.gate_proj$/, 'ffn_gate'],
  [/^(mlp|feed_forward)\.up_proj$/, 'ffn_up'],
  [/^(mlp|feed_forward)\.down_proj$/, 'ffn_down'],
  [/^(mlp|feed_forward)\.gate_up_proj$/, 'ffn_gate_up'],
  [/^(mlp|block_sparse_moe|feed_forward)\.(gate|router)$/, 'ffn_gate_inp'],
  [/^mlp\.shared_expert_gate$/, 'ffn_gate_inp_shexp'],
  [/^(mlp|feed_forward)\.shared_experts?\.gate_proj$/, 'ffn_gate_shexp'],
  [/^(mlp|feed_forward)\.shared_experts?\.up_proj$/, 'ffn_up_shexp'],
  [/^(mlp|feed_forward)\.shared_experts?\.down_proj$/, 'ffn_down_shexp'],
  // Experts stored as one 3-D tensor per projection (gpt-oss, Llama 4).
  [/^(mlp|feed_forward)\.experts\.gate_up_proj$/, 'ffn_gate_up_exps'],
  [/^(mlp|feed_forward)\.experts\.down_proj$/, 'ffn_down_exps'],
  [/^input_layernorm$/, 'attn_norm'],
  [/^post_attention_layernorm$/, 'ffn_norm'],
  [/^pre_feedforward_layernorm$/, 'ffn_norm_pre'],
  [/^post_feedforward_layernorm$/, 'post_ffw_norm'],
];

/**
 * Translates a Hugging Face tensor name to llama.cpp's GGUF naming, so safetensors and GGUF files are
 * reasoned about alike: "model.layers.3.self_attn.q_proj.weight" -> "blk.3.attn_q.weight";
 * per-expert tensors become "blk.3.experts.7.ffn_gate.weight" (routed experts). Vision and audio towers
 * keep their name under "mm.".
 */
export function ggufNameOf(hfName: string): string {
  const name = hfName
    .replace(/^model\.language_model\./, 'model.')
    .replace(/^language_model\.model\./, 'model.')
    .replace(/^language_model\./, '');
  if (/^(model\.)?(vision_tower|visual|vision_model|multi_modal_projector|audio_tower|mm_projector|embed_vision)/.test(name))
    return `mm.${name}`;
  if (/^(model\.)?(embed_tokens|tok_embeddings|wte)\./.test(name))
    return name.replace(/^(model\.)?(embed_tokens|tok_embeddings|wte)/, 'token_embd');
  if (/^lm_head\./.test(name)) return name.replace(/^lm_head/, 'output');
  if (/^model\.norm\./.test(name)) return name.replace(/^model\.norm/, 'output_norm');
  const layer = /^(?:model\.)?(?:layers|h|blocks)\.(\d+)\.(.+)$/.exec(name);
  if (!layer?.[1] || !layer[2]) return name;
  const index = layer[1];
  const rest = layer[2];
  const expert = /^(?:mlp|block_sparse_moe|feed_forward)\.experts\.(\d+)\.(\w+)(\..+)$/.exec(rest);
  if (expert?.[1] && expert[2] && expert[3]) {
    const projection =
      (
        { gate_proj: 'ffn_gate', up_proj: 'ffn_up', down_proj: 'ffn_down', w1: 'ffn_gate', w3: 'ffn_up', w2: 'ffn_down' } as Record<
          string,
          string
        >
      )[expert[2]] ?? expert[2];
    return `blk.${index}.experts.${expert[1]}.${projection}${expert[3]}`;
  }
  const suffix =
    /(\.(weight|bias|qweight|qzeros|scales|g_idx|weight_scale|weight_scale_inv|input_scale|absmax|quant_map|quant_state.*|nested_absmax|nested_quant_map)|_blocks|_scales|_bias)$/.exec(
      rest,
    );
  const module = suffix ? rest.slice(0, rest.length - suffix[0].length) : rest;
  const mapped = LAYER_NAMES.find(([pattern]) => pattern.test(module))?.[1] ?? module.replace(/\./g, '_');
  return `blk.${index}.${mapped}${suffix?.[0] ?? ''}`;
}
