import { z } from 'zod';

/** 2^30 tokens, the architecture's context limit (ARCHITECTURE_LIMITS.contextTokens): a window cannot exceed any context. */
const MAX_WINDOW_TOKENS = 1_073_741_824;
const WindowTokens = z.int().positive().max(MAX_WINDOW_TOKENS, `must be at most ${MAX_WINDOW_TOKENS} tokens`);

/**
 * How one decoder layer attends, which decides what it keeps per token in the KV cache:
 * - `full`: every past token (K and V per KV head);
 * - `sliding`: only the last `windowTokens` tokens (Mistral 7B v0.1, Gemma 2/3 local layers, gpt-oss);
 * - `chunked`: only tokens of the current chunk of `chunkTokens` (Llama 4's local layers);
 * - `mla`: multi-head latent attention, one compressed latent plus a shared RoPE key per token
 *   (DeepSeek-V2/V3), sized by the model's `mla` dimensions;
 * - `linear`: a recurrent state of fixed size per sequence, independent of context (Gated DeltaNet,
 *   Mamba), sized by the model's `linearAttention` dimensions.
 */
export const AttentionLayerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full') }),
  z.object({ kind: z.literal('sliding'), windowTokens: WindowTokens }),
  z.object({ kind: z.literal('chunked'), chunkTokens: WindowTokens }),
  z.object({ kind: z.literal('mla') }),
  z.object({ kind: z.literal('linear') }),
]);

export type AttentionLayer = z.infer<typeof AttentionLayerSchema>;
export type AttentionKind = AttentionLayer['kind'];
