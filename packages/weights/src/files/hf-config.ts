import type { AttentionLayer } from '../attention-layer.js';
import { ARCHITECTURE_LIMITS, type ModelArchitectureInput } from '../model-spec.js';

type Json = Record<string, unknown>;

/** Error for a config.json that lacks what its family needs; the caller adds the file name. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const L = ARCHITECTURE_LIMITS;

/**
 * The accepted range of every numeric config.json field the reader uses, from the architecture limits.
 * Checked when the field is read, before anything is built from it, so a hostile value is a one-line error
 * naming the field instead of an allocation proportional to it.
 */
const FIELD_RANGES: Record<string, readonly [number, number]> = {
  hidden_size: [1, L.hiddenSize],
  num_attention_heads: [1, L.attentionHeads],
  num_key_value_heads: [1, L.attentionHeads],
  num_hidden_layers: [1, L.layers],
  head_dim: [1, L.headDim],
  vocab_size: [1, L.vocabSize],
  max_position_embeddings: [1, L.contextTokens],
  seq_length: [1, L.contextTokens],
  intermediate_size: [0, L.intermediateSize],
  intermediate_size_mlp: [0, L.intermediateSize],
  moe_intermediate_size: [0, L.intermediateSize],
  shared_expert_intermediate_size: [0, L.intermediateSize],
  sliding_window: [1, L.contextTokens],
  attention_chunk_size: [1, L.contextTokens],
  sliding_window_pattern: [1, L.layers],
  full_attention_interval: [1, L.layers],
  num_local_experts: [0, L.experts],
  num_experts: [0, L.experts],
  n_routed_experts: [0, L.experts],
  n_shared_experts: [0, L.experts],
  num_experts_per_tok: [0, L.experts],
  experts_per_token: [0, L.experts],
  first_k_dense_replace: [0, L.layers],
  interleave_moe_layer_step: [1, L.layers],
  decoder_sparse_step: [1, L.layers],
  moe_layer_freq: [1, L.layers],
  num_nextn_predict_layers: [0, 8],
  kv_lora_rank: [1, L.headDim],
  q_lora_rank: [1, L.headDim],
  qk_nope_head_dim: [1, L.headDim],
  qk_rope_head_dim: [1, L.headDim],
  v_head_dim: [1, L.headDim],
  linear_num_key_heads: [1, L.attentionHeads],
  linear_num_value_heads: [1, L.attentionHeads],
  linear_key_head_dim: [1, L.headDim],
  linear_value_head_dim: [1, L.headDim],
  linear_conv_kernel_dim: [1, L.convKernelSize],
};

function rangeError(key: string, value: unknown, why = '', least?: number): ConfigError {
  const [lowest, max] = FIELD_RANGES[key] ?? [1, Number.MAX_SAFE_INTEGER];
  const min = least ?? lowest;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value).slice(0, 40);
  return new ConfigError(`${key} must be an integer ${min}..${max}, got ${shown}${why}`);
}

/** A numeric field, checked against its range; absent (or null, or not a number) is undefined. */
const int = (config: Json, key: string): number | undefined => {
  const value = config[key];
  if (typeof value !== 'number') return undefined;
  const range = FIELD_RANGES[key];
  if (!range) return Number.isFinite(value) ? value : undefined;
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) throw rangeError(key, value);
  return value;
};

/** A field the family cannot do without: present, an integer and within its range. */
function need(config: Json, key: string, family: string): number {
  const value = int(config, key);
  if (value === undefined) {
    if (config[key] === undefined || config[key] === null) throw new ConfigError(`${family} config needs a positive "${key}"`);
    throw rangeError(key, config[key]);
  }
  if (value <= 0) throw rangeError(key, value);
  return value;
}

/** Sliding-window layers from transformers' `layer_types`, or the family's fixed pattern. */
function attentionLayers(config: Json, modelType: string): AttentionLayer[] {
  const window = int(config, 'sliding_window');
  const types = config.layer_types;
  if (Array.isArray(types) && types.every((t) => typeof t === 'string')) {
    if (types.length > L.layers) throw new ConfigError(`layer_types has ${types.length} entries, at most ${L.layers} (one per layer)`);
    return (types as string[]).map((t) =>
      t === 'sliding_attention' && window
        ? { kind: 'sliding', windowTokens: window }
        : t === 'linear_attention'
          ? { kind: 'linear' }
          : { kind: 'full' },
    );
  }
  const chunk = int(config, 'attention_chunk_size');
  if (modelType === 'llama4' && chunk) {
    const chunked: AttentionLayer = { kind: 'chunked', chunkTokens: chunk };
    return [chunked, chunked, chunked, { kind: 'full' }];
  }
  if (modelType === 'qwen3_next') {
    const interval = int(config, 'full_attention_interval') ?? 4;
    return [...Array.from({ length: interval - 1 }, () => ({ kind: 'linear' as const })), { kind: 'full' }];
  }
  if (!window) return [{ kind: 'full' }];
  const sliding: AttentionLayer = { kind: 'sliding', windowTokens: window };
  if (modelType === 'gemma2') return [sliding, { kind: 'full' }];
  if (modelType === 'gemma3') {
    const period = int(config, 'sliding_window_pattern') ?? 6;
    return [...Array.from({ length: period - 1 }, () => sliding), { kind: 'full' }];
  }
  // Qwen2/Qwen3 configs carry a sliding_window that is off unless use_sliding_window is true.
  if ((modelType.startsWith('qwen') || modelType === 'phi3') && config.use_sliding_window !== true) return [{ kind: 'full' }];
  return [sliding];
}

