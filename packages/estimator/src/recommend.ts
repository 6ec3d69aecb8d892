import type { HardwareProfile } from '@weightplan/hardware';
import { type OpenModelSpec, PRECISIONS, type Precision } from '@weightplan/weights';
import { estimate } from './estimate.js';
import type { Estimate } from './estimate-schema.js';
import type { KvCacheType } from './kv-cache.js';
import { qualityProxyScore } from './quality-proxy.js';
import type { Recommendation, RecommendResult, Rejection } from './recommend-schema.js';
import { runtimesFor } from './runtime.js';

const GiB = 1024 ** 3;

export interface RecommendRequest {
  hardware: HardwareProfile;
  models: readonly OpenModelSpec[];
  /** Context each answer must support (tokens). */
  contextTokens?: number;
  promptTokens?: number;
  /** Slowest acceptable generation speed (tokens/s), default 10. */
  minDecodeTokensPerSecond?: number;
  /** Only models licensed for commercial use. */
  commercialOnly?: boolean;
  kvCacheType?: KvCacheType;
  /** How many recommendations to return (default 10). */
  limit?: number;
  /** Precisions to consider; default: the common ladder for the hardware's runtimes. */
  precisions?: readonly Precision[];
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

const gb = (bytes: number) => `${(bytes / GiB).toFixed(1)} GB`;
const tps = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));

function capacitySummary(hardware: HardwareProfile): string {
  const vram = hardware.gpus.reduce((sum, gpu) => sum + gpu.usableMemoryBytes, 0);
  if (hardware.gpus.some((gpu) => gpu.unifiedMemory)) return `${gb(vram)} GPU-usable unified memory`;
  return hardware.gpus.length > 0
    ? `${gb(vram)} VRAM + ${gb(hardware.memory.availableBytes)} free RAM`
    : `${gb(hardware.memory.availableBytes)} free RAM`;
}

/** Why an estimate is not acceptable, in words a planner can act on; undefined when it is. */
function failure(e: Estimate, minTps: number, hardware: HardwareProfile): string | undefined {
  if (e.placement.fit === 'no-fit' || !e.throughput) {
    return `needs ${gb(e.memory.totalBytes)}; ${capacitySummary(hardware)} is not enough`;
  }
  if (e.throughput.decodeTokensPerSecond < minTps) {
    const where = e.placement.fit === 'offload' ? `needs ${gb(e.memory.totalBytes)}, so ${e.placement.explanation}: ` : '';
    return `${where}~${tps(e.throughput.decodeTokensPerSecond)} tok/s, below your ${minTps}`;
  }
  return undefined;
}

/**
 * Ranks what this hardware can run: for each model, the highest-quality precision that fits (on the GPU,
 * or offloaded when that still meets the speed floor); models are then ordered by a quality proxy (size,
 * recency, quantisation loss), with GPU-resident answers before offloaded ones at equal quality. Each
 * answer says why it was chosen; the tempting options that failed (bigger models, higher precisions)
 * say exactly what failed.
 */
export function recommend(request: RecommendRequest): RecommendResult {
  const { hardware } = request;
  const minTps = request.minDecodeTokensPerSecond ?? 10;
  if (!Number.isFinite(minTps) || minTps < 0 || minTps > 100_000) throw new RangeError('minDecodeTokensPerSecond must be from 0 to 100000');
  const limit = request.limit ?? 10;
  const precisions = request.precisions ?? precisionLadder(hardware);
  const contextTokens = request.contextTokens ?? 8192;

  const accepted: Recommendation[] = [];
  const rejectedByModel = new Map<string, Rejection[]>();
  for (const model of request.models) {
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
    for (const precision of precisions) {
      const e = estimate({
        model,
        precision,
        hardware,
        contextTokens,
        ...(request.promptTokens !== undefined ? { promptTokens: request.promptTokens } : {}),
        ...(request.kvCacheType ? { kvCacheType: request.kvCacheType } : {}),
      });
      const why = failure(e, minTps, hardware);
      if (why || !e.throughput) {
        rejections.push({ modelId: model.id, precision: precision.id, kind: 'higher-precision', reason: why ?? 'no speed estimate' });
        continue;
      }
      const gpuBytes = e.memory.perDevice.filter((d) => d.kind === 'gpu').reduce((sum, d) => sum + d.totalBytes, 0);
      const gpuCapacity = e.memory.perDevice.filter((d) => d.kind === 'gpu').reduce((sum, d) => sum + d.capacityBytes, 0);
      const hostBytes = e.memory.perDevice.filter((d) => d.kind === 'cpu').reduce((sum, d) => sum + d.totalBytes, 0);
      const where =
        gpuCapacity > 0
          ? `${gb(gpuBytes)} of ${gb(gpuCapacity)} GPU memory${hostBytes > 0 ? ` and ${gb(hostBytes)} of RAM` : ''}`
          : `${gb(hostBytes)} of ${gb(hardware.memory.availableBytes)} free RAM`;
      const reasons = [
        `${e.placement.fit === 'offload' ? 'runs with offload' : e.placement.fit === 'tight' ? 'fits, tightly' : 'fits'}: ${where} (${e.placement.explanation})`,
        `~${tps(e.throughput.decodeTokensPerSecond)} tok/s generation (${tps(e.throughput.low)}–${tps(e.throughput.high)}), ${tps(e.throughput.prefillTokensPerSecond)} tok/s prompt processing on ${e.runtime}`,
        `${precision.id} is the highest precision of ${model.name} that fits and meets ${minTps} tok/s`,
      ];
      if (rejections.length > 0) {
        const higher = rejections[rejections.length - 1];
        if (higher) reasons.push(`${higher.precision} rejected: ${higher.reason}`);
      }
      const offloadPenalty = e.placement.fit === 'offload' ? 0.9 : 1;
      accepted.push({
        modelId: model.id,
        modelName: model.name,
        parameterCount: model.parameterCount,
        activeParameterCount: model.activeParameterCount,
        precision: precision.id,
        target: e.placement.target,
        fit: e.placement.fit,
        runtime: e.runtime,
        score: qualityProxyScore(model, precision) * offloadPenalty,
        memory: e.memory,
        throughput: e.throughput,
        reasons,
        estimate: e,
      });
      break;
    }
    if (!accepted.some((r) => r.modelId === model.id)) rejectedByModel.set(model.id, rejections);
    else if (rejections.length > 0) rejectedByModel.set(model.id, rejections);
  }

  accepted.sort((a, b) => b.score - a.score || b.throughput.decodeTokensPerSecond - a.throughput.decodeTokensPerSecond);
  const recommendations = accepted.slice(0, limit);

  // Tempting rejections: models bigger than the best answer that do not run here, and higher precisions of the answers.
  const best = recommendations[0];
  const rejected: Rejection[] = [];
  const bigger = request.models
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
  return { recommendations, rejected };
}
