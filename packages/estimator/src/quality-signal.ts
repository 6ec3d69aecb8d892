import type { QualitySignal } from '@weightplan/weights';

/** Which published score speaks for a model when it has several: the LMArena text score, then GPQA Diamond, then MMLU-Pro. */
export const QUALITY_BENCHMARK_PREFERENCE = ['lmarena-text', 'gpqa-diamond', 'mmlu-pro'] as const;

/** Rank of a benchmark in the preference (lower first; `first` before all; unlisted benchmarks last). */
export function benchmarkRank(benchmark: string, first?: string | null): number {
  if (first && benchmark === first) return -1;
  const rank = (QUALITY_BENCHMARK_PREFERENCE as readonly string[]).indexOf(benchmark);
  return rank < 0 ? QUALITY_BENCHMARK_PREFERENCE.length : rank;
}

/** The newest score of `modelId` on `benchmark`, if published. */
export function latestSignal(modelId: string, benchmark: string, signals: readonly QualitySignal[]): QualitySignal | undefined {
  return signals.filter((s) => s.modelId === modelId && s.benchmark === benchmark).sort((a, b) => b.readOn.localeCompare(a.readOn))[0];
}

/**
 * A model's published quality score on the most preferred benchmark it has, or null: unknown, never guessed.
 * `first`: the benchmark of the use at hand, tried before the general preference.
 */
export function preferredQualitySignal(modelId: string, signals: readonly QualitySignal[], first?: string | null): QualitySignal | null {
  for (const benchmark of first ? [first, ...QUALITY_BENCHMARK_PREFERENCE] : QUALITY_BENCHMARK_PREFERENCE) {
    const signal = latestSignal(modelId, benchmark, signals);
    if (signal) return signal;
  }
  return null;
}
