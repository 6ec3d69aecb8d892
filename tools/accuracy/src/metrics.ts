/** Summary of relative errors over a set of rows. */
export interface ErrorSummary {
  rows: number;
  /** Median absolute percentage error. */
  medianApe: number;
  /** 90th percentile of the absolute percentage error. */
  p90Ape: number;
  /** Share of rows predicted within 25%. */
  within25: number;
  /** Share of rows whose measured value lies inside the predicted low–high band (when bands exist). */
  bandCoverage: number | null;
}

export interface Prediction {
  measured: number;
  predicted: number;
  low?: number;
  high?: number;
}

export function absolutePercentageError(p: Prediction): number {
  return Math.abs(p.predicted - p.measured) / p.measured;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lo = sorted[lower] ?? Number.NaN;
  const hi = sorted[upper] ?? lo;
  return lo + (hi - lo) * (position - lower);
}

export function summarize(predictions: Prediction[]): ErrorSummary {
  const errors = predictions.map(absolutePercentageError).sort((a, b) => a - b);
  const banded = predictions.filter((p) => p.low !== undefined && p.high !== undefined);
  return {
    rows: predictions.length,
    medianApe: quantile(errors, 0.5),
    p90Ape: quantile(errors, 0.9),
    within25: errors.filter((e) => e <= 0.25).length / Math.max(1, errors.length),
    bandCoverage:
      banded.length === 0 ? null : banded.filter((p) => p.measured >= (p.low ?? 0) && p.measured <= (p.high ?? 0)).length / banded.length,
  };
}
