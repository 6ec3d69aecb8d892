import { formatBytes } from '@weightplan/format';
import type { HardwareProfile } from '@weightplan/hardware';
import { InvalidInputError } from '@weightplan/match';
import { getPrecision, type OpenModelSpec, type Precision } from '@weightplan/weights';
import { estimate } from '../estimate.js';
import type { Estimate } from '../estimate-schema.js';
import { type QuantisationLoss, quantisationLoss } from '../quantisation-loss.js';
import { precisionLadder } from '../recommend.js';
import { servingCapacity } from '../serving-capacity.js';
import type { ServingRate } from './monthly-cost.js';
import type { Workload } from './workload.js';

export interface ServingPlan {
  precision: Precision;
  /** The estimate at `batch` sequences at once. */
  estimate: Estimate;
  rate: ServingRate;
  /** Sequences one machine serves at once: the most, up to the workload's concurrency, that fit and meet the latency floor. */
  batch: number;
  /** Machines the concurrent requests alone need: ceil(concurrency / batch). */
  machinesForConcurrency: number;
  /** KV cache of one sequence of the workload's context, and the KV budget one machine has (serving-capacity.ts). */
  kvBytesPerSequence: number;
  maxSequencesInMemory: number;
  decodeTokensPerSecond: number;
  meetsLatency: boolean;
  quantisation: QuantisationLoss;
  /** What stops one more sequence per machine, when the batch is below the workload's concurrency. */
  batchLimit: string | null;
  /** Below the quality floor (more loss than Q4_K_M): chosen only because nothing better serves the workload here. */
  belowQualityFloor: boolean;
}

/**
 * The quality floor for a serving plan: precisions losing more than Q4_K_M (mean KLD 0.031 on llama.cpp's
 * scoreboard, the usual "sweet spot") are not used to squeeze more sequences onto fewer machines, only when
 * nothing at or above it serves the workload at all.
 */
const QUALITY_FLOOR_KLD = quantisationLoss(getPrecision('Q4_K_M')).meanKld;

function tryEstimate(request: Parameters<typeof estimate>[0]): Estimate | undefined {
  try {
    return estimate(request);
  } catch (error) {
    if (error instanceof InvalidInputError) return undefined;
    throw error;
  }
}

/**
 * How one precision serves the workload on one machine, by the serving-capacity model: the KV budget bounds
 * the sequences in memory, and the largest batch up to the workload's concurrency whose per-sequence speed
 * still meets the latency floor is served at once, at that batch's aggregate throughput. Falls back to one
 * sequence (flagged as missing the target) when even that is too slow.
 */
export function batchedPlan(
  model: OpenModelSpec,
  precision: Precision,
  hardware: HardwareProfile,
  workload: Workload,
): ServingPlan | undefined {
  const request = {
    model,
    precision,
    hardware,
    contextTokens: workload.contextTokens,
    promptTokens: Math.min(workload.promptTokens, workload.contextTokens),
  };
  let capacity: ReturnType<typeof servingCapacity>;
  try {
    capacity = servingCapacity(request, workload.concurrency);
  } catch (error) {
    if (error instanceof InvalidInputError) return undefined;
    throw error;
  }
  const at = new Map<number, Estimate | undefined>();
  const run = (batch: number) => {
    if (!at.has(batch)) at.set(batch, tryEstimate({ ...request, concurrency: batch }));
    return at.get(batch);
  };
  const serves = (batch: number) => {
    const e = run(batch);
    return !!e?.throughput && e.placement.fit !== 'no-fit' && e.throughput.decodeTokensPerSecond >= workload.minDecodeTokensPerSecond;
  };
  // llama.cpp offloading the KV cache to RAM has a GPU budget of 0 yet still runs one sequence: try at least one.
  let low = 0;
  let high = Math.max(1, Math.min(workload.concurrency, capacity.maxSequences));
  if (serves(high)) low = high;
  else {
    // Memory and per-sequence speed both fall as the batch grows: the largest batch that serves is found by bisection.
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (serves(mid)) low = mid;
      else high = mid;
    }
  }
  const batch = Math.max(1, low);
  const e = run(batch);
  if (!e?.throughput || e.placement.fit === 'no-fit') return undefined;
  const quantisation = quantisationLoss(precision, model);
  let batchLimit: string | null = null;
  if (batch < workload.concurrency) {
    const next = run(batch + 1);
    batchLimit =
      !next?.throughput || next.placement.fit === 'no-fit' || next.placement.fit === 'offload'
        ? `${batch + 1} sequences of ${workload.contextTokens} tokens do not fit beside the weights on the GPUs`
        : `at ${batch + 1} sequences each gets ${next.throughput.decodeTokensPerSecond.toFixed(1)} tok/s, below the ${workload.minDecodeTokensPerSecond} asked`;
  }
  return {
    batchLimit,
    precision,
    estimate: e,
    rate: {
      prefillTokensPerSecond: e.throughput.prefillTokensPerSecond,
      aggregateDecodeTokensPerSecond: e.throughput.aggregateDecodeTokensPerSecond,
    },
    batch,
    machinesForConcurrency: Math.ceil(workload.concurrency / batch),
    kvBytesPerSequence: capacity.kvBytesPerSequence,
    maxSequencesInMemory: capacity.maxSequences,
    decodeTokensPerSecond: e.throughput.decodeTokensPerSecond,
    meetsLatency: low >= 1,
    quantisation,
    belowQualityFloor: quantisation.meanKld > QUALITY_FLOOR_KLD,
  };
}

