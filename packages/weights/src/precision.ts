import { z } from 'zod';
import { GgmlTypeNameSchema } from './ggml-types.js';
import { GGUF_FTYPES } from './gguf-recipe.js';

/** Inference engines whose memory use and launch flags Weightplan models. */
export const RuntimeSchema = z.enum(['llama.cpp', 'ollama', 'vllm', 'sglang', 'mlx', 'transformers']);
export type Runtime = z.infer<typeof RuntimeSchema>;

/**
 * How a precision stores each tensor:
 * - `float`: every weight at `bytesPerWeight` (F32, F16, BF16);
 * - `gguf`: a llama.cpp quantisation recipe, per-tensor types by llama-quantize's rules, optionally with
 *   the output head and embedding overridden (bartowski's "_L" files keep them at Q8_0);
 * - `linear`: the linear projections inside the decoder layers are quantised in groups (AWQ, GPTQ,
 *   bitsandbytes, FP8, INT8); embeddings, the output head, routers and norms stay 16-bit;
 * - `experts`: only the routed experts are quantised (gpt-oss's native MXFP4), the rest stays 16-bit;
 * - `mlx`: MLX's affine group quantisation of every linear layer and the embedding.
 */
export const PrecisionStorageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('float'), bytesPerWeight: z.union([z.literal(4), z.literal(2)]) }),
  z.object({
    kind: z.literal('gguf'),
    ftype: z.enum(GGUF_FTYPES),
    outputType: GgmlTypeNameSchema.optional(),
    tokenEmbeddingType: GgmlTypeNameSchema.optional(),
  }),
  z.object({
    kind: z.literal('linear'),
    bitsPerWeight: z.number().positive(),
    /** Weights per scale group; 0 means one scale per output row (per-channel). */
    groupSize: z.int().nonnegative(),
    /** Bits of scale (and zero point) stored per group. */
    bitsPerGroup: z.number().nonnegative(),
    /** Extra bytes per input channel of each quantised matrix (GPTQ's int32 g_idx). */
    bytesPerInputChannel: z.number().nonnegative().default(0),
  }),
  z.object({ kind: z.literal('experts'), expertBitsPerWeight: z.number().positive() }),
  z.object({ kind: z.literal('mlx'), bitsPerWeight: z.int().positive(), groupSize: z.int().positive() }),
  /**
   * The exact tensors of a weight file that was read (`weightplan inspect`): names as llama.cpp writes them
   * (safetensors names are translated), storage type and exact bytes. The file, not a recipe, decides.
   */
  z.object({
    kind: z.literal('file'),
    tensors: z.array(
      z.object({
        name: z.string(),
        shape: z.array(z.number().int().nonnegative()),
        elements: z.number().int().nonnegative(),
        type: z.string(),
        bytes: z.number().int().nonnegative(),
      }),
    ),
  }),
]);

/** Number format the matrix units can compute in for prefill (weights are dequantised to it if needed). */
export const ComputeFormatSchema = z.enum(['fp32', 'fp16', 'bf16', 'fp8', 'int8']);
export type ComputeFormat = z.infer<typeof ComputeFormatSchema>;

export const PrecisionSchema = z.object({
  /** Canonical name: "Q4_K_M", "BF16", "AWQ-INT4". */
  id: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  /** One-line description for tables. */
  label: z.string().min(1),
  /** File format it comes in. */
  format: z.enum(['gguf', 'safetensors', 'mlx']),
  /** For the exact precision of a read file, the dominant storage type decides its kernel family ("Q4_K", "BF16", "awq"). */
  dominantType: z.string().optional(),
  /** Nominal bits per weight of the bulk of the model, for sorting and display. */
  nominalBits: z.number().positive(),
  storage: PrecisionStorageSchema,
  /** Arithmetic used for matrix products during prefill. */
  computeFormat: ComputeFormatSchema,
  /** Runtimes that load this precision. */
  runtimes: z.array(RuntimeSchema).min(1),
  /** Where the storage layout is documented. */
  sourceUrl: z.url(),
});

export type PrecisionStorage = z.infer<typeof PrecisionStorageSchema>;
export type Precision = z.infer<typeof PrecisionSchema>;
export type PrecisionInput = z.input<typeof PrecisionSchema>;
