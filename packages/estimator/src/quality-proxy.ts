import type { OpenModelSpec, Precision } from '@weightplan/weights';
import { quantisationLoss } from './quantisation-loss.js';

/**
 * A size-and-recency proxy for a model's quality at its released precision, used where no published score
 * of the use covers it: log2 of the effective parameter count (an MoE counts as the geometric mean of its
 * total and active parameters, a common rule of thumb for its dense equivalent), plus a bonus for newer
 * releases, since a 2025 8B model outscores a 2023 13B one on public leaderboards.
 */
export function releasedQualityProxy(model: OpenModelSpec): number {
  const effectiveParameters = model.architecture.moe ? Math.sqrt(model.parameterCount * model.activeParameterCount) : model.parameterCount;
  // An imported file of unknown date gets no recency bonus.
  const years = model.releaseDate ? (Date.parse(model.releaseDate) - Date.parse('2023-01-01')) / (365.25 * 24 * 3600 * 1000) : 0;
  const recency = 0.6 * Math.max(0, years);
  return Math.log2(effectiveParameters / 1e9) + 3 + recency;
}

/**
 * The proxy at a precision: the released model's proxy less the quantisation's loss, converted from its
 * measured KL divergence to halvings of the parameter count (see quantisation-loss.ts).
 */
export function qualityProxyScore(model: OpenModelSpec, precision: Precision): number {
  return releasedQualityProxy(model) - quantisationLoss(precision, model).parameterDoublings;
}
