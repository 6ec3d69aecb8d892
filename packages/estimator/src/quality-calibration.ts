import type { OpenModelSpec, Precision, QualitySignal } from '@weightplan/weights';
import { releasedQualityProxy } from './quality-proxy.js';
import { latestSignal, QUALITY_BENCHMARK_PREFERENCE } from './quality-signal.js';
import { type QuantisationLoss, quantisationLoss } from './quantisation-loss.js';

/**
 * - use-case-benchmark: the model's score on the benchmark its use is judged by decides its place.
 * - other-benchmark: no score for the use; the size/recency proxy, nudged halfway to a general score.
 * - size-recency-proxy: no published score at all.
 */
export type QualityBasis = 'use-case-benchmark' | 'other-benchmark' | 'size-recency-proxy';

export interface QualityEstimate {
  /** On the proxy's scale (log2 of effective billions + recency, less quantisation loss), so all models compare. */
  score: number;
  /** The published score that moved it, if any. */
  signal: QualitySignal | null;
  basis: QualityBasis;
  quantisation: QuantisationLoss;
}

interface Line {
  intercept: number;
  slope: number;
}

/** Least-squares line from a benchmark's score to the released-model proxy, over the models that have both. */
function fitLine(benchmark: string, models: readonly OpenModelSpec[], signals: readonly QualitySignal[]): Line | undefined {
  const points = models.flatMap((model) => {
    const signal = latestSignal(model.id, benchmark, signals);
    return signal ? [{ x: signal.score, y: releasedQualityProxy(model) }] : [];
  });
  if (points.length < 3) return undefined;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  if (sxx === 0) return undefined;
  const slope = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0) / sxx;
  // A benchmark that does not rise with the proxy carries no usable ordering here.
  if (slope <= 0) return undefined;
  return { intercept: meanY - slope * meanX, slope };
}

/**
 * Published scores and the size/recency proxy live on different scales. For each benchmark, a least-squares
 * line from the benchmark's score to the proxy is fitted over the catalog models that have both, which puts
 * every score on the proxy's scale.
 *
 * With `useCaseBenchmark` (the benchmark people judge the use by: a coding benchmark for coding, an arena
 * score for chat), a model scored on it is placed where the line reads its score, so the use's own ranking
 * decides among scored models; a model without that score keeps its proxy, moved halfway towards the line's
 * reading of a general score where it has one (the fallback, reported as such). Quantisation loss, from
 * measured KL divergence, is subtracted from every score alike.
 */
export function qualityCalibration(
  models: readonly OpenModelSpec[],
  signals: readonly QualitySignal[],
  useCaseBenchmark: string | null = null,
) {
  const lines = new Map<string, Line>();
  for (const benchmark of new Set([...(useCaseBenchmark ? [useCaseBenchmark] : []), ...QUALITY_BENCHMARK_PREFERENCE])) {
    const line = fitLine(benchmark, models, signals);
    if (line) lines.set(benchmark, line);
  }

  return (model: OpenModelSpec, precision: Precision): QualityEstimate => {
    const quantisation = quantisationLoss(precision, model);
    const loss = quantisation.parameterDoublings;
    const proxy = releasedQualityProxy(model);
    if (useCaseBenchmark) {
      const line = lines.get(useCaseBenchmark);
      const signal = latestSignal(model.id, useCaseBenchmark, signals);
      if (line && signal)
        return { score: line.intercept + line.slope * signal.score - loss, signal, basis: 'use-case-benchmark', quantisation };
    }
    for (const benchmark of QUALITY_BENCHMARK_PREFERENCE) {
      if (benchmark === useCaseBenchmark) continue;
      const line = lines.get(benchmark);
      const signal = line && latestSignal(model.id, benchmark, signals);
      if (!line || !signal) continue;
      const fromSignal = line.intercept + line.slope * signal.score;
      return { score: (proxy + fromSignal) / 2 - loss, signal, basis: 'other-benchmark', quantisation };
    }
    return { score: proxy - loss, signal: null, basis: 'size-recency-proxy', quantisation };
  };
}
