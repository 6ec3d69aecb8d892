import type { AttentionLayer } from '../attention-layer.js';
import type { ModelArchitectureInput } from '../model-spec.js';
import type { GgufHeader, GgufValue } from './gguf-reader.js';
import { WeightFileError } from './weight-file-error.js';

function numberOf(value: GgufValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  // Per-layer arrays (head counts of some models): the largest entry sizes the cache.
  if (Array.isArray(value)) {
    const numbers = value.filter((v): v is number => typeof v === 'number');
    return numbers.length > 0 ? Math.max(...numbers) : undefined;
  }
  return undefined;
}

/**
 * Per-layer attention of a GGUF model: llama.cpp writes the sliding window but not always the pattern,
 * which is fixed per architecture (Gemma 2 and gpt-oss alternate, Gemma 3 keeps every sixth layer global,
 * Llama 4 every fourth; DeepSeek-V2/V3 use MLA).
 */
function attentionPattern(arch: string, header: GgufHeader, window: number | undefined, kvLoraRank: number | undefined): AttentionLayer[] {
  if (kvLoraRank !== undefined) return [{ kind: 'mla' }];
  if (!window) return [{ kind: 'full' }];
  const sliding: AttentionLayer = { kind: 'sliding', windowTokens: window };
  const period = numberOf(header.metadata.get(`${arch}.attention.sliding_window_pattern`));
  if (arch === 'gemma3') return [...Array.from({ length: (period ?? 6) - 1 }, () => sliding), { kind: 'full' }];
  if (arch === 'gemma2' || arch === 'gpt-oss') return [sliding, { kind: 'full' }];
  if (arch === 'llama4')
    return [
      { kind: 'chunked', chunkTokens: window },
      { kind: 'chunked', chunkTokens: window },
      { kind: 'chunked', chunkTokens: window },
      { kind: 'full' },
    ];
  return [sliding];
}

/**
 * The architecture of a GGUF model from its metadata (`<arch>.block_count`, `.embedding_length`,
 * `.attention.head_count`, ...) and its tensors (biases, q/k norms, tied embeddings, MoE layout). Exact
 * bytes come from the tensors themselves; the architecture sizes the KV cache and the compute buffers.
 */
export function architectureFromGguf(header: GgufHeader): { architecture: ModelArchitectureInput; name: string | undefined } {
  const meta = header.metadata;
  const arch = meta.get('general.architecture');
  if (typeof arch !== 'string') throw new WeightFileError(header.file, 'has no general.architecture');
  const get = (key: string) => numberOf(meta.get(`${arch}.${key}`));
  const required = (key: string) => {
    const value = get(key);
    if (value === undefined || !Number.isFinite(value) || value <= 0)
      throw new WeightFileError(header.file, `metadata ${arch}.${key} is missing or not a positive number`);
    return Math.round(value);
  };
  const names = new Set(header.tensors.map((t) => t.name));
  const has = (pattern: RegExp) => header.tensors.some((t) => pattern.test(t.name));
  const layers = required('block_count');
  const hidden = required('embedding_length');
  const heads = required('attention.head_count');
  const kvHeads = Math.round(get('attention.head_count_kv') ?? heads);
  const headDim = Math.round(get('attention.key_length') ?? hidden / heads);
  const tokens = meta.get('tokenizer.ggml.tokens');
  const embedding = header.tensors.find((t) => t.name === 'token_embd.weight');
  const vocab = Math.round(
    get('vocab_size') ??
      (tokens && typeof tokens === 'object' && 'arrayLength' in tokens ? tokens.arrayLength : (embedding?.shape[1] ?? 0)),
  );
  if (!vocab) throw new WeightFileError(header.file, 'vocabulary size unknown (no vocab_size, tokens or token_embd)');
  const experts = get('expert_count');
  const kvLoraRank = get('attention.kv_lora_rank');
  const denseFfn = header.tensors.find((t) => /^blk\.\d+\.ffn_gate\.weight$/.test(t.name) || /^blk\.\d+\.ffn_up\.weight$/.test(t.name));
  const expertFfn = header.tensors.find((t) => /^blk\.\d+\.ffn_(gate|up)_exps\.weight$/.test(t.name));
  const leadingDense = Math.round(get('leading_dense_block_count') ?? 0);

  const architecture: ModelArchitectureInput = {
    hfArchitecture: arch,
    modelType: arch,
    layers,
    hiddenSize: hidden,
    intermediateSize: denseFfn?.shape[1] ?? Math.round(get('feed_forward_length') ?? 0),
    attentionHeads: heads,
    kvHeads,
    headDim,
    vocabSize: vocab,
    maxContextTokens: required('context_length'),
    tiedEmbeddings: !names.has('output.weight'),
    ffnKind: has(/ffn_gate(_exps)?\.weight$/) ? 'gated' : 'plain',
    attentionBias: has(/attn_output\.bias$/) ? 'qkvo' : has(/attn_q\.bias$/) ? 'qkv' : 'none',
    qkNorm: has(/attn_q_norm\.weight$/),
    // A q norm wider than one head spans the whole projection (OLMo 2, MiniMax-M2).
    qkNormScope: (header.tensors.find((t) => /attn_q_norm\.weight$/.test(t.name))?.shape[0] ?? headDim) > headDim ? 'layer' : 'head',
    normsPerLayer: has(/post_attention_norm\.weight$/) || has(/post_ffw_norm\.weight$/) ? 4 : 2,
    attentionSinks: has(/attn_sinks/),
    attentionLayers: attentionPattern(arch, header, get('attention.sliding_window'), kvLoraRank),
  };
  if (experts && experts > 1 && expertFfn) {
    architecture.moe = {
      experts: Math.round(experts),
      activeExperts: Math.round(get('expert_used_count') ?? 1),
      sharedExperts: Math.round(get('expert_shared_count') ?? (has(/ffn_up_shexp/) ? 1 : 0)),
      expertIntermediateSize: expertFfn.shape[1] ?? 1,
      leadingDenseLayers: leadingDense,
      routerBias: has(/ffn_gate_inp\.bias$/),
      expertBias: has(/_exps\.bias$/),
    };
  }
  if (kvLoraRank !== undefined) {
    const ropeDim = Math.round(get('rope.dimension_count') ?? 64);
    const kvB = header.tensors.find((t) => /attn_kv_b\.weight$/.test(t.name));
    const valueDim = Math.round(get('attention.value_length') ?? 128);
    architecture.mla = {
      queryLoraRank: get('attention.q_lora_rank') ?? null,
      kvLoraRank: Math.round(kvLoraRank),
      queryKeyNopeHeadDim: kvB ? Math.round((kvB.shape[1] ?? 0) / heads) - valueDim : headDim - ropeDim,
      queryKeyRopeHeadDim: ropeDim,
      valueHeadDim: valueDim,
    };
  }
  const name = meta.get('general.name');
  return { architecture, name: typeof name === 'string' ? name : undefined };
}
