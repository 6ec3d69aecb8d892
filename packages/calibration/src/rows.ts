import { z } from 'zod';

const number = z.coerce.number().refine(Number.isFinite, 'a finite number');

/** One llama-bench style measurement: `pp` (prompt processing) or `tg` (generation) tokens per second. */
export const ThroughputRowSchema = z.object({
  sourceUrl: z.url(),
  hardware: z.string().min(1),
  hardwareCount: z.coerce.number().int().positive(),
  backend: z.string().min(1),
  model: z.string().min(1),
  quant: z.string().min(1),
  /** Prompt tokens for `pp`, generated tokens for `tg`. */
  tokens: z.coerce.number().int().positive(),
  metric: z.enum(['pp', 'tg']),
  tokensPerSecond: number.pipe(z.number().positive()),
  /** Tokens already in the KV cache when the test starts. */
  kvDepth: z.coerce.number().int().nonnegative(),
  /** true, false, or null when the source does not say. */
  flashAttention: z.boolean().nullable(),
  engineVersion: z.string(),
  /** CPU rows: the threads llama.cpp ran (`-t`); null where the column is empty (GPU rows). */
  threads: z.coerce.number().int().positive().nullable(),
  /** The source flags this run as broken (QUALITY_FLAG=suspect): excluded from scoring. */
  suspect: z.boolean(),
  notes: z.string(),
});

/** llama.cpp's own load-time buffer report, in MiB. */
export const MemoryRowSchema = z.object({
  sourceUrl: z.url(),
  hardware: z.string().min(1),
  hardwareCount: z.coerce.number().int().positive(),
  backend: z.string().min(1),
  model: z.string().min(1),
  quant: z.string().min(1),
  contextTokens: z.coerce.number().int().positive(),
  kvCacheType: z.string(),
  weightsMib: number,
  kvCacheMib: number,
  computeBufferMib: number,
  totalMib: number,
  notes: z.string(),
});

/** A GGUF file's size (or its tensor data's), converted to bytes. */
export const GgufSizeRowSchema = z.object({
  sourceUrl: z.url(),
  model: z.string().min(1),
  quant: z.string().min(1),
  bytes: z.number().positive(),
  /** `file`: whole file as listed for download; `tensor-data`: llama.cpp's model size without metadata. */
  measures: z.enum(['file', 'tensor-data']),
  /** How precise the published figure is: half of its last printed digit, relative. */
  relativeRounding: z.number().nonnegative(),
  notes: z.string(),
});

/** A published size of one weight file (or file set) in a given format, for any format Weightplan sizes. */
export const WeightFileSizeRowSchema = z.object({
  sourceUrl: z.url(),
  /** Catalog id of the model the file holds. */
  modelId: z.string().min(1),
  /** Weightplan precision id whose layout the file has. */
  precision: z.string().min(1),
  bytes: z.number().positive(),
  /** `file`: whole files as listed for download (metadata included); `tensor-data`: tensor bytes only. */
  measures: z.enum(['file', 'tensor-data']),
  /** How precise the published figure is: half of its last printed digit, relative. */
  relativeRounding: z.number().nonnegative(),
  notes: z.string(),
});

export type ThroughputRow = z.infer<typeof ThroughputRowSchema>;
export type MemoryRow = z.infer<typeof MemoryRowSchema>;
export type GgufSizeRow = z.infer<typeof GgufSizeRowSchema>;
export type WeightFileSizeRow = z.infer<typeof WeightFileSizeRowSchema>;

/**
 * One measurement of a serving engine (vLLM, SGLang) under load: `concurrency` requests kept in flight,
 * each with `inputTokens` of prompt and `outputTokens` generated. `output_tok_s` is the aggregate output
 * throughput of all requests together; `tpot_ms` the time per output token of one request after its first.
 * Concurrency 1 is single-stream.
 */
export const ServingRowSchema = z.object({
  sourceUrl: z.url(),
  hardware: z.string().min(1),
  hardwareCount: z.coerce.number().int().positive(),
  backend: z.enum(['vLLM', 'vLLM ROCm', 'SGLang']),
  engineVersion: z.string().min(1),
  model: z.string().min(1),
  quant: z.string().min(1),
  inputTokens: z.coerce.number().int().positive(),
  outputTokens: z.coerce.number().int().positive(),
  concurrency: z.coerce.number().int().positive(),
  metric: z.enum(['output_tok_s', 'tpot_ms']),
  value: number.pipe(z.number().positive()),
  notes: z.string(),
});

export type ServingRow = z.infer<typeof ServingRowSchema>;
