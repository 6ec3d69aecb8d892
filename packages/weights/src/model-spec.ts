import { z } from 'zod';
import { AttentionLayerSchema } from './attention-layer.js';

const PositiveInt = z.int().positive();
const NonNegativeInt = z.int().nonnegative();

/**
 * Upper bounds on every architecture field. Each sits several times above the largest published model so
 * no real checkpoint is refused, and far below what would make the planner allocate gigabytes (it lists
 * tensors and KV-cache entries per layer): a 1 MB file claiming 100 million layers must be an error, not an
 * out-of-memory crash. The readers check config.json and GGUF metadata against them before building anything.
 */
export const ARCHITECTURE_LIMITS = {
  /** Deepest published decoders: Llama 3.1 405B 126 layers, PaLM 540B 118, GPT-3 96; 1024 is 8x that. */
  layers: 1024,
  /** Widest: Megatron-Turing 530B 20,480, PaLM 18,432, Llama 3.1 405B 16,384. */
  hiddenSize: 65_536,
  /** Widest FFN: PaLM 73,728, Llama 3.1 405B 53,248; also bounds expert and shared-expert widths. */
  intermediateSize: 262_144,
  /** Most heads: 128 (Llama 3.1 405B, DeepSeek-V3); also bounds KV heads and linear-attention heads. */
  attentionHeads: 1024,
  /** Largest head dimension in use is 256 (Gemma); MLA ranks reach 1,536 (DeepSeek-V3 q_lora_rank). */
  headDim: 16_384,
  /** Largest vocabularies: 262,208 (Gemma 3), 256,000 (Gemma 2); 4,194,304 is 16x. */
  vocabSize: 4_194_304,
  /** Longest published context: 10M tokens (Llama 4 Scout); 2^30 is 100x, and keeps token arithmetic exact. */
  contextTokens: 1_073_741_824,
  /** Most routed experts: 512 (Qwen3-Next), 384 (Kimi K2), 256 (DeepSeek-V3). */
  experts: 16_384,
  /** Norms per layer: 2 for pre-norm models, 4 for Gemma's sandwich norms. */
  normsPerLayer: 16,
  /** Gated DeltaNet / Mamba convolution kernels are 4 wide. */
  convKernelSize: 1024,
} as const;

const Bounded = (max: number, what: string) => PositiveInt.max(max, `must be at most ${max} (${what}; no published model comes close)`);
const BoundedOrZero = (max: number, what: string) =>
  NonNegativeInt.max(max, `must be at most ${max} (${what}; no published model comes close)`);
const L = ARCHITECTURE_LIMITS;

/** Mixture-of-experts layout, as in the model's config.json. */
export const MoeLayoutSchema = z.object({
  /** Routed experts per MoE layer. */
  experts: Bounded(L.experts, 'routed experts'),
  /** Routed experts each token uses. */
  activeExperts: Bounded(L.experts, 'active experts'),
  /** Always-on shared experts per MoE layer (DeepSeek, Qwen2-MoE, Llama 4); 0 if none. */
  sharedExperts: BoundedOrZero(L.experts, 'shared experts').default(0),
  /** FFN width of one routed expert. */
  expertIntermediateSize: Bounded(L.intermediateSize, 'FFN width'),
  /** FFN width of each shared expert; defaults to `expertIntermediateSize`. */
  sharedExpertIntermediateSize: Bounded(L.intermediateSize, 'FFN width').optional(),
  /** The first N layers use a dense FFN (`intermediateSize`) instead of experts (DeepSeek's first_k_dense_replace). */
  leadingDenseLayers: BoundedOrZero(L.layers, 'layers').default(0),
  /** Every Nth layer is MoE and the others dense (Llama 4 Maverick's interleave_moe_layer_step = 2). */
  moeLayerStep: Bounded(L.layers, 'layers').default(1),
  /** Router has a bias vector (gpt-oss). */
  routerBias: z.boolean().default(false),
  /** Expert projections carry biases (gpt-oss). */
  expertBias: z.boolean().default(false),
  /** A learned sigmoid gate scales the shared expert (Qwen2-MoE's shared_expert_gate). */
  sharedExpertGate: z.boolean().default(false),
  /** Per-expert routing correction bias (DeepSeek-V3's e_score_correction_bias). */
  routerScoreCorrectionBias: z.boolean().default(false),
});

