import { z } from 'zod';
import { type EstimateRequest, estimate } from './estimate.js';
import { FitStatusSchema } from './estimate-schema.js';
import { firstCrossing } from './first-crossing.js';
import { isPagedServingRuntime } from './runtime.js';

export const ServingCapacitySchema = z.object({
  runtime: z.string(),
  contextTokens: z.number(),
  /** KV cache one sequence of `contextTokens` needs. */
  kvBytesPerSequence: z.number(),
  /** Memory left for the KV cache on the GPUs once weights, activations and runtime overhead are placed. */
  kvBudgetBytes: z.number(),
  /** Sequences of `contextTokens` the KV budget holds at once (vLLM's "maximum concurrency"). */
  maxSequences: z.number(),
  curve: z.array(
    z.object({
      concurrency: z.number(),
      fit: FitStatusSchema,
      perSequenceTokensPerSecond: z.number().nullable(),
      aggregateTokensPerSecond: z.number().nullable(),
    }),
  ),
  /** Where doubling the concurrency stops paying: the last point before doubling adds less than 50% throughput. */
  kneeConcurrency: z.number().nullable(),
  /**
   * The fewest concurrent sequences (up to the largest asked about) at which the plan no longer runs from GPU
   * memory: `offload` when llama.cpp spills layers to system RAM, `no-fit` when it cannot be placed at all.
   * Null when every concurrency up to the limit stays on the GPUs.
   */
  leavesGpuAt: z.object({ concurrency: z.number(), fit: FitStatusSchema }).nullable(),
  notes: z.array(z.string()),
});

export type ServingCapacity = z.infer<typeof ServingCapacitySchema>;

const KNEE_GAIN = 1.5;

/**
 * How many users one deployment serves: the KV budget (for vLLM and SGLang, the GPU memory
 * `gpu_memory_utilization` leaves after weights, activations and CUDA graphs) divided by one sequence's KV
 * cache, and the aggregate generation speed as concurrency doubles up to that limit, with the knee where the
 * GPUs turn from memory-bound (each extra sequence nearly free) to compute-bound.
 */
export function servingCapacity(request: EstimateRequest, maxConcurrency = 1024): ServingCapacity {
  const single = estimate({ ...request, concurrency: 1 });
  const paged = isPagedServingRuntime(single.runtime);
  const utilisation = paged ? (request.gpuMemoryUtilization ?? 0.9) : 1;
  const gpuDevices = single.memory.perDevice.filter((d) => d.kind === 'gpu');
  const devices = gpuDevices.length > 0 ? gpuDevices : single.memory.perDevice;
  const kvBudgetBytes = Math.max(
    0,
    devices.reduce((sum, d) => sum + d.capacityBytes * utilisation - (d.totalBytes - d.kvCacheBytes), 0),
  );
  const kvBytesPerSequence = single.memory.kvCacheBytes;
  const maxSequences = kvBytesPerSequence > 0 ? Math.min(maxConcurrency, Math.floor(kvBudgetBytes / kvBytesPerSequence)) : maxConcurrency;

  const curve: ServingCapacity['curve'] = [];
  for (let concurrency = 1; concurrency <= Math.max(1, maxSequences); concurrency *= 2) {
    const e = concurrency === 1 ? single : estimate({ ...request, concurrency });
    curve.push({
      concurrency,
      fit: e.placement.fit,
      perSequenceTokensPerSecond: e.throughput?.decodeTokensPerSecond ?? null,
      aggregateTokensPerSecond: e.throughput?.aggregateDecodeTokensPerSecond ?? null,
    });
  }
  if (maxSequences > 1 && curve.at(-1)?.concurrency !== maxSequences) {
    const e = estimate({ ...request, concurrency: maxSequences });
    curve.push({
      concurrency: maxSequences,
      fit: e.placement.fit,
      perSequenceTokensPerSecond: e.throughput?.decodeTokensPerSecond ?? null,
      aggregateTokensPerSecond: e.throughput?.aggregateDecodeTokensPerSecond ?? null,
    });
  }

  let kneeConcurrency: number | null = null;
  // Along the doublings only: the last point (the budget's limit) is not a doubling of the one before.
  const doublings = curve.filter((point) => (point.concurrency & (point.concurrency - 1)) === 0);
  for (let i = 0; i + 1 < doublings.length; i++) {
    const here = doublings[i]?.aggregateTokensPerSecond;
    const next = doublings[i + 1]?.aggregateTokensPerSecond;
    if (here && next && next < here * KNEE_GAIN) {
      kneeConcurrency = doublings[i]?.concurrency ?? null;
      break;
    }
  }
  const notes: string[] = [];
  const leavesGpuAt = firstConcurrencyOffGpu(request, curve, maxConcurrency);
  if (paged)
    notes.push(`${single.runtime} reserves ${Math.round(utilisation * 100)}% of each GPU (gpu_memory_utilization) and pages the KV cache`);
  else notes.push(`${single.runtime} allocates the KV cache for all parallel sequences up front (-np, with -c the total context)`);
  if (maxSequences === 0) notes.push('not even one sequence of this context fits beside the weights');
  if (kneeConcurrency === null && maxSequences > 1)
    notes.push('still memory-bound at the largest batch that fits: more memory would serve more users at almost no speed cost');
  return {
    runtime: single.runtime,
    contextTokens: single.scenario.contextTokens,
    kvBytesPerSequence,
    kvBudgetBytes,
    maxSequences,
    curve,
    kneeConcurrency,
    leavesGpuAt,
    notes,
  };
}

const onGpus = (fit: string) => fit === 'fits' || fit === 'tight';

/**
 * Past the curve's last point (the KV budget's limit), doubling until the plan leaves the GPUs, then
 * bisecting: the exact number of sequences at which it spills, so a chart marks it where it happens.
 */
function firstConcurrencyOffGpu(
  request: EstimateRequest,
  curve: ServingCapacity['curve'],
  maxConcurrency: number,
): ServingCapacity['leavesGpuAt'] {
  const fitAt = (concurrency: number) => estimate({ ...request, concurrency }).placement.fit;
  const firstOff = curve.findIndex((p) => !onGpus(p.fit));
  const known = curve[firstOff];
  if (known) {
    const before = curve[firstOff - 1];
    if (!before) return { concurrency: known.concurrency, fit: known.fit };
    const concurrency = firstCrossing(before.concurrency, known.concurrency, (n) => !onGpus(fitAt(n)));
    return { concurrency, fit: fitAt(concurrency) };
  }
  let low = curve.at(-1)?.concurrency ?? 1;
  while (low < maxConcurrency) {
    const high = Math.min(maxConcurrency, low * 2);
    if (!onGpus(fitAt(high))) {
      const concurrency = firstCrossing(low, high, (n) => !onGpus(fitAt(n)));
      return { concurrency, fit: fitAt(concurrency) };
    }
    low = high;
  }
  return null;
}
