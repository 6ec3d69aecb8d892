import { formatBytes } from '@weightplan/format';
import type { HardwareProfile } from '@weightplan/hardware';
import { InvalidInputError } from '@weightplan/match';
import { type OpenModelSpec, PRECISIONS, type Precision, type QualitySignal } from '@weightplan/weights';
import type { MachineCalibration } from './calibration/machine-calibration.js';
import { gpuCapacityBytes } from './devices.js';
import { estimate } from './estimate.js';
import type { Estimate } from './estimate-schema.js';
import type { KvCacheType } from './kv-cache.js';
import { type QualityEstimate, qualityCalibration } from './quality-calibration.js';
import { describeQuantisationLoss } from './quantisation-loss.js';
import type { Recommendation, RecommendResult, Rejection } from './recommend-schema.js';
import { runtimesFor } from './runtime.js';
import { USE_CASES, type UseCase } from './use-case.js';

export interface RecommendRequest {
  hardware: HardwareProfile;
  models: readonly OpenModelSpec[];
  /** Context each answer must support (tokens). */
  contextTokens?: number;
  promptTokens?: number;
  /** Slowest acceptable generation speed (tokens/s), default 10. */
  minDecodeTokensPerSecond?: number;
  /** What the deployment is for: sets defaults for the constraints below and how answers rank. */
  useCase?: UseCase;
  /** Longest acceptable time to first token for a prompt of `promptTokens`. */
  maxTimeToFirstTokenSeconds?: number;
  /** Sequences served at once: each needs its KV cache, and each must meet the speed floor. */
  concurrency?: number;
  /** Published quality scores: where a model has one, it moves the model's rank (see quality-calibration.ts). */
  qualitySignals?: readonly QualitySignal[];
  /** Only models licensed for commercial use. */
  commercialOnly?: boolean;
  kvCacheType?: KvCacheType;
  /** How many recommendations to return (default 10). */
  limit?: number;
  /** Precisions to consider; default: the common ladder for the hardware's runtimes. */
  precisions?: readonly Precision[];
  /** This machine's measured factors (fitMachineCalibration), applied to every llama.cpp candidate. */
  calibration?: MachineCalibration;
}

/** The precisions worth trying, highest quality first: floats, 8-bit, then GGUF k-quants down to 2 bits; FP8/AWQ where vLLM runs; MLX on Apple. */
const LADDER = [
  'BF16',
  'FP8',
  'Q8_0',
  'Q6_K',
  'Q5_K_M',
  'AWQ-INT4',
  'MLX-4BIT',
  'Q4_K_M',
  'IQ4_XS',
  'Q3_K_M',
  'IQ3_XXS',
  'Q2_K',
  'IQ2_XXS',
];

/** The precision ladder for a machine, highest quality first, without formats no runtime there can load. */
export function precisionLadder(hardware: HardwareProfile): Precision[] {
  return LADDER.map((id) => PRECISIONS.find((p) => p.id === id)).filter(
    (p): p is Precision =>
      p !== undefined && runtimesFor(p, hardware).length > 0 && (p.format !== 'mlx' || hardware.gpus.some((g) => g.vendor === 'apple')),
  );
}

const gb = formatBytes;
const tps = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));

function capacitySummary(hardware: HardwareProfile): string {
  const vram = hardware.gpus.reduce((sum, gpu) => sum + gpuCapacityBytes(gpu), 0);
  if (hardware.gpus.some((gpu) => gpu.unifiedMemory)) return `${gb(vram)} GPU-usable unified memory`;
  return hardware.gpus.length > 0
    ? `${gb(vram)} VRAM + ${gb(hardware.memory.availableBytes)} free RAM`
    : `${gb(hardware.memory.availableBytes)} free RAM`;
}

