import { describe, expect, it } from 'vitest';
import { builtInModels } from '../lookup.js';
import { ModelArchitectureSchema } from '../model-spec.js';
import { countDecoderParameters } from '../tensor-inventory.js';
import { architectureFromHfConfig } from './hf-config.js';

// The fields of each model's published config.json (https://huggingface.co/<id>/blob/main/config.json)
// that decide its tensors, with their real key names.
const CONFIGS: Array<[string, Record<string, unknown>]> = [
  [
    'meta-llama/Meta-Llama-3-8B-Instruct',
    {
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      hidden_size: 4096,
      intermediate_size: 14336,
      num_attention_heads: 32,
      num_hidden_layers: 32,
      num_key_value_heads: 8,
      vocab_size: 128256,
      max_position_embeddings: 8192,
      tie_word_embeddings: false,
      attention_bias: false,
    },
  ],
  [
    'mistralai/Mistral-7B-Instruct-v0.1',
    {
      architectures: ['MistralForCausalLM'],
      model_type: 'mistral',
      hidden_size: 4096,
      intermediate_size: 14336,
      num_attention_heads: 32,
      num_hidden_layers: 32,
      num_key_value_heads: 8,
      vocab_size: 32000,
      max_position_embeddings: 32768,
      sliding_window: 4096,
      tie_word_embeddings: false,
    },
  ],
  [
    'mistralai/Mixtral-8x7B-Instruct-v0.1',
    {
      architectures: ['MixtralForCausalLM'],
      model_type: 'mixtral',
      hidden_size: 4096,
      intermediate_size: 14336,
      num_attention_heads: 32,
      num_hidden_layers: 32,
      num_key_value_heads: 8,
      vocab_size: 32000,
      max_position_embeddings: 32768,
      num_local_experts: 8,
      num_experts_per_tok: 2,
      sliding_window: null,
      tie_word_embeddings: false,
    },
  ],
  [
    'Qwen/Qwen2.5-7B-Instruct',
    {
      architectures: ['Qwen2ForCausalLM'],
      model_type: 'qwen2',
      hidden_size: 3584,
      intermediate_size: 18944,
      num_attention_heads: 28,
      num_hidden_layers: 28,
      num_key_value_heads: 4,
      vocab_size: 152064,
      max_position_embeddings: 32768,
      sliding_window: 131072,
      use_sliding_window: false,
      tie_word_embeddings: false,
    },
  ],
  [
    'Qwen/Qwen3-8B',
    {
      architectures: ['Qwen3ForCausalLM'],
      model_type: 'qwen3',
      hidden_size: 4096,
      intermediate_size: 12288,
      num_attention_heads: 32,
      num_hidden_layers: 36,
      num_key_value_heads: 8,
      head_dim: 128,
      vocab_size: 151936,
      max_position_embeddings: 40960,
      tie_word_embeddings: false,
    },
  ],
  [
    'Qwen/Qwen3-30B-A3B-Instruct-2507',
    {
      architectures: ['Qwen3MoeForCausalLM'],
      model_type: 'qwen3_moe',
      hidden_size: 2048,
      intermediate_size: 6144,
      moe_intermediate_size: 768,
      num_attention_heads: 32,
      num_hidden_layers: 48,
      num_key_value_heads: 4,
      head_dim: 128,
      num_experts: 128,
      num_experts_per_tok: 8,
      decoder_sparse_step: 1,
      mlp_only_layers: [],
      vocab_size: 151936,
      max_position_embeddings: 262144,
      tie_word_embeddings: false,
    },
  ],
  [
    'google/gemma-2-9b-it',
    {
      architectures: ['Gemma2ForCausalLM'],
      model_type: 'gemma2',
      hidden_size: 3584,
      intermediate_size: 14336,
      num_attention_heads: 16,
      num_hidden_layers: 42,
      num_key_value_heads: 8,
      head_dim: 256,
      vocab_size: 256000,
      max_position_embeddings: 8192,
      sliding_window: 4096,
    },
  ],
  [
    'google/gemma-3-27b-it',
    {
      architectures: ['Gemma3ForConditionalGeneration'],
      model_type: 'gemma3',
      text_config: {
        model_type: 'gemma3_text',
        hidden_size: 5376,
        intermediate_size: 21504,
        num_attention_heads: 32,
        num_hidden_layers: 62,
        num_key_value_heads: 16,
        head_dim: 128,
        vocab_size: 262208,
        sliding_window: 1024,
        sliding_window_pattern: 6,
        max_position_embeddings: 131072,
      },
      vision_config: { model_type: 'siglip_vision_model' },
    },
  ],
  [
    'microsoft/Phi-3-mini-4k-instruct',
    {
      architectures: ['Phi3ForCausalLM'],
      model_type: 'phi3',
      hidden_size: 3072,
      intermediate_size: 8192,
      num_attention_heads: 32,
      num_hidden_layers: 32,
      num_key_value_heads: 32,
      vocab_size: 32064,
      max_position_embeddings: 4096,
      sliding_window: 2047,
      tie_word_embeddings: false,
    },
  ],
  [
    'deepseek-ai/DeepSeek-V3-0324',
    {
      architectures: ['DeepseekV3ForCausalLM'],
      model_type: 'deepseek_v3',
      hidden_size: 7168,
      intermediate_size: 18432,
      moe_intermediate_size: 2048,
      num_attention_heads: 128,
      num_hidden_layers: 61,
      num_key_value_heads: 128,
      n_routed_experts: 256,
      n_shared_experts: 1,
      num_experts_per_tok: 8,
      first_k_dense_replace: 3,
      moe_layer_freq: 1,
      q_lora_rank: 1536,
      kv_lora_rank: 512,
      qk_nope_head_dim: 128,
      qk_rope_head_dim: 64,
      v_head_dim: 128,
      topk_method: 'noaux_tc',
      vocab_size: 129280,
      max_position_embeddings: 163840,
      tie_word_embeddings: false,
      num_nextn_predict_layers: 1,
    },
  ],
  [
    'openai/gpt-oss-20b',
    {
      architectures: ['GptOssForCausalLM'],
      model_type: 'gpt_oss',
      hidden_size: 2880,
      intermediate_size: 2880,
      num_attention_heads: 64,
      num_hidden_layers: 24,
      num_key_value_heads: 8,
      head_dim: 64,
      num_local_experts: 32,
      num_experts_per_tok: 4,
      experts_per_token: 4,
      vocab_size: 201088,
      max_position_embeddings: 131072,
      sliding_window: 128,
      layer_types: Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 'sliding_attention' : 'full_attention')),
      tie_word_embeddings: false,
    },
  ],
  [
    'Qwen/Qwen3-Next-80B-A3B-Instruct',
    {
      architectures: ['Qwen3NextForCausalLM'],
      model_type: 'qwen3_next',
      hidden_size: 2048,
      intermediate_size: 5120,
      moe_intermediate_size: 512,
      shared_expert_intermediate_size: 512,
      num_attention_heads: 16,
      num_hidden_layers: 48,
      num_key_value_heads: 2,
      head_dim: 256,
      num_experts: 512,
      num_experts_per_tok: 10,
      decoder_sparse_step: 1,
      full_attention_interval: 4,
      linear_num_key_heads: 16,
      linear_num_value_heads: 32,
      linear_key_head_dim: 128,
      linear_value_head_dim: 128,
      linear_conv_kernel_dim: 4,
      vocab_size: 151936,
      max_position_embeddings: 262144,
      tie_word_embeddings: false,
    },
  ],
  [
    'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    {
      architectures: ['Llama4ForConditionalGeneration'],
      model_type: 'llama4',
      text_config: {
        model_type: 'llama4_text',
        hidden_size: 5120,
        intermediate_size: 8192,
        intermediate_size_mlp: 16384,
        num_attention_heads: 40,
        num_hidden_layers: 48,
        num_key_value_heads: 8,
        head_dim: 128,
        num_local_experts: 16,
        num_experts_per_tok: 1,
        interleave_moe_layer_step: 1,
        attention_chunk_size: 8192,
        vocab_size: 202048,
        max_position_embeddings: 10485760,
        tie_word_embeddings: false,
      },
      vision_config: { model_type: 'llama4_vision_model' },
    },
  ],
  [
    'MiniMaxAI/MiniMax-M2',
    {
      architectures: ['MiniMaxM2ForCausalLM'],
      model_type: 'minimax_m2',
      hidden_size: 3072,
      intermediate_size: 1536,
      num_attention_heads: 48,
      num_hidden_layers: 62,
      num_key_value_heads: 8,
      head_dim: 128,
      num_local_experts: 256,
      num_experts_per_tok: 8,
      scoring_func: 'sigmoid',
      use_routing_bias: true,
      use_qk_norm: true,
      qk_norm_type: 'per_layer',
      rotary_dim: 64,
      vocab_size: 200064,
      max_position_embeddings: 196608,
      tie_word_embeddings: false,
    },
  ],
];