/** Multi-head latent attention dimensions (DeepSeek-V2/V3 config.json). */
export const MlaDimensionsSchema = z.object({
  /** Rank of the compressed query; null when queries are projected directly (DeepSeek-V2-Lite). */
  queryLoraRank: Bounded(L.headDim, 'latent rank').nullable(),
  /** Rank of the compressed key/value latent that the KV cache stores. */
  kvLoraRank: Bounded(L.headDim, 'latent rank'),
  queryKeyNopeHeadDim: Bounded(L.headDim, 'head dimension'),
  /** Width of the decoupled RoPE key, stored once per token beside the latent. */
  queryKeyRopeHeadDim: Bounded(L.headDim, 'head dimension'),
  valueHeadDim: Bounded(L.headDim, 'head dimension'),
  /**
   * DeepSeek Sparse Attention's lightning indexer (DeepSeek-V3.2-Exp: index_n_heads 64, index_head_dim 128,
   * index_topk 2048): per layer a query projection from the compressed query, one key projection with a
   * LayerNorm, and per-head weights; it caches one `headDim`-wide key per token beside the latent and picks the
   * `topKTokens` cached tokens each query attends to.
   */
  indexer: z
    .object({
      heads: Bounded(L.attentionHeads, 'indexer heads'),
      headDim: Bounded(L.headDim, 'indexer head dimension'),
      topKTokens: Bounded(L.contextTokens, 'indexer top-k tokens'),
    })
    .optional(),
});

/** Linear-attention (Gated DeltaNet) dimensions, as in Qwen3-Next's config.json. */
export const LinearAttentionDimensionsSchema = z.object({
  keyHeads: Bounded(L.attentionHeads, 'attention heads'),
  valueHeads: Bounded(L.attentionHeads, 'attention heads'),
  keyHeadDim: Bounded(L.headDim, 'head dimension'),
  valueHeadDim: Bounded(L.headDim, 'head dimension'),
  convKernelSize: Bounded(L.convKernelSize, 'convolution width'),
});

