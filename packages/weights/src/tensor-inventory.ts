import { attentionLayerAt, isMoeLayer } from './attention-layout.js';
import type { ModelArchitecture } from './model-spec.js';

/**
 * What a tensor does, in llama.cpp's GGUF naming. Quantisation recipes pick a storage type by role
 * (`attn_v` and `ffn_down` get more bits in Q4_K_M), and speed estimates need to know which tensors are
 * read for every token (all but the embedding table and the inactive experts).
 */
export type TensorRole =
  | 'token_embd'
  | 'output'
  | 'output_norm'
  | 'norm'
  | 'attn_q'
  | 'attn_k'
  | 'attn_v'
  | 'attn_output'
  | 'attn_q_a'
  | 'attn_q_b'
  | 'attn_kv_a_mqa'
  | 'attn_kv_b'
  | 'attn_bias'
  | 'attn_sinks'
  | 'ssm_in'
  | 'ssm_conv1d'
  | 'ssm_out'
  | 'ssm_param'
  | 'ffn_gate'
  | 'ffn_up'
  | 'ffn_down'
  | 'ffn_gate_inp'
  | 'ffn_gate_exps'
  | 'ffn_up_exps'
  | 'ffn_down_exps'
  | 'ffn_exps_bias'
  | 'ffn_gate_shexp'
  | 'ffn_up_shexp'
  | 'ffn_down_shexp'
  | 'ffn_bias';

export interface DecoderTensor {
  /** GGUF-style name, e.g. "blk.3.attn_v.weight". */
  name: string;
  role: TensorRole;
  /** Decoder layer index, or null for tensors outside the layers. */
  layer: number | null;
  /** Dimensions innermost first, as GGUF stores them: [row length, rows, experts]. */
  shape: number[];
  elements: number;
  /** Routed-expert tensor: only `activeExperts / experts` of it is read per token. */
  routedExperts: boolean;
}

function tensor(name: string, role: TensorRole, layer: number | null, shape: number[], routedExperts = false): DecoderTensor {
  return { name, role, layer, shape, elements: shape.reduce((product, dim) => product * dim, 1), routedExperts };
}

function normTensors(prefix: string, layer: number | null, width: number, kind: ModelArchitecture['normKind']): DecoderTensor[] {
  const weight = tensor(`${prefix}.weight`, layer === null ? 'output_norm' : 'norm', layer, [width]);
  return kind === 'layer' ? [weight, tensor(`${prefix}.bias`, weight.role, layer, [width])] : [weight];
}

/**
 * DeepSeek Sparse Attention's lightning indexer, as DeepSeek's inference code builds it: queries from the
 * compressed query (wq_b), one shared key (wk) with a LayerNorm (weight and bias), and a weight per indexer head
 * (weights_proj). DeepSeek-V3.2-Exp: 12,582,912 + 917,504 + 256 + 458,752 = 13,959,424 per layer.
 */
function indexerTensors(arch: ModelArchitecture, layer: number): DecoderTensor[] {
  const indexer = arch.mla?.indexer;
  if (!indexer) return [];
  const p = `blk.${layer}.indexer`;
  const queryRank = arch.mla?.queryLoraRank ?? arch.hiddenSize;
  return [
    tensor(`${p}.attn_q_b.weight`, 'attn_q_b', layer, [queryRank, indexer.heads * indexer.headDim]),
    tensor(`${p}.attn_k.weight`, 'attn_k', layer, [arch.hiddenSize, indexer.headDim]),
    tensor(`${p}.k_norm.weight`, 'norm', layer, [indexer.headDim]),
    tensor(`${p}.k_norm.bias`, 'norm', layer, [indexer.headDim]),
    tensor(`${p}.proj.weight`, 'attn_k', layer, [arch.hiddenSize, indexer.heads]),
  ];
}