const QKV_BIAS = new Set(['qwen2', 'qwen2_moe']);
/** Model types whose stored multi-token-prediction layers follow DeepSeek-V3's layout. */
const DEEPSEEK_MTP = new Set(['deepseek_v3', 'deepseek_v32']);
const QK_NORM = new Set(['qwen3', 'qwen3_moe', 'qwen3_next', 'gemma3', 'olmo2']);
/** Models whose q/k norm spans the whole projection rather than one head. */
const LAYER_QK_NORM = new Set(['olmo2', 'minimax_m2']);
const FOUR_NORMS = new Set(['gemma2', 'gemma3']);
const TIED_BY_DEFAULT = new Set(['gemma', 'gemma2', 'gemma3']);

/**
 * The architecture a config.json describes, for the families people deploy (llama, mistral, mixtral,
 * qwen2/qwen3 and their MoE, qwen3_next, gemma2/gemma3, phi3, phimoe, deepseek_v2/v3, gpt_oss, llama4,
 * smollm3). Multimodal configs describe the text decoder in `text_config`.
 */
export function architectureFromHfConfig(raw: Json): ModelArchitectureInput {
  const outer = raw;
  const config = (typeof raw.text_config === 'object' && raw.text_config !== null ? { ...(raw.text_config as Json) } : raw) as Json;
  // A multimodal config's text_config says "gemma3_text", "llama4_text": the family is the same.
  const modelType = String(config.model_type ?? outer.model_type ?? '').replace(/_text$/, '');
  if (!modelType) throw new ConfigError('config has no "model_type"');
  const hfArchitecture =
    Array.isArray(outer.architectures) && typeof outer.architectures[0] === 'string' ? outer.architectures[0] : modelType;
  const family = modelType;
  const hidden = need(config, 'hidden_size', family);
  const heads = need(config, 'num_attention_heads', family);
  const layers = need(config, 'num_hidden_layers', family);
  const tied =
    typeof config.tie_word_embeddings === 'boolean'
      ? config.tie_word_embeddings
      : typeof outer.tie_word_embeddings === 'boolean'
        ? outer.tie_word_embeddings
        : TIED_BY_DEFAULT.has(modelType);
  const intermediate = int(config, 'intermediate_size_mlp') ?? int(config, 'intermediate_size') ?? 0;

  const architecture: ModelArchitectureInput = {
    hfArchitecture,
    modelType,
    layers,
    hiddenSize: hidden,
    intermediateSize: intermediate,
    attentionHeads: heads,
    kvHeads: int(config, 'num_key_value_heads') ?? heads,
    headDim: int(config, 'head_dim') ?? hidden / heads,
    vocabSize: need(config, 'vocab_size', family),
    maxContextTokens: int(config, 'max_position_embeddings') ?? int(config, 'seq_length') ?? 4096,
    tiedEmbeddings: tied,
    attentionBias:
      modelType === 'gpt_oss' || (modelType === 'phimoe' && config.attention_bias !== false)
        ? 'qkvo'
        : QKV_BIAS.has(modelType) || config.attention_bias === true
          ? 'qkv'
          : 'none',
    qkNorm: QK_NORM.has(modelType) || config.use_qk_norm === true,
    qkNormScope: LAYER_QK_NORM.has(modelType) || config.qk_norm_type === 'per_layer' ? 'layer' : 'head',
    normsPerLayer: FOUR_NORMS.has(modelType) ? 4 : 2,
    normKind: modelType === 'phimoe' ? 'layer' : 'rms',
    attentionSinks: modelType === 'gpt_oss',
    attentionOutputGate: modelType === 'qwen3_next',
    attentionLayers: attentionLayers(config, modelType),
  };
  if (modelType === 'phimoe' && config.lm_head_bias === true) architecture.outputBias = true;
  // DeepSeek-V3's layout of a stored MTP layer (see weight-bytes.ts); other families store theirs differently.
  if (DEEPSEEK_MTP.has(modelType)) architecture.mtpLayers = int(config, 'num_nextn_predict_layers') ?? 0;

  const experts = int(config, 'num_local_experts') ?? int(config, 'num_experts') ?? int(config, 'n_routed_experts');
  if (experts && experts > 1) {
    const expertSize = int(config, 'moe_intermediate_size') ?? int(config, 'intermediate_size') ?? 0;
    const shared = int(config, 'n_shared_experts') ?? (int(config, 'shared_expert_intermediate_size') ? 1 : modelType === 'llama4' ? 1 : 0);
    architecture.moe = {
      experts,
      activeExperts: int(config, 'num_experts_per_tok') ?? int(config, 'experts_per_token') ?? 2,
      sharedExperts: shared,
      expertIntermediateSize: expertSize,
      ...(int(config, 'shared_expert_intermediate_size')
        ? { sharedExpertIntermediateSize: int(config, 'shared_expert_intermediate_size') }
        : {}),
      leadingDenseLayers: int(config, 'first_k_dense_replace') ?? 0,
      moeLayerStep: int(config, 'interleave_moe_layer_step') ?? int(config, 'decoder_sparse_step') ?? int(config, 'moe_layer_freq') ?? 1,
      routerBias: modelType === 'gpt_oss',
      expertBias: modelType === 'gpt_oss',
      sharedExpertGate: int(config, 'shared_expert_intermediate_size') !== undefined,
      // DeepSeek-V3 style (noaux_tc) or MiniMax-M2's use_routing_bias: a per-expert bias added before top-k.
      routerScoreCorrectionBias: config.topk_method === 'noaux_tc' || config.use_routing_bias === true,
    };
    // Mixtral, gpt-oss and Phi-MoE name the expert width intermediate_size and have no dense layers.
    if (int(config, 'moe_intermediate_size') === undefined && modelType !== 'llama4') architecture.intermediateSize = 0;
    if (modelType === 'llama4') architecture.intermediateSize = int(config, 'intermediate_size_mlp') ?? 0;
  }
  const kvLoraRank = int(config, 'kv_lora_rank');
  if (kvLoraRank) {
    architecture.mla = {
      queryLoraRank: int(config, 'q_lora_rank') ?? null,
      kvLoraRank,
      queryKeyNopeHeadDim: need(config, 'qk_nope_head_dim', family),
      queryKeyRopeHeadDim: need(config, 'qk_rope_head_dim', family),
      valueHeadDim: need(config, 'v_head_dim', family),
    };
    // DeepSeek-V3.2's sparse attention: a lightning indexer in every MLA layer.
    const indexHeads = int(config, 'index_n_heads');
    if (indexHeads)
      architecture.mla.indexer = {
        heads: indexHeads,
        headDim: need(config, 'index_head_dim', family),
        topKTokens: need(config, 'index_topk', family),
      };
    architecture.attentionLayers = [{ kind: 'mla' }];
  }
  if (modelType === 'qwen3_next') {
    architecture.linearAttention = {
      keyHeads: need(config, 'linear_num_key_heads', family),
      valueHeads: need(config, 'linear_num_value_heads', family),
      keyHeadDim: need(config, 'linear_key_head_dim', family),
      valueHeadDim: need(config, 'linear_value_head_dim', family),
      convKernelSize: need(config, 'linear_conv_kernel_dim', family),
    };
  }
  checkConsistency(config, architecture);
  return architecture;
}

