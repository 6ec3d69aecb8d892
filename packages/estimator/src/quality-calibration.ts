import type { OpenModelSpec, Precision, QualitySignal } from '@weightplan/weights';
import { qualityProxyScore } from './quality-proxy.js';
import { latestSignal, QUALITY_BENCHMARK_PREFERENCE } from './quality-signal.js';

export interface QualityEstimate {
  /** On the proxy's scale (log2 of effective billions + recency), so models with and without a signal compare. */
  score: number;
  /** The published score that moved it, if any. */
  signal: QualitySignal | null;
}

interface Line {
  intercept: number;
  slope: number;
}

/**
 * Published scores and the size/recency proxy live on different scales. For each benchmark, a least-squares
 * line from the benchmark's score to the proxy is fitted over the catalog models that have both; a model with
 * a published score is then placed halfway between its proxy and the line's reading of its score. A model
 * the leaderboards rate above its size moves up, one they rate below it moves down, and models without a
 * score keep the proxy.
 */
export function qualityCalibration(models: readonly OpenModelSpec[], signals: readonly QualitySignal[], reference: Precision) {
  const lines = new Map<string, Line>();
  for (const benchmark of QUALITY_BENCHMARK_PREFERENCE) {
    const points = signals
      .filter((s) => s.benchmark === benchmark)
      .flatMap((s) => {
        const model = models.find((m) => m.id === s.modelId);
        return model ? [{ x: s.score, y: qualityProxyScore(model, reference) }] : [];
      });
    if (points.length < 3) continue;
    const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
    const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
    const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
    if (sxx === 0) continue;
    const slope = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0) / sxx;
    // A benchmark that does not rise with the proxy carries no usable ordering here.
    if (slope <= 0) continue;
    lines.set(benchmark, { intercept: meanY - slope * meanX, slope });
  }

  return (model: OpenModelSpec, precision: Precision): QualityEstimate => {
    const proxy = qualityProxyScore(model, precision);
    for (const benchmark of QUALITY_BENCHMARK_PREFERENCE) {
      const line = lines.get(benchmark);
      const signal = line && latestSignal(model.id, benchmark, signals);
      if (!line || !signal) continue;
      const referenceProxy = qualityProxyScore(model, reference);
      const fromSignal = (line.intercept + line.slope * signal.score) * (proxy / referenceProxy);
      return { score: (proxy + fromSignal) / 2, signal };
    }
    return { score: proxy, signal: null };
  };
}
