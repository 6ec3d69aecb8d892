import type { AttentionLayer } from '../attention-layer.js';
import { ARCHITECTURE_LIMITS, type ModelArchitectureInput } from '../model-spec.js';
import type { GgufHeader, GgufValue } from './gguf-header.js';
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
function attentionPattern(
  arch: string,
  period: number | undefined,
  window: number | undefined,
  kvLoraRank: number | undefined,
): AttentionLayer[] {
  if (kvLoraRank !== undefined) return [{ kind: 'mla' }];
  if (!window) return [{ kind: 'full' }];
  const sliding: AttentionLayer = { kind: 'sliding', windowTokens: window };
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
  const L = ARCHITECTURE_LIMITS;
  const invalid = (key: string, min: number, max: number, value: unknown, why = '') =>
    new WeightFileError(header.file, `metadata ${arch}.${key} must be an integer ${min}..${max}, got ${String(value).slice(0, 40)}${why}`);
  // Every number is checked against the architecture limits before anything is built from it.
  const get = (key: string, max: number, min = 1) => {
    const value = numberOf(meta.get(`${arch}.${key}`));
    if (value === undefined) return undefined;
    if (!Number.isFinite(value) || value < min || Math.round(value) > max) throw invalid(key, min, max, value);
    return Math.round(value);
  };
  const required = (key: string, max: number) => {
    const value = get(key, max);
    if (value === undefined) throw new WeightFileError(header.file, `metadata ${arch}.${key} is missing or not a positive number`);
    return value;
  };
  const names = new Set(header.tensors.map((t) => t.name));
  const has = (pattern: RegExp) => header.tensors.some((t) => pattern.test(t.name));
  const layers = required('block_count', L.layers);
  // The layers the tensors hold bound the count a file may claim (past it are only MTP layers, never fewer).
  let layersWithTensors = 0;
  for (const t of header.tensors) {
    const match = /^blk\.(\d{1,7})\./.exec(t.name);
    if (match) layersWithTensors = Math.max(layersWithTensors, Number(match[1]) + 1);
  }
  if (layersWithTensors === 0)
    throw new WeightFileError(
      header.file,
      `metadata ${arch}.block_count is ${layers} but the file holds no blk.N tensors (a vocabulary-only GGUF?)`,
    );
  if (layers > layersWithTensors)
    throw invalid('block_count', 1, layersWithTensors, layers, ` (the tensors hold ${layersWithTensors} layers)`);
  const hidden = required('embedding_length', L.hiddenSize);
  const heads = required('attention.head_count', L.attentionHeads);
  const kvHeads = get('attention.head_count_kv', L.attentionHeads) ?? heads;
  const headDim = get('attention.key_length', L.headDim) ?? hidden / heads;
  if (!Number.isInteger(headDim))
    throw new WeightFileError(
      header.file,
      `metadata ${arch}.attention.key_length is missing and embedding_length / head_count (${hidden} / ${heads}) is not an integer`,
    );
  const tokens = meta.get('tokenizer.ggml.tokens');
  const embedding = header.tensors.find((t) => t.name === 'token_embd.weight');
  const vocab =
    get('vocab_size', L.vocabSize) ??
    (tokens && typeof tokens === 'object' && 'arrayLength' in tokens
      ? tokens.arrayLength
      : Array.isArray(tokens)
        ? tokens.length
        : (embedding?.shape[1] ?? 0));
  if (!vocab) throw new WeightFileError(header.file, 'vocabulary size unknown (no vocab_size, tokens or token_embd)');
  if (vocab > L.vocabSize) throw new WeightFileError(header.file, `vocabulary of ${vocab} tokens, at most ${L.vocabSize}`);
  const experts = get('expert_count', L.experts, 0);
  const kvLoraRank = get('attention.kv_lora_rank', L.headDim);
  const denseFfn = header.tensors.find((t) => /^blk\.\d+\.ffn_gate\.weight$/.test(t.name) || /^blk\.\d+\.ffn_up\.weight$/.test(t.name));
  const expertFfn = header.tensors.find((t) => /^blk\.\d+\.ffn_(gate|up)_exps\.weight$/.test(t.name));
  const leadingDense = get('leading_dense_block_count', L.layers, 0) ?? 0;

  const architecture: ModelArchitectureInput = {
    hfArchitecture: arch,
    modelType: arch,
    layers,
    hiddenSize: hidden,
    intermediateSize: denseFfn?.shape[1] ?? get('feed_forward_length', L.intermediateSize, 0) ?? 0,
    attentionHeads: heads,
    kvHeads,
    headDim,
    vocabSize: vocab,
    maxContextTokens: required('context_length', L.contextTokens),
    tiedEmbeddings: !names.has('output.weight'),
    ffnKind: has(/ffn_gate(_exps)?\.weight$/) ? 'gated' : 'plain',
    attentionBias: has(/attn_output\.bias$/) ? 'qkvo' : has(/attn_q\.bias$/) ? 'qkv' : 'none',
    qkNorm: has(/attn_q_norm\.weight$/),
    // A q norm wider than one head spans the whole projection (OLMo 2, MiniMax-M2).
    qkNormScope: (header.tensors.find((t) => /attn_q_norm\.weight$/.test(t.name))?.shape[0] ?? headDim) > headDim ? 'layer' : 'head',
    normsPerLayer: has(/post_attention_norm\.weight$/) || has(/post_ffw_norm\.weight$/) ? 4 : 2,
    attentionSinks: has(/attn_sinks/),
    attentionLayers: attentionPattern(
      arch,
      get('attention.sliding_window_pattern', layers),
      get('attention.sliding_window', L.contextTokens, 0),
      kvLoraRank,
    ),
  };
  if (experts && experts > 1 && expertFfn) {
    architecture.moe = {
      experts,
      activeExperts: get('expert_used_count', experts) ?? 1,
      sharedExperts: get('expert_shared_count', L.experts, 0) ?? (has(/ffn_up_shexp/) ? 1 : 0),
      expertIntermediateSize: expertFfn.shape[1] ?? 1,
      leadingDenseLayers: leadingDense,
      routerBias: has(/ffn_gate_inp\.bias$/),
      expertBias: has(/_exps\.bias$/),
    };
  }
  if (kvLoraRank !== undefined) {
    const ropeDim = get('rope.dimension_count', L.headDim) ?? 64;
    const kvB = header.tensors.find((t) => /attn_kv_b\.weight$/.test(t.name));
    const valueDim = get('attention.value_length', L.headDim) ?? 128;
    architecture.mla = {
      queryLoraRank: get('attention.q_lora_rank', L.headDim, 0) || null,
      kvLoraRank,
      queryKeyNopeHeadDim: kvB ? Math.round((kvB.shape[1] ?? 0) / heads) - valueDim : headDim - ropeDim,
      queryKeyRopeHeadDim: ropeDim,
      valueHeadDim: valueDim,
    };
  }
  const name = meta.get('general.name');
  return { architecture, name: typeof name === 'string' ? name : undefined };
}
