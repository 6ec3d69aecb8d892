import { z } from 'zod';
import type { ContextPoint } from './context-sweep.js';
import { type EstimateRequest, estimate } from './estimate.js';
import { firstCrossing } from './first-crossing.js';
import type { FitStatus } from './placement.js';

/** Where a scenario stops running from GPU memory alone as its context grows, to the token. */
export const ContextLimitsSchema = z.object({
  /**
   * Smallest context at which layers or the KV cache spill to system RAM (llama.cpp offload), to the token;
   * null when no context in the swept range spills. When the sweep's first context already spills, it is that one.
   */
  spillsToCpuFromTokens: z.number().nullable(),
  /** Smallest context that no longer fits at all (GPUs and RAM); null when every swept context fits. */
  stopsFittingFromTokens: z.number().nullable(),
});

export type ContextLimits = z.infer<typeof ContextLimitsSchema>;

/** How far a placement is from the GPUs alone: memory only grows with context, so the rank never falls. */
const RANK: Record<FitStatus, number> = { fits: 0, tight: 0, offload: 1, 'no-fit': 2 };

/** The first context whose fit ranks at least `rank`, with the fit found there. */
function firstContextAtRank(
  points: readonly ContextPoint[],
  rank: number,
  fitAt: (contextTokens: number) => FitStatus,
): { contextTokens: number; fit: FitStatus } | null {
  const index = points.findIndex((p) => RANK[p.fit] >= rank);
  const at = points[index];
  if (!at) return null;
  const before = points[index - 1];
  if (!before) return { contextTokens: at.contextTokens, fit: at.fit };
  const contextTokens = firstCrossing(before.contextTokens, at.contextTokens, (tokens) => RANK[fitAt(tokens)] >= rank);
  return { contextTokens, fit: contextTokens === at.contextTokens ? at.fit : fitAt(contextTokens) };
}

/**
 * The exact contexts between the sweep's powers of two where the plan spills to the CPU and where it stops
 * fitting, estimated the way the sweep estimates (the prompt fills the context), so a chart can mark them.
 */
export function contextLimits(request: EstimateRequest, points: readonly ContextPoint[]): ContextLimits {
  const sorted = [...points].sort((a, b) => a.contextTokens - b.contextTokens);
  const fitAt = (contextTokens: number) => estimate({ ...request, contextTokens, promptTokens: contextTokens }).placement.fit;
  // A runtime that cannot offload (vLLM, SGLang) goes from fitting straight to not fitting: no spill.
  const leaves = firstContextAtRank(sorted, RANK.offload, fitAt);
  return {
    spillsToCpuFromTokens: leaves?.fit === 'offload' ? leaves.contextTokens : null,
    stopsFittingFromTokens: firstContextAtRank(sorted, RANK['no-fit'], fitAt)?.contextTokens ?? null,
  };
}
