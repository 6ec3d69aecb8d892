import { isMoeLayer, type ModelArchitecture } from '@weightplan/weights';

const FLOAT32 = 4;
const BF16 = 2;

export interface ComputeBufferOptions {
  /** Tokens in the KV cache (attention scores span them). */
  contextTokens: number;
  /** Tokens per micro-batch (llama.cpp `-ub`, default 512). */
  ubatchTokens?: number;
  flashAttention: boolean;
}

/** Widest FFN activation: dense width, or the active experts' widths together (MoE). */
function ffnActivationWidth(arch: ModelArchitecture): number {
  let widest = 0;
  for (let layer = 0; layer < arch.layers; layer++) {
    if (isMoeLayer(arch, layer) && arch.moe) {
      const shared = (arch.moe.sharedExpertIntermediateSize ?? arch.moe.expertIntermediateSize) * arch.moe.sharedExperts;
      widest = Math.max(widest, arch.moe.expertIntermediateSize * arch.moe.activeExperts + shared);
    } else {
      widest = Math.max(widest, arch.intermediateSize);
    }
  }
  return widest;
}

/**
 * llama.cpp's compute buffer: the graph allocator reuses memory between operations, so the buffer is the
 * largest set of f32 tensors alive at once, which is one of
 * - the logits of a micro-batch (vocab x ubatch) with the hidden state;
 * - the FFN's gate and up activations with two hidden states;
 * - without flash attention, the attention scores (context x ubatch x heads) with the mask and four
 *   hidden-sized tensors (with flash attention the scores are never materialised).
 * Checked against llama.cpp's reports in the calibration data: Llama 3 8B at n_ctx 512 gives 258.5 MiB
 * (logits bound) and at 8192 gives 560 MiB (attention bound), as measured.
 */
export function estimateLlamaCppComputeBufferBytes(arch: ModelArchitecture, options: ComputeBufferOptions): number {
  const ubatch = Math.min(options.ubatchTokens ?? 512, options.contextTokens);
  const hidden = arch.hiddenSize * ubatch * FLOAT32;
  const logits = arch.vocabSize * ubatch * FLOAT32 + hidden;
  const ffn = 2 * ffnActivationWidth(arch) * ubatch * FLOAT32 + 2 * hidden;
  const attention = options.flashAttention
    ? arch.attentionHeads * arch.headDim * ubatch * FLOAT32 * 2 + 4 * hidden
    : options.contextTokens * ubatch * arch.attentionHeads * FLOAT32 + options.contextTokens * ubatch * FLOAT32 + 4 * hidden;
  return Math.max(logits, ffn, attention);
}

/**
 * vLLM's profiled activation peak: a forward pass over `maxBatchedTokens` tokens (8192 by default for
 * the OpenAI server) in bf16 — hidden states, the FFN's gate and up outputs, and the sampler's logits
 * for up to 256 sequences in f32.
 */
export function estimateVllmActivationBytes(arch: ModelArchitecture, maxBatchedTokens = 8192, maxSequences = 256): number {
  const hidden = arch.hiddenSize * maxBatchedTokens * BF16;
  const ffn = 2 * ffnActivationWidth(arch) * maxBatchedTokens * BF16;
  const qkv = (arch.attentionHeads + 2 * arch.kvHeads) * arch.headDim * maxBatchedTokens * BF16;
  const logits = arch.vocabSize * maxSequences * FLOAT32;
  return 4 * hidden + Math.max(ffn, qkv) + logits;
}