/** Field combinations the tensor inventory cannot list, named by their config.json keys. */
function checkConsistency(config: Json, architecture: ModelArchitectureInput): void {
  if (config.head_dim === undefined || config.head_dim === null) {
    if (!Number.isInteger(architecture.headDim))
      throw new ConfigError(
        `head_dim is missing and hidden_size / num_attention_heads (${architecture.hiddenSize} / ${architecture.attentionHeads}) is not an integer`,
      );
  }
  const moe = architecture.moe;
  const hasDenseLayer = !moe || (moe.leadingDenseLayers ?? 0) > 0 || (moe.moeLayerStep ?? 1) > 1;
  if (hasDenseLayer && architecture.intermediateSize === 0) {
    const key = architecture.modelType === 'llama4' ? 'intermediate_size_mlp' : 'intermediate_size';
    throw rangeError(key, config[key] ?? 'nothing', ' (the model has dense FFN layers)', 1);
  }
  if (moe) {
    const widthKey = int(config, 'moe_intermediate_size') !== undefined ? 'moe_intermediate_size' : 'intermediate_size';
    if (moe.expertIntermediateSize === 0) throw rangeError(widthKey, config[widthKey] ?? 'nothing', ' (the experts need a width)', 1);
    if (moe.activeExperts < 1 || moe.activeExperts > moe.experts) {
      const key = config.num_experts_per_tok !== undefined ? 'num_experts_per_tok' : 'experts_per_token';
      throw new ConfigError(`${key} must be an integer 1..${moe.experts} (the experts per layer), got ${moe.activeExperts}`);
    }
  }
}