/** The text decoder's shape: everything needed to list its tensors and size its KV cache. */
export const ModelArchitectureSchema = z
  .object({
    /** `architectures[0]` of config.json, e.g. "LlamaForCausalLM". */
    hfArchitecture: z.string().min(1),
    /** `model_type` of config.json, e.g. "llama". */
    modelType: z.string().min(1),
    layers: Bounded(L.layers, 'decoder layers'),
    hiddenSize: Bounded(L.hiddenSize, 'hidden width'),
    /** Dense FFN width (0 when every layer is MoE). */
    intermediateSize: BoundedOrZero(L.intermediateSize, 'FFN width'),
    attentionHeads: Bounded(L.attentionHeads, 'attention heads'),
    kvHeads: Bounded(L.attentionHeads, 'attention heads'),
    headDim: Bounded(L.headDim, 'head dimension'),
    vocabSize: Bounded(L.vocabSize, 'vocabulary'),
    /**
     * The longest context the published checkpoint supports as released, without editing its config: config.json's
     * max_position_embeddings (after any rope scaling already in it), or the publisher's stated length where that is
     * shorter (Qwen3's native 32,768 under a config value of 40,960; Mistral Nemo's 128k under 1,024,000). Longer
     * contexts that need rope scaling added by the user (Qwen's YaRN recipes) are described in the entry's notes.
     */
    maxContextTokens: Bounded(L.contextTokens, 'context tokens'),
    /** Input embedding and output head share one matrix. */
    tiedEmbeddings: z.boolean(),
    /** `gated`: SwiGLU/GeGLU with gate, up and down projections; `plain`: up and down only. */
    ffnKind: z.enum(['gated', 'plain']).default('gated'),
    /** Which attention projections carry a bias: none (Llama), q/k/v (Qwen2), or q/k/v/o (gpt-oss). */
    attentionBias: z.enum(['none', 'qkv', 'qkvo']).default('none'),
    /** RMSNorm on queries and keys (Qwen3, Gemma 3, GLM-4.5, OLMo 2, MiniMax-M2). */
    qkNorm: z.boolean().default(false),
    /**
     * Width of that norm: `head` normalises each head with one `headDim` weight shared by all heads (Qwen3, Gemma 3);
     * `layer` normalises the whole projection, with `attentionHeads x headDim` and `kvHeads x headDim` weights
     * (OLMo 2, MiniMax-M2's qk_norm_type "per_layer").
     */
    qkNormScope: z.enum(['head', 'layer']).default('head'),
    /** Norms per decoder layer: 2 for pre-norm models, 4 for Gemma 2/3's pre and post norms. */
    normsPerLayer: Bounded(L.normsPerLayer, 'norms per layer').default(2),
    /** `rms`: weight only; `layer`: LayerNorm with weight and bias (Phi-3.5-MoE). */
    normKind: z.enum(['rms', 'layer']).default('rms'),
    /** Learned per-head attention sinks (gpt-oss). */
    attentionSinks: z.boolean().default(false),
    /** Attention output is gated by a second query-sized projection (Qwen3-Next). */
    attentionOutputGate: z.boolean().default(false),
    /** The output head (lm_head) has a bias vector of vocabulary size (Phi-3.5-MoE's lm_head_bias). */
    outputBias: z.boolean().default(false),
    /**
     * Attention kind per layer, as a pattern repeated from layer 0: `[sliding, sliding, sliding, sliding,
     * sliding, full]` for Gemma 3, `[full]` for Llama. A pattern as long as `layers` lists every layer.
     */
    attentionLayers: z.array(AttentionLayerSchema).min(1).max(L.layers, `at most ${L.layers} entries (one per layer)`),
    /**
     * Multi-token-prediction layers the published checkpoint stores after the decoder (config.json's
     * num_nextn_predict_layers: 1 for DeepSeek-V3/R1). Each is one more decoder layer shaped like the last, a 2h x h
     * projection of [embedding; hidden] with two norms, and copies of the embedding and output head. Inference
     * without speculative decoding does not load them: they count in the download, not in memory.
     */
    mtpLayers: z.number().int().min(0).max(8).default(0),
    moe: MoeLayoutSchema.optional(),
    mla: MlaDimensionsSchema.optional(),
    linearAttention: LinearAttentionDimensionsSchema.optional(),
  })
  // Combinations the tensor inventory cannot list: refused here, as a field error, not later as a crash.
  .superRefine((arch, context) => {
    const moe = arch.moe;
    const hasDenseLayer = !moe || (moe.leadingDenseLayers ?? 0) > 0 || (moe.moeLayerStep ?? 1) > 1;
    if (hasDenseLayer && arch.intermediateSize === 0)
      context.addIssue({ code: 'custom', path: ['intermediateSize'], message: 'must be positive: the model has dense FFN layers' });
    if (moe && moe.activeExperts > moe.experts)
      context.addIssue({ code: 'custom', path: ['moe', 'activeExperts'], message: `must be at most experts (${moe.experts})` });
    if (!arch.mla && arch.attentionLayers.some((layer) => layer.kind === 'mla'))
      context.addIssue({ code: 'custom', path: ['mla'], message: 'is required by the mla attention layers' });
    if (!arch.linearAttention && arch.attentionLayers.some((layer) => layer.kind === 'linear'))
      context.addIssue({ code: 'custom', path: ['linearAttention'], message: 'is required by the linear attention layers' });
  });

export const LicenseSchema = z.object({
  /** SPDX id or the license's own name, e.g. "apache-2.0", "llama3.1", "gemma". */
  id: z.string().min(1),
  /** Whether commercial use is allowed (possibly with conditions, such as Llama's 700M MAU clause). */
  commercialUse: z.boolean(),
  /** Conditions worth knowing before a commercial deployment. */
  conditions: z.string().optional(),
  /** License text; absent only for imported files whose license is unknown. */
  url: z.url().optional(),
});

/**
 * Where a model pinned from the Hugging Face Hub (`models add hf:ORG/NAME[:QUANT]`) was read: the repository,
 * the commit its headers were read at and when, so a later `models refresh` can tell whether it moved.
 */