/** Why an estimate is not acceptable, in words a planner can act on; undefined when it is. */
function failure(e: Estimate, minTps: number, maxTtft: number | null, hardware: HardwareProfile): string | undefined {
  if (e.placement.fit === 'no-fit' || !e.throughput) {
    const users = e.scenario.concurrency > 1 ? ` for ${e.scenario.concurrency} sequences` : '';
    return `needs ${gb(e.memory.totalBytes)}${users}; ${capacitySummary(hardware)} is not enough`;
  }
  if (e.throughput.decodeTokensPerSecond < minTps) {
    const where = e.placement.fit === 'offload' ? `needs ${gb(e.memory.totalBytes)}, so ${e.placement.explanation}: ` : '';
    return `${where}~${tps(e.throughput.decodeTokensPerSecond)} tok/s, below your ${minTps}`;
  }
  if (maxTtft !== null && e.throughput.timeToFirstTokenSeconds > maxTtft) {
    return `first token after ~${e.throughput.timeToFirstTokenSeconds.toFixed(1)} s for a ${e.scenario.promptTokens}-token prompt, above your ${maxTtft} s`;
  }
  return undefined;
}

/**
 * "Similar quality" on the ranking's scale (log2 of effective parameters): half a halving of the model, a
 * little less than Q3_K_M loses against FP16. A tight pick ranks as if this much worse, so it is never first
 * while a pick with headroom comes within this of it.
 */
export const TIGHT_RANK_PENALTY = 0.5;

/** Headroom below which a GPU is "tight": under 5% of it or under 1 GiB free. */
export function isTightHeadroom(freeBytes: number, capacityBytes: number): boolean {
  return freeBytes < Math.max(0.05 * capacityBytes, 1024 ** 3);
}

function rankKey(r: Recommendation): number {
  return r.score - (r.headroom.tight ? TIGHT_RANK_PENALTY : 0);
}

/** The quality line shown next to a recommendation: the score with its benchmark, date and source, or the fallback. */
function qualitySummary(judged: QualityEstimate, useCaseBenchmark: string | null, note: string | undefined): string {
  const signal = judged.signal;
  const cited = signal
    ? `${signal.score}${signal.benchmark === 'lmarena-text' ? '' : '%'} on ${signal.benchmark} (${signal.readOn}, ${signal.sourceUrl})`
    : '';
  if (judged.basis === 'use-case-benchmark') return cited;
  const missing = useCaseBenchmark ? `no ${useCaseBenchmark} score on file` : (note ?? 'no benchmark for this use on file');
  return judged.basis === 'other-benchmark'
    ? `${missing}: size/recency estimate, nudged by ${cited}`
    : `${missing}: size/recency estimate (parameters and release date), no published score`;
}

/**
 * Ranks what this hardware can run: for each model, the highest-quality precision that fits (on the GPU,
 * or offloaded when that still meets the speed floor) with headroom; models are then ordered by the quality
 * people judge the use by (a coding benchmark for coding, the arena for chat; the size/recency proxy where a
 * model has no such score), less the precision's measured quantisation loss, with GPU-resident answers
 * before offloaded ones and roomy fits before tight ones at similar quality. Each
 * answer says why it was chosen; the tempting options that failed (bigger models, higher precisions)
 * say exactly what failed.
 */