describe('architectureFromHfConfig', () => {
  it.each(CONFIGS)('gives %s its official parameter count', (id, config) => {
    const model = builtInModels().get(id);
    const architecture = ModelArchitectureSchema.parse(architectureFromHfConfig(config));
    expect(countDecoderParameters(architecture)).toBe(model.parameterCount - model.multimodalParameterCount);
  });

  it('reads sliding windows, MLA and linear attention where the config has them', () => {
    const byId = Object.fromEntries(CONFIGS);
    const gemma3 = architectureFromHfConfig(byId['google/gemma-3-27b-it'] ?? {});
    expect(gemma3.attentionLayers).toHaveLength(6);
    expect(gemma3.attentionLayers[0]).toEqual({ kind: 'sliding', windowTokens: 1024 });
    expect(architectureFromHfConfig(byId['deepseek-ai/DeepSeek-V3-0324'] ?? {}).attentionLayers).toEqual([{ kind: 'mla' }]);
    expect(architectureFromHfConfig(byId['Qwen/Qwen2.5-7B-Instruct'] ?? {}).attentionLayers).toEqual([{ kind: 'full' }]);
    expect(architectureFromHfConfig(byId['Qwen/Qwen3-Next-80B-A3B-Instruct'] ?? {}).attentionLayers?.map((l) => l.kind)).toEqual([
      'linear',
      'linear',
      'linear',
      'full',
    ]);
  });

  it('says what a config lacks', () => {
    expect(() => architectureFromHfConfig({ model_type: 'llama', hidden_size: 4096 })).toThrow(
      /llama config needs a positive "num_attention_heads"/,
    );
    expect(() => architectureFromHfConfig({})).toThrow(/no "model_type"/);
  });
});
