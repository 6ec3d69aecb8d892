import type { OpenModelSpec, Precision } from '@weightplan/weights';

/**
 * Relative quality kept at each nominal weight precision: a deliberately coarse ordering (8-bit and up
 * lossless, 6-bit and 5-bit nearly so, 4-bit a small loss, 3-bit a clear one, 2-bit a large one) that
 * matches the direction of llama.cpp's published perplexity and KL-divergence comparisons
 * (https://github.com/ggml-org/llama.cpp/pull/1684, #5747). It only orders precisions of one model and
 * breaks ties between models; it is not a benchmark score.
 */
export function precisionQualityFactor(nominalBits: number): number {
  if (nominalBits >= 8) return 1;
  if (nominalBits >= 6) return 0.998;
  if (nominalBits >= 5) return 0.994;
  if (nominalBits >= 4) return 0.98;
  if (nominalBits >= 3) return 0.94;
  if (nominalBits >= 2) return 0.8;
  return 0.6;
}

/**
 * A size-and-recency proxy for model quality, used until a public quality signal covers a model:
 * log2 of the effective parameter count (an MoE counts as the geometric mean of its total and active
 * parameters, a common rule of thumb for its dense equivalent), plus a bonus for newer releases, since a
 * 2025 8B model outscores a 2023 13B one on public leaderboards.
 */
export function qualityProxyScore(model: OpenModelSpec, precision: Precision): number {
  const effectiveParameters = model.architecture.moe ? Math.sqrt(model.parameterCount * model.activeParameterCount) : model.parameterCount;
  // An imported file of unknown date gets no recency bonus.
  const years = model.releaseDate ? (Date.parse(model.releaseDate) - Date.parse('2023-01-01')) / (365.25 * 24 * 3600 * 1000) : 0;
  const recency = 0.6 * Math.max(0, years);
  return (Math.log2(effectiveParameters / 1e9) + 3 + recency) * precisionQualityFactor(precision.nominalBits);
}
