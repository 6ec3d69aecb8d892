import { z } from 'zod';
import { type EstimateRequest, estimate, prepareSpeedProbe, probeServingSeconds } from './estimate.js';
import { FitStatusSchema } from './estimate-schema.js';
import { firstCrossing } from './first-crossing.js';
import { isPagedServingRuntime } from './runtime.js';
import { servingLoad } from './serving-load.js';
import { SPEED_CONSTANTS } from './speed-table.js';

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
      /**
       * With an output length: output tokens per second of all requests when each also has its prompt
       * processed (`servingLoad`), the throughput a server under this load reports. Null without one.
       */
      servedTokensPerSecond: z.number().nullable(),
    }),
  ),
  /**
   * Where doubling the concurrency stops paying: the last point before doubling adds less than 50% throughput
   * (served throughput when an output length was given, else decode throughput).
   */
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
 * GPUs turn from memory-bound (each extra sequence nearly free) to compute-bound. With `outputTokens`,
 * each point also carries the throughput with every request's prompt (`request.promptTokens`) processed
 * inside the running batch (`servingLoad`).
 */
export function servingCapacity(request: EstimateRequest, maxConcurrency = 1024, outputTokens?: number): ServingCapacity {
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

  const point = (concurrency: number, e: ReturnType<typeof estimate>): ServingCapacity['curve'][number] => {
    const t = e.throughput;
    let served: number | null = null;
    if (t && outputTokens !== undefined) {
      // The class constants (a machine calibration of llama.cpp does not apply to a serving engine's batches).
      const seconds = probeServingSeconds(prepareSpeedProbe({ ...request, concurrency }), request.speedTable ?? SPEED_CONSTANTS);
      served = servingLoad({ ...seconds, concurrency, outputTokens }).aggregateOutputTokensPerSecond;
    }
    return {
      concurrency,
      fit: e.placement.fit,
      perSequenceTokensPerSecond: t?.decodeTokensPerSecond ?? null,
      aggregateTokensPerSecond: t?.aggregateDecodeTokensPerSecond ?? null,
      servedTokensPerSecond: served,
    };
  };
  const curve: ServingCapacity['curve'] = [];
  for (let concurrency = 1; concurrency <= Math.max(1, maxSequences); concurrency *= 2)
    curve.push(point(concurrency, concurrency === 1 ? single : estimate({ ...request, concurrency })));
  if (maxSequences > 1 && curve.at(-1)?.concurrency !== maxSequences)
    curve.push(point(maxSequences, estimate({ ...request, concurrency: maxSequences })));

  let kneeConcurrency: number | null = null;
  // Along the doublings only: the last point (the budget's limit) is not a doubling of the one before.
  const doublings = curve.filter((point) => (point.concurrency & (point.concurrency - 1)) === 0);
  for (let i = 0; i + 1 < doublings.length; i++) {
    const rate = (p: ServingCapacity['curve'][number] | undefined) =>
      outputTokens !== undefined ? p?.servedTokensPerSecond : p?.aggregateTokensPerSecond;
    const here = rate(doublings[i]);
    const next = rate(doublings[i + 1]);
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
