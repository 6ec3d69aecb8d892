import type { RouterOutputs } from '@weightplan/api';

// The router's own answers: the MCP face renders what every other surface gets.
type Estimate = RouterOutputs['estimate'];
type Recommendations = RouterOutputs['recommend'];
type ModelList = RouterOutputs['models']['list'];
type HubAnswer = RouterOutputs['models']['hub'];
type HardwareProfile = RouterOutputs['hardware']['detect'];

/*
 * An assistant reads tool results into its context window: full estimates (per-tensor types, alternative
 * placements, nested hardware) run to many kilobytes. These summaries keep what answers "can I run it and
 * how fast" and leave the complete documents to the HTTP API. Numbers are the router's own, unrounded and
 * in the API's units (bytes, tokens/s, seconds), so an assistant that passes one back (or compares it with the
 * CLI or REST) gets exactly the same figure; the one-line headline is where they are rounded for reading.
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
    memory: { weightsBytes: e.memory.weightsBytes, kvCacheBytes: e.memory.kvCacheBytes, totalBytes: e.memory.totalBytes },
    devices: e.memory.perDevice.map((d) => ({ device: d.device, usedBytes: d.totalBytes, capacityBytes: d.capacityBytes })),
    contextTokens: e.scenario.contextTokens,
    speed: t
      ? {
          decodeTokensPerSecond: t.decodeTokensPerSecond,
          decodeRange: [t.low, t.high],
          prefillTokensPerSecond: t.prefillTokensPerSecond,
          timeToFirstTokenSeconds: t.timeToFirstTokenSeconds,
          confidence: t.confidence,
        }
      : null,
    ...(e.speculative
      ? {
          speculative: {
            method: e.speculative.method,
            draft: e.speculative.draftModel?.id ?? e.speculative.headRepository ?? "the model's own MTP layer",
            draftTokens: e.speculative.draftTokens,
            acceptanceRate: e.speculative.acceptanceRate,
            draftMemoryBytes: e.speculative.memory.totalBytes,
            speedup: e.speculative.speed?.speedup ?? null,
            breakEvenAcceptanceRate: e.speculative.speed?.breakEvenAcceptanceRate ?? null,
          },
        }
      : {}),
    warnings: e.warnings,
  };
}

export function summarizeRecommendations(result: Recommendations) {
  return {
    hardware: result.hardware.label,
    recommendations: result.recommendations.map((r) => ({
      model: r.modelId,
      precision: r.precision,
      fit: r.fit,
      placement: r.target,
      runtime: r.runtime,
      memoryBytes: r.memory.totalBytes,
      decodeTokensPerSecond: r.throughput.decodeTokensPerSecond,
      quality: {
        basis: r.quality.basis,
        benchmark: r.quality.benchmark,
        score: r.quality.score,
        sourceUrl: r.quality.sourceUrl,
        readOn: r.quality.readOn,
        summary: r.quality.summary,
        quantisationMeanKld: r.quality.quantisation.meanKld,
      },
      headroom: r.headroom,
      reasons: r.reasons,
    })),
    rankedBy: result.constraints.qualityBenchmark ?? result.constraints.qualityBenchmarkNote,
    nearMisses: result.rejected.slice(0, 5).map((r) => ({ model: r.modelId, precision: r.precision, reason: r.reason })),
    closedApis: (result.apiAlternatives ?? []).map((a) => ({
      model: a.modelId,
      usdPerMillionInput: a.inputPerMillionUsd,
      usdPerMillionOutput: a.outputPerMillionUsd,
      quality: a.quality ? `${a.quality.score} ${a.quality.benchmark} (${a.quality.readOn}, ${a.quality.sourceUrl})` : 'unknown',
    })),
  };
}

export function summarizeModels(list: ModelList, limit: number) {
  return {
    open: list.open.slice(0, limit).map((m) => ({
      id: m.id,
      name: m.name,
      parameterCount: m.parameterCount,
      activeParameterCount: m.activeParameterCount,
      maxContextTokens: m.architecture.maxContextTokens,
      license: m.license.id,
      commercialUse: m.license.commercialUse,
      // Pinned from the Hub: the commit its headers were read at.
      ...(m.hubSource ? { hubCommit: m.hubSource.commit, hubLookedUpAt: m.hubSource.lookedUpAt } : {}),
    })),
    closed: list.closed.slice(0, limit).map((m) => ({ id: m.id, name: m.name, provider: m.provider })),
    truncated: list.open.length > limit || list.closed.length > limit,
  };
}

/** A Hub look-up: the model read from the headers, or the quantisations a GGUF repository offers. */
export function summarizeHubAnswer(answer: HubAnswer) {
  const common = { repo: answer.repo, commit: answer.commit, lookedUpAt: answer.lookedUpAt, warnings: answer.warnings };
  if (answer.kind === 'quants') {
    return {
      ...common,
      kind: 'quants' as const,
      quants: answer.quants.map((q) => ({ quant: q.quant, bytes: q.bytes, id: `${answer.repo}:${q.quant}` })),
    };
  }
  const m = answer.model;
  return {
    ...common,
    kind: 'model' as const,
    id: answer.quant ? `${answer.repo}:${answer.quant}` : answer.repo,
    name: m.name,
    parameterCount: m.parameterCount,
    activeParameterCount: m.activeParameterCount,
    maxContextTokens: m.architecture.maxContextTokens,
    weightsBytes: answer.weightsBytes,
    license: m.license.id,
  };
}

export function summarizeHardware(profile: HardwareProfile) {
  return {
    label: profile.label,
    cpu: `${profile.cpu.model} (${profile.cpu.cores} cores)`,
    ramBytes: profile.memory.totalBytes,
    ramBandwidthBytesPerSecond: profile.memory.bandwidthBytesPerSecond,
    gpus: profile.gpus.map((g) => ({
      name: g.name,
      memoryBytes: g.memoryBytes,
      usableMemoryBytes: g.usableMemoryBytes,
      bandwidthBytesPerSecond: g.memoryBandwidthBytesPerSecond,
      known: g.specId !== null,
    })),
    warnings: profile.warnings,
  };
}