/**
 * The best way to serve a model on some hardware: among the precisions of the ladder (or the one asked for)
 * at or above the quality floor, the one that needs the fewest machines for the workload's concurrent
 * requests, the highest precision among equals; below the floor only when nothing above it serves.
 * `machinesFor` turns a plan into the machines its volume needs (the cost model's count).
 */
export function servingPlan(
  model: OpenModelSpec,
  fixed: Precision | undefined,
  hardware: HardwareProfile,
  workload: Workload,
  machinesFor: (plan: ServingPlan) => number,
): ServingPlan | string {
  if (model.architecture.maxContextTokens < workload.contextTokens)
    return `supports ${model.architecture.maxContextTokens} tokens of context, below the ${workload.contextTokens} asked`;
  const precisions = fixed ? [fixed] : precisionLadder(hardware);
  let best: { plan: ServingPlan; machines: number } | undefined;
  const better = (plan: ServingPlan, machines: number) => {
    if (!best) return true;
    if (plan.belowQualityFloor !== best.plan.belowQualityFloor) return !plan.belowQualityFloor;
    if (plan.meetsLatency !== best.plan.meetsLatency) return plan.meetsLatency;
    return machines < best.machines;
  };
  for (const precision of precisions) {
    // Below the floor is worth a look only while nothing at or above it serves the workload.
    if (best && !best.plan.belowQualityFloor && best.plan.meetsLatency && quantisationLoss(precision, model).meanKld > QUALITY_FLOOR_KLD)
      break;
    const plan = batchedPlan(model, precision, hardware, workload);
    if (!plan) continue;
    const machines = machinesFor(plan);
    if (better(plan, machines)) best = { plan, machines };
    // The ladder runs from the highest precision down: one machine cannot be beaten.
    if (best?.machines === 1 && best.plan.meetsLatency && !best.plan.belowQualityFloor) break;
  }
  return best?.plan ?? `does not fit ${hardware.label}`;
}

/** Why an option needs its machines, in one line a planner can check by hand. */
export function machinesReason(plan: ServingPlan, workload: Workload, machines: number, volumeMachines: number, noun: string): string {
  const perSequence = formatBytes(plan.kvBytesPerSequence);
  const agg = plan.rate.aggregateDecodeTokensPerSecond.toFixed(0);
  const each = plan.decodeTokensPerSecond.toFixed(1);
  const batched =
    plan.batch >= workload.concurrency
      ? `one ${noun} batches all ${workload.concurrency} concurrent requests`
      : `one ${noun} batches ${plan.batch} of the ${workload.concurrency} concurrent requests (KV cache ${perSequence} per sequence of ${workload.contextTokens} tokens; ${plan.batchLimit ?? 'no more fit'})`;
  const speed = `${agg} tok/s generated in all, ${each} tok/s each`;
  const plural = (n: number) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const why =
    machines === 1
      ? 'one suffices'
      : volumeMachines >= plan.machinesForConcurrency
        ? `${plural(volumeMachines)} for the monthly volume (concurrency alone needs ${plan.machinesForConcurrency})`
        : `${plural(plan.machinesForConcurrency)} for ${workload.concurrency} requests at once (the volume alone needs ${volumeMachines})`;
  return `${batched}, ${speed}: ${why}`;
}