export const HubProvenanceSchema = z.object({
  /** "ORG/NAME" as the Hub spells it. */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  /** The GGUF quantisation read (`Q4_K_M`), or null for a safetensors repository. */
  quant: z.string().min(1).max(64).nullable(),
  /** The revision asked for (a branch such as `main`, a tag, or a commit sha): a refresh reads it again. */
  revision: z.string().min(1).max(256),
  /** The commit that revision resolved to when the headers were read. */
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  /** When the Hub was read (ISO 8601). */
  lookedUpAt: z.iso.datetime(),
  /** Tensor data bytes read (the GGUF quant and its mmproj, or the safetensors shards), headers left out; null for config.json only. */
  weightsBytes: NonNegativeInt.nullable(),
});

/** An open-weight model: the catalog's entry and what importing a config.json or weight file produces. */
export const OpenModelSpecSchema = z.object({
  kind: z.literal('open').default('open'),
  /** Hugging Face repository id, the catalog key (matched case-insensitively). */
  id: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'a Hugging Face id such as "meta-llama/Meta-Llama-3-8B"'),
  /** Short names people type: "llama-3-8b". */
  aliases: z.array(z.string().min(1)).default([]),
  /** Display name: "Llama 3 8B". */
  name: z.string().min(1),
  /** Family for filtering: "llama-3", "qwen3", "gemma-3". */
  family: z.string().min(1),
  /** Who published the weights. */
  publisher: z.string().min(1),
  /** Exact total parameters (text decoder plus `multimodalParameterCount`). */
  parameterCount: PositiveInt,
  /**
   * Parameters that compute each token, one definition for every entry (`countActiveDecoderParameters`): the text
   * decoder's weights without the routed experts a token does not use and without the input embedding table unless
   * it is tied to the output head (a lookup reads one row of it); the output head counts, vision/audio towers and
   * multi-token-prediction layers do not. OpenAI (gpt-oss) and DeepSeek publish this figure; Qwen, Meta and Mistral
   * round theirs, and the catalog cites them in `parameterCountSource`.
   */
  activeParameterCount: PositiveInt,
  /** Parameters outside the text decoder (vision/audio encoders and projectors); they are not in a text-only GGUF. */
  multimodalParameterCount: NonNegativeInt.default(0),
  /** Where `parameterCount` was read: the safetensors index's total_size, or the model card. */
  parameterCountSource: z.string().min(1),
  architecture: ModelArchitectureSchema,
  /** Dtype of the published checkpoint ("bfloat16", "float8_e4m3fn", "mxfp4"). */
  releasedDtype: z.string().min(1),
  license: LicenseSchema,
  /** Publication date; unknown for imported files. */
  releaseDate: z.iso.date().optional(),
  /**
   * `instruct` for chat/instruction-tuned, `base` for pretrained, `reasoning` for thinking models, `classifier`
   * for safety classifiers (Llama Guard, gpt-oss-safeguard): planned like any model, never recommended as an
   * assistant.
   */
  variant: z.enum(['base', 'instruct', 'reasoning', 'classifier']),
  /** config.json the architecture was copied from (catalog entries). */
  sourceUrl: z.url().optional(),
  /** `catalog`: shipped with Weightplan; `imported`: read from the user's own files (`weightplan models add`). */
  origin: z.enum(['catalog', 'imported']).default('catalog'),
  /** The file or folder an imported model was read from. */
  sourcePath: z.string().optional(),
  /** Present on models pinned from the Hugging Face Hub: repository, commit and date of the look-up. */
  hubSource: HubProvenanceSchema.optional(),
  notes: z.string().optional(),
});

export type MoeLayout = z.infer<typeof MoeLayoutSchema>;
export type MlaDimensions = z.infer<typeof MlaDimensionsSchema>;
export type LinearAttentionDimensions = z.infer<typeof LinearAttentionDimensionsSchema>;
export type ModelArchitecture = z.infer<typeof ModelArchitectureSchema>;
export type ModelArchitectureInput = z.input<typeof ModelArchitectureSchema>;
export type License = z.infer<typeof LicenseSchema>;
export type HubProvenance = z.infer<typeof HubProvenanceSchema>;
export type OpenModelSpec = z.infer<typeof OpenModelSpecSchema>;
export type OpenModelSpecInput = z.input<typeof OpenModelSpecSchema>;