export function recommend(request: RecommendRequest): RecommendResult {
  const { hardware } = request;
  const preset = request.useCase ? USE_CASES[request.useCase] : undefined;
  const minTps = request.minDecodeTokensPerSecond ?? preset?.minDecodeTokensPerSecond ?? 10;
  if (!Number.isFinite(minTps) || minTps < 0 || minTps > 100_000)
    throw new InvalidInputError('minDecodeTokensPerSecond must be from 0 to 100000');
  const limit = request.limit ?? 10;
  const precisions = request.precisions ?? precisionLadder(hardware);
  const contextTokens = request.contextTokens ?? preset?.contextTokens ?? 8192;
  const promptTokens = request.promptTokens ?? preset?.promptTokens;
  const maxTtft = request.maxTimeToFirstTokenSeconds ?? preset?.maxTimeToFirstTokenSeconds ?? null;
  const concurrency = request.concurrency ?? preset?.concurrency ?? 1;
  const rankBy = preset?.rankBy ?? 'quality';
  const useCaseBenchmark = preset?.qualityBenchmark ?? null;
  const quality = qualityCalibration(request.models, request.qualitySignals ?? [], useCaseBenchmark);

  const accepted: Recommendation[] = [];
  const rejectedByModel = new Map<string, Rejection[]>();
  // Safety classifiers label other models' text; they are no answer to "what should I run here?".
  const candidates = request.models.filter((m) => m.variant !== 'classifier');
  for (const model of candidates) {
    if (request.commercialOnly && !model.license.commercialUse) continue;
    if (model.architecture.maxContextTokens < contextTokens) {
      rejectedByModel.set(model.id, [
        {
          modelId: model.id,
          precision: '*',
          kind: 'bigger-model',
          reason: `supports ${model.architecture.maxContextTokens} tokens of context, below the ${contextTokens} asked`,
        },
      ]);
      continue;
    }
    const rejections: Rejection[] = [];
    let chosen: Recommendation | undefined;
    for (const precision of precisions) {
      const e = estimate({
        model,
        precision,
        hardware,
        contextTokens,
        concurrency,
        ...(promptTokens !== undefined ? { promptTokens: Math.min(promptTokens, contextTokens) } : {}),
        ...(request.kvCacheType ? { kvCacheType: request.kvCacheType } : {}),
        ...(request.calibration ? { calibration: request.calibration } : {}),
      });
      const why = failure(e, minTps, maxTtft, hardware);
      if (why || !e.throughput) {
        if (!chosen)
          rejections.push({ modelId: model.id, precision: precision.id, kind: 'higher-precision', reason: why ?? 'no speed estimate' });
        continue;
      }
      const candidate = recommendation(model, precision, e, e.throughput, chosen ? [] : rejections);
      // A tight fit will not load beside a desktop's display or a second program: one precision lower that
      // leaves headroom usually loses less than that risk is worth, so it is tried before settling.
      if (chosen && rankKey(candidate) > rankKey(chosen)) {
        const free = chosen.headroom.minGpuFreeBytes ?? 0;
        candidate.reasons[2] = `${precision.id} of ${model.name} leaves headroom; ${chosen.precision} also fits but leaves only ${gb(Math.max(0, free))} of a GPU free`;
      }
      if (!chosen || rankKey(candidate) > rankKey(chosen)) chosen = candidate;
      if (!candidate.headroom.tight) break;
    }
    if (chosen) {
      if (chosen.headroom.tight) chosen.reasons.push('no lower precision of this model leaves more headroom while meeting the constraints');
      accepted.push(chosen);
      const higher = rejections.filter((r) => r.precision !== chosen?.precision);
      if (higher.length > 0) rejectedByModel.set(model.id, higher);
    } else rejectedByModel.set(model.id, rejections);
  }

  function recommendation(
    model: OpenModelSpec,
    precision: Precision,
    e: Estimate,
    throughput: NonNullable<Estimate['throughput']>,
    rejections: readonly Rejection[],
  ): Recommendation {
    const gpuDevices = e.memory.perDevice.filter((d) => d.kind === 'gpu');
    const gpuBytes = gpuDevices.reduce((sum, d) => sum + d.totalBytes, 0);
    const gpuCapacity = gpuDevices.reduce((sum, d) => sum + d.capacityBytes, 0);
    const hostBytes = e.memory.perDevice.filter((d) => d.kind === 'cpu').reduce((sum, d) => sum + d.totalBytes, 0);
    const minGpuFreeBytes = gpuDevices.length > 0 ? Math.min(...gpuDevices.map((d) => d.capacityBytes - d.totalBytes)) : null;
    const tight = gpuDevices.some((d) => isTightHeadroom(d.capacityBytes - d.totalBytes, d.capacityBytes));
    const where =
      gpuCapacity > 0
        ? `${gb(gpuBytes)} of ${gb(gpuCapacity)} GPU memory${hostBytes > 0 ? ` and ${gb(hostBytes)} of RAM` : ''}`
        : `${gb(hostBytes)} of ${gb(hardware.memory.availableBytes)} free RAM`;
    const fitWords = e.placement.fit === 'offload' ? 'runs with offload' : tight ? 'fits, tightly' : 'fits';
    const reasons = [
      `${fitWords}: ${where} (${e.placement.explanation})`,
      `~${tps(throughput.decodeTokensPerSecond)} tok/s generation (${tps(throughput.low)}–${tps(throughput.high)}), ${tps(throughput.prefillTokensPerSecond)} tok/s prompt processing on ${e.runtime}`,
      `${precision.id} is the highest precision of ${model.name} that fits and meets ${minTps} tok/s`,
    ];
    if (tight && minGpuFreeBytes !== null)
      reasons.push(
        `leaves ${gb(Math.max(0, minGpuFreeBytes))} of a GPU free, under 5% or 1 GiB: a display or another program holding memory can stop it loading`,
      );
    const higher = rejections[rejections.length - 1];
    if (higher) reasons.push(`${higher.precision} rejected: ${higher.reason}`);
    const judged = quality(model, precision);
    const summary = qualitySummary(judged, useCaseBenchmark, preset?.qualityBenchmarkNote);
    reasons.push(`quality: ${summary}`);
    reasons.push(`quantisation: ${describeQuantisationLoss(judged.quantisation)}`);
    if (concurrency > 1) reasons.push(`${concurrency} sequences at once: ${tps(throughput.aggregateDecodeTokensPerSecond)} tok/s in all`);
    // Offloaded layers run at RAM speed: they rank lower at equal quality; speed beyond the floor earns up to 5%.
    const offloadPenalty = e.placement.fit === 'offload' ? 0.9 : 1;
    const speedBonus = 1 + 0.05 * Math.min(1, Math.max(0, Math.log2(throughput.decodeTokensPerSecond / Math.max(minTps, 1)) / 2));
    const score =
      rankBy === 'throughput'
        ? judged.score * offloadPenalty + Math.log2(Math.max(1, throughput.aggregateDecodeTokensPerSecond))
        : judged.score * offloadPenalty * speedBonus;
    const signal = judged.signal;
    return {
      modelId: model.id,
      modelName: model.name,
      parameterCount: model.parameterCount,
      activeParameterCount: model.activeParameterCount,
      precision: precision.id,
      target: e.placement.target,
      fit: e.placement.fit,
      runtime: e.runtime,
      score,
      qualitySignal: signal
        ? { benchmark: signal.benchmark, score: signal.score, sourceUrl: signal.sourceUrl, readOn: signal.readOn }
        : null,
      quality: {
        basis: judged.basis,
        useCaseBenchmark,
        benchmark: signal?.benchmark ?? null,
        score: signal?.score ?? null,
        sourceUrl: signal?.sourceUrl ?? null,
        readOn: signal?.readOn ?? null,
        quantisation: {
          precision: judged.quantisation.precision,
          meanKld: judged.quantisation.meanKld,
          basis: judged.quantisation.basis,
          assumedAs: judged.quantisation.assumedAs,
          sourceUrl: judged.quantisation.sourceUrl,
        },
        summary,
      },
      headroom: { minGpuFreeBytes, tight },
      memory: e.memory,
      throughput,
      reasons,
      estimate: e,
    };
  }

  accepted.sort((a, b) => rankKey(b) - rankKey(a) || b.throughput.decodeTokensPerSecond - a.throughput.decodeTokensPerSecond);
  const recommendations = accepted.slice(0, limit);

  // Tempting rejections: models bigger than the best answer that do not run here, and higher precisions of the answers.
  const best = recommendations[0];
  const rejected: Rejection[] = [];
  const bigger = candidates
    .filter((m) => best && m.parameterCount > best.parameterCount && !accepted.some((r) => r.modelId === m.id))
    .sort((a, b) => a.parameterCount - b.parameterCount)
    .slice(0, 5);
  for (const model of bigger) {
    const reasons = rejectedByModel.get(model.id) ?? [];
    const lowest = reasons[reasons.length - 1];
    if (lowest) rejected.push({ ...lowest, kind: 'bigger-model' });
  }
  for (const recommendation of recommendations.slice(0, 3)) {
    const higher = (rejectedByModel.get(recommendation.modelId) ?? []).slice(-1)[0];
    if (higher) rejected.push(higher);
  }
  return {
    constraints: {
      useCase: request.useCase ?? null,
      contextTokens,
      promptTokens: promptTokens ?? null,
      minDecodeTokensPerSecond: minTps,
      maxTimeToFirstTokenSeconds: maxTtft,
      concurrency,
      qualityBenchmark: useCaseBenchmark,
      qualityBenchmarkNote: useCaseBenchmark ? null : (preset?.qualityBenchmarkNote ?? null),
    },
    recommendations,
    rejected,
  };
}
