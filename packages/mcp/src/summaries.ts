import type { ApiAlternative, ModelListSchema } from '@weightplan/api';
import type { Estimate, RecommendResult } from '@weightplan/estimator';
import type { HardwareProfile } from '@weightplan/hardware';
import type { z } from 'zod';

const GB = 1e9;
const gb = (bytes: number) => Math.round((bytes / GB) * 100) / 100;
const round1 = (value: number) => Math.round(value * 10) / 10;

/*
 * An assistant reads tool results into its context window: full estimates (per-tensor types, alternative
 * placements, nested hardware) run to many kilobytes. These summaries keep what answers "can I run it and
 * how fast", in units a person reads (GB, tokens/s), and leave the complete documents to the HTTP API.
 */

export function summarizeEstimate(e: Estimate) {
  const t = e.throughput;
  return {
    model: e.model.id,
    precision: e.precision.id,
    hardware: e.hardware.label,
    runtime: e.runtime,
    fit: e.placement.fit,
    placement: e.placement.explanation,
    memoryGb: { weights: gb(e.memory.weightsBytes), kvCache: gb(e.memory.kvCacheBytes), total: gb(e.memory.totalBytes) },
    devices: e.memory.perDevice.map((d) => ({ device: d.device, usedGb: gb(d.totalBytes), capacityGb: gb(d.capacityBytes) })),
    contextTokens: e.scenario.contextTokens,
    speed: t
      ? {
          decodeTokensPerSecond: round1(t.decodeTokensPerSecond),
          decodeRange: [round1(t.low), round1(t.high)],
          prefillTokensPerSecond: Math.round(t.prefillTokensPerSecond),
          timeToFirstTokenSeconds: Math.round(t.timeToFirstTokenSeconds * 100) / 100,
          confidence: t.confidence,
        }
      : null,
    warnings: e.warnings,
  };
}

export function summarizeRecommendations(result: RecommendResult & { hardware: HardwareProfile; apiAlternatives?: ApiAlternative[] }) {
  return {
    hardware: result.hardware.label,
    recommendations: result.recommendations.map((r) => ({
      model: r.modelId,
      precision: r.precision,
      fit: r.fit,
      placement: r.target,
      runtime: r.runtime,
      memoryGb: gb(r.memory.totalBytes),
      decodeTokensPerSecond: round1(r.throughput.decodeTokensPerSecond),
      reasons: r.reasons,
    })),
    nearMisses: result.rejected.slice(0, 5).map((r) => ({ model: r.modelId, precision: r.precision, reason: r.reason })),
    closedApis: (result.apiAlternatives ?? []).map((a) => ({
      model: a.modelId,
      usdPerMillionInput: a.inputPerMillionUsd,
      usdPerMillionOutput: a.outputPerMillionUsd,
      quality: a.quality ? `${a.quality.score} ${a.quality.benchmark}` : 'unknown',
    })),
  };
}

export function summarizeModels(list: z.infer<typeof ModelListSchema>, limit: number) {
  return {
    open: list.open.slice(0, limit).map((m) => ({
      id: m.id,
      name: m.name,
      parametersBillion: Math.round(m.parameterCount / 1e8) / 10,
      activeParametersBillion: Math.round(m.activeParameterCount / 1e8) / 10,
      maxContextTokens: m.architecture.maxContextTokens,
      license: m.license.id,
      commercialUse: m.license.commercialUse,
    })),
    closed: list.closed.slice(0, limit).map((m) => ({ id: m.id, name: m.name, provider: m.provider })),
    truncated: list.open.length > limit || list.closed.length > limit,
  };
}

export function summarizeHardware(profile: HardwareProfile) {
  return {
    label: profile.label,
    cpu: `${profile.cpu.model} (${profile.cpu.cores} cores)`,
    ramGb: gb(profile.memory.totalBytes),
    ramBandwidthGbPerSecond: Math.round(profile.memory.bandwidthBytesPerSecond / GB),
    gpus: profile.gpus.map((g) => ({
      name: g.name,
      memoryGb: gb(g.memoryBytes),
      usableMemoryGb: gb(g.usableMemoryBytes),
      bandwidthGbPerSecond: Math.round(g.memoryBandwidthBytesPerSecond / GB),
      known: g.specId !== null,
    })),
    warnings: profile.warnings,
  };
}
