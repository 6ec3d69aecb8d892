import { z } from 'zod';
import { type EstimateRequest, estimate } from './estimate.js';
import { FitStatusSchema } from './estimate-schema.js';

export const ContextPointSchema = z.object({
  contextTokens: z.number(),
  fit: FitStatusSchema,
  totalBytes: z.number(),
  kvCacheBytes: z.number(),
  decodeTokensPerSecond: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  /** Time to first token for a prompt that fills the context: how long a full-context request waits. */
  timeToFirstTokenSeconds: z.number().nullable(),
});

export type ContextPoint = z.infer<typeof ContextPointSchema>;

/** Context lengths worth charting: powers of two from 512 up to the model's maximum, and the maximum itself. */
export function contextSteps(maxContextTokens: number): number[] {
  const steps: number[] = [];
  for (let tokens = 512; tokens < maxContextTokens; tokens *= 2) steps.push(tokens);
  steps.push(maxContextTokens);
  return steps;
}

/**
 * The same scenario at growing context: how memory and generation speed change as the KV cache fills, and
 * how long the first token takes when the prompt fills the context (prefill grows faster than linearly).
 */
export function contextSweep(
  request: EstimateRequest,
  contexts: readonly number[] = contextSteps(request.model.architecture.maxContextTokens),
): ContextPoint[] {
  return contexts.map((contextTokens) => {
    const e = estimate({ ...request, contextTokens, promptTokens: contextTokens });
    return {
      contextTokens,
      fit: e.placement.fit,
      totalBytes: e.memory.totalBytes,
      kvCacheBytes: e.memory.kvCacheBytes,
      decodeTokensPerSecond: e.throughput?.decodeTokensPerSecond ?? null,
      low: e.throughput?.low ?? null,
      high: e.throughput?.high ?? null,
      timeToFirstTokenSeconds: e.throughput?.timeToFirstTokenSeconds ?? null,
    };
  });
}
