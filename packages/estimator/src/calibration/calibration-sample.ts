import { OpenModelSpecSchema } from '@weightplan/weights';
import { z } from 'zod';

/**
 * One measurement of a model on this machine (a `weightplan bench` run or an imported llama-bench line):
 * what ran, how, and the speeds measured. Generation was measured after the prompt, so the cache grew from
 * `promptTokens` to `promptTokens + genTokens` tokens.
 */
export const CalibrationSampleSchema = z.object({
  spec: OpenModelSpecSchema,
  /** A precision id the estimator knows (`Q8_0`, `Q4_K_M`, `F16`...). */
  precision: z.string().min(1),
  /** Threads the runner used; absent: llama.cpp's default, one per physical core. */
  threads: z.int().positive().max(4096).optional(),
  /** Layers offloaded to the GPU; 0 is a CPU-only run, absent lets the estimator place them. */
  gpuLayers: z.int().nonnegative().max(10_000).optional(),
  promptTokens: z.int().positive().max(16_777_216),
  genTokens: z.int().positive().max(16_777_216),
  decodeTokensPerSecond: z.number().positive().finite(),
  prefillTokensPerSecond: z.number().positive().finite(),
  /** ISO 8601 time of the measurement. */
  measuredAt: z.string().optional(),
});

export type CalibrationSample = z.infer<typeof CalibrationSampleSchema>;
export type CalibrationSampleInput = z.input<typeof CalibrationSampleSchema>;