function attentionTensors(arch: ModelArchitecture, layer: number): DecoderTensor[] {
  const p = `blk.${layer}`;
  const kind = attentionLayerAt(arch, layer).kind;
  const { hiddenSize: h, attentionHeads: heads } = arch;

  if (kind === 'mla') {
    const mla = arch.mla;
    if (!mla) throw new Error(`layer ${layer} uses MLA but the architecture has no "mla" dimensions`);
    const queryHeadDim = mla.queryKeyNopeHeadDim + mla.queryKeyRopeHeadDim;
    const query =
      mla.queryLoraRank === null
        ? [tensor(`${p}.attn_q.weight`, 'attn_q', layer, [h, heads * queryHeadDim])]
        : [
            tensor(`${p}.attn_q_a.weight`, 'attn_q_a', layer, [h, mla.queryLoraRank]),
            tensor(`${p}.attn_q_a_norm.weight`, 'norm', layer, [mla.queryLoraRank]),
            tensor(`${p}.attn_q_b.weight`, 'attn_q_b', layer, [mla.queryLoraRank, heads * queryHeadDim]),
          ];
    return [
      ...query,
      tensor(`${p}.attn_kv_a_mqa.weight`, 'attn_kv_a_mqa', layer, [h, mla.kvLoraRank + mla.queryKeyRopeHeadDim]),
      tensor(`${p}.attn_kv_a_norm.weight`, 'norm', layer, [mla.kvLoraRank]),
      tensor(`${p}.attn_kv_b.weight`, 'attn_kv_b', layer, [mla.kvLoraRank, heads * (mla.queryKeyNopeHeadDim + mla.valueHeadDim)]),
      tensor(`${p}.attn_output.weight`, 'attn_output', layer, [heads * mla.valueHeadDim, h]),
      ...indexerTensors(arch, layer),
    ];
  }

  if (kind === 'linear') {
    const lin = arch.linearAttention;
    if (!lin) throw new Error(`layer ${layer} uses linear attention but the architecture has no "linearAttention" dimensions`);
    const keyWidth = lin.keyHeads * lin.keyHeadDim;
    const valueWidth = lin.valueHeads * lin.valueHeadDim;
    return [
      // Queries, keys, values and the output gate z in one projection; then the per-head beta and decay inputs.
      tensor(`${p}.ssm_in_qkvz.weight`, 'ssm_in', layer, [h, 2 * keyWidth + 2 * valueWidth]),
      tensor(`${p}.ssm_in_ba.weight`, 'ssm_in', layer, [h, 2 * lin.valueHeads]),
      tensor(`${p}.ssm_conv1d.weight`, 'ssm_conv1d', layer, [lin.convKernelSize, 2 * keyWidth + valueWidth]),
      tensor(`${p}.ssm_dt.bias`, 'ssm_param', layer, [lin.valueHeads]),
      tensor(`${p}.ssm_a`, 'ssm_param', layer, [lin.valueHeads]),
      tensor(`${p}.ssm_norm.weight`, 'norm', layer, [lin.valueHeadDim]),
      tensor(`${p}.ssm_out.weight`, 'ssm_out', layer, [valueWidth, h]),
    ];
  }

  const qWidth = heads * arch.headDim * (arch.attentionOutputGate ? 2 : 1);
  const kvWidth = arch.kvHeads * arch.headDim;
  const tensors = [
    tensor(`${p}.attn_q.weight`, 'attn_q', layer, [h, qWidth]),
    tensor(`${p}.attn_k.weight`, 'attn_k', layer, [h, kvWidth]),
    tensor(`${p}.attn_v.weight`, 'attn_v', layer, [h, kvWidth]),
    tensor(`${p}.attn_output.weight`, 'attn_output', layer, [heads * arch.headDim, h]),
  ];
  if (arch.attentionBias !== 'none') {
    tensors.push(
      tensor(`${p}.attn_q.bias`, 'attn_bias', layer, [qWidth]),
      tensor(`${p}.attn_k.bias`, 'attn_bias', layer, [kvWidth]),
      tensor(`${p}.attn_v.bias`, 'attn_bias', layer, [kvWidth]),
    );
  }
  if (arch.attentionBias === 'qkvo') tensors.push(tensor(`${p}.attn_output.bias`, 'attn_bias', layer, [h]));
  if (arch.qkNorm) {
    const wholeLayer = arch.qkNormScope === 'layer';
    tensors.push(
      tensor(`${p}.attn_q_norm.weight`, 'norm', layer, [wholeLayer ? heads * arch.headDim : arch.headDim]),
      tensor(`${p}.attn_k_norm.weight`, 'norm', layer, [wholeLayer ? kvWidth : arch.headDim]),
    );
  }
  if (arch.attentionSinks) tensors.push(tensor(`${p}.attn_sinks.weight`, 'attn_sinks', layer, [heads]));
  return tensors;
}

function denseFfnTensors(arch: ModelArchitecture, layer: number): DecoderTensor[] {
  const p = `blk.${layer}`;
  const { hiddenSize: h, intermediateSize: ff } = arch;
  if (ff === 0) throw new Error(`layer ${layer} has a dense FFN but intermediateSize is 0`);
  const tensors = [tensor(`${p}.ffn_up.weight`, 'ffn_up', layer, [h, ff]), tensor(`${p}.ffn_down.weight`, 'ffn_down', layer, [ff, h])];
  if (arch.ffnKind === 'gated') tensors.unshift(tensor(`${p}.ffn_gate.weight`, 'ffn_gate', layer, [h, ff]));
  return tensors;
}

