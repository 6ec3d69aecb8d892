/** Median, range and sample standard deviation of repeated rates, as llama-bench reports avg ± stddev. */
export interface RateSummary {
  median: number;
  min: number;
  max: number;
  stddev: number;
  samples: number[];
}

export function summarizeRates(samples: readonly number[]): RateSummary {
  if (samples.length === 0) throw new RangeError('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const variance = samples.length > 1 ? samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (samples.length - 1) : 0;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number, stddev: Math.sqrt(variance), samples: [...samples] };
}