function moeFfnTensors(arch: ModelArchitecture, layer: number): DecoderTensor[] {
  const moe = arch.moe;
  if (!moe) return [];
  const p = `blk.${layer}`;
  const h = arch.hiddenSize;
  const ff = moe.expertIntermediateSize;
  const n = moe.experts;
  const tensors = [tensor(`${p}.ffn_gate_inp.weight`, 'ffn_gate_inp', layer, [h, n])];
  if (moe.routerBias) tensors.push(tensor(`${p}.ffn_gate_inp.bias`, 'ffn_bias', layer, [n]));
  if (moe.routerScoreCorrectionBias) tensors.push(tensor(`${p}.exp_probs_b.bias`, 'ffn_bias', layer, [n]));
  if (arch.ffnKind === 'gated') tensors.push(tensor(`${p}.ffn_gate_exps.weight`, 'ffn_gate_exps', layer, [h, ff, n], true));
  tensors.push(
    tensor(`${p}.ffn_up_exps.weight`, 'ffn_up_exps', layer, [h, ff, n], true),
    tensor(`${p}.ffn_down_exps.weight`, 'ffn_down_exps', layer, [ff, h, n], true),
  );
  if (moe.expertBias) {
    if (arch.ffnKind === 'gated') tensors.push(tensor(`${p}.ffn_gate_exps.bias`, 'ffn_exps_bias', layer, [ff, n], true));
    tensors.push(
      tensor(`${p}.ffn_up_exps.bias`, 'ffn_exps_bias', layer, [ff, n], true),
      tensor(`${p}.ffn_down_exps.bias`, 'ffn_exps_bias', layer, [h, n], true),
    );
  }
  if (moe.sharedExperts > 0) {
    const shared = (moe.sharedExpertIntermediateSize ?? ff) * moe.sharedExperts;
    if (arch.ffnKind === 'gated') tensors.push(tensor(`${p}.ffn_gate_shexp.weight`, 'ffn_gate_shexp', layer, [h, shared]));
    tensors.push(
      tensor(`${p}.ffn_up_shexp.weight`, 'ffn_up_shexp', layer, [h, shared]),
      tensor(`${p}.ffn_down_shexp.weight`, 'ffn_down_shexp', layer, [shared, h]),
    );
    if (moe.sharedExpertGate) tensors.push(tensor(`${p}.ffn_gate_inp_shexp.weight`, 'ffn_gate_inp', layer, [h]));
  }
  return tensors;
}

function layerNorms(arch: ModelArchitecture, layer: number): DecoderTensor[] {
  const p = `blk.${layer}`;
  // Pre-attention and pre-FFN norms; Gemma 2/3 add a norm after each block as well.
  const names = arch.normsPerLayer >= 4 ? ['attn_norm', 'post_attention_norm', 'ffn_norm', 'post_ffw_norm'] : ['attn_norm', 'ffn_norm'];
  const extra = Array.from({ length: Math.max(0, arch.normsPerLayer - names.length) }, (_, index) => `extra_norm_${index}`);
  return [...names, ...extra]
    .slice(0, arch.normsPerLayer)
    .flatMap((name) => normTensors(`${p}.${name}`, layer, arch.hiddenSize, arch.normKind));
}

/**
 * Every tensor of the text decoder, named and shaped as llama.cpp writes them to GGUF. It is derived from
 * config.json fields alone, so its element count is the model's exact parameter count (without vision or
 * audio towers, and without multi-token-prediction heads that inference does not load).
 */
export function listDecoderTensors(arch: ModelArchitecture): DecoderTensor[] {
  const { hiddenSize: h, vocabSize: vocab } = arch;
  const tensors: DecoderTensor[] = [tensor('token_embd.weight', 'token_embd', null, [h, vocab])];
  for (let layer = 0; layer < arch.layers; layer++) {
    tensors.push(...layerNorms(arch, layer), ...attentionTensors(arch, layer));
    tensors.push(...(isMoeLayer(arch, layer) ? moeFfnTensors(arch, layer) : denseFfnTensors(arch, layer)));
  }
  tensors.push(...normTensors('output_norm', null, h, arch.normKind));
  if (!arch.tiedEmbeddings) tensors.push(tensor('output.weight', 'output', null, [h, vocab]));
  if (arch.outputBias) tensors.push(tensor('output.bias', 'output', null, [vocab]));
  return tensors;
}

const inventoryCache = new WeakMap<ModelArchitecture, DecoderTensor[]>();

/** `listDecoderTensors`, computed once per architecture object (catalog entries are immutable). */
export function decoderTensors(arch: ModelArchitecture): DecoderTensor[] {
  let tensors = inventoryCache.get(arch);
  if (!tensors) {
    tensors = listDecoderTensors(arch);
    inventoryCache.set(arch, tensors);
  }
  return tensors;
}

/** Exact parameter count of the text decoder. */
export function countDecoderParameters(arch: ModelArchitecture): number {
  return decoderTensors(arch).reduce((sum, t) => sum + t.elements, 0);
}

/**
 * Parameters that take part in computing one token, Weightplan's one definition of "active parameters":
 * every text-decoder weight except the routed experts a token does not use and, when it is not shared with
 * the output head, the input embedding table (a lookup reads one row of it, no matrix product). The output
 * head counts. This is the convention of OpenAI's gpt-oss figures (5.13B for gpt-oss-120b) and DeepSeek's
 * (37B for V3); publishers who count the embedding too give larger figures, so catalog notes quote theirs.
 */
export function countActiveDecoderParameters(arch: ModelArchitecture): number {
  const activeShare = arch.moe ? arch.moe.activeExperts / arch.moe.experts : 1;
  return decoderTensors(arch).reduce((sum, t) => {
    if (t.role === 'token_embd' && !arch.tiedEmbeddings) return sum;
    return sum + (t.routedExperts ? t.elements * activeShare : t.elements);
  }, 0);
}
