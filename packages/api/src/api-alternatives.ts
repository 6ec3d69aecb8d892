import { benchmarkRank, preferredQualitySignal } from '@weightplan/estimator';
import { applyApiPriceOverlay, isStalePrice, type PriceOverlay } from '@weightplan/pricing';
import { loadPriceOverlay } from '@weightplan/user-data';
import { CLOSED_MODELS, QUALITY_SIGNALS } from '@weightplan/weights';
import { z } from 'zod';

export const ApiAlternativeSchema = z.object({
  modelId: z.string(),
  name: z.string(),
  provider: z.string(),
  contextTokens: z.number(),
  inputPerMillionUsd: z.number(),
  outputPerMillionUsd: z.number(),
  priceReadOn: z.string(),
  priceStale: z.boolean(),
  quality: z.object({ benchmark: z.string(), score: z.number(), sourceUrl: z.string(), readOn: z.string() }).nullable(),
});

export type ApiAlternative = z.infer<typeof ApiAlternativeSchema>;

/**
 * Closed models that could serve the same use through their API: those whose context window holds the
 * requirement and whose output price is within the budget, best published quality first (unknown last),
 * with the user's price overlay applied.
 */
export function apiAlternatives(options: {
  contextTokens: number;
  maxOutputUsdPerMillion?: number | undefined;
  /** The use's own benchmark (Aider polyglot for coding, the arena for chat): ranked by it first. */
  qualityBenchmark?: string | null;
  limit?: number;
  now?: Date;
  /** The store's price overlay; without the key, the config directory's prices.json. */
  overlay?: PriceOverlay | undefined;
}): ApiAlternative[] {
  const now = options.now ?? new Date();
  const priced = applyApiPriceOverlay(CLOSED_MODELS, 'overlay' in options ? options.overlay : loadPriceOverlay());
  return priced
    .filter(
      (m) =>
        m.contextTokens >= options.contextTokens &&
        (options.maxOutputUsdPerMillion === undefined || m.pricing.outputPerMillionUsd <= options.maxOutputUsdPerMillion),
    )
    .map((m) => {
      const signal = preferredQualitySignal(m.id, QUALITY_SIGNALS, options.qualityBenchmark);
      return {
        modelId: m.id,
        name: m.name,
        provider: m.provider,
        contextTokens: m.contextTokens,
        inputPerMillionUsd: m.pricing.inputPerMillionUsd,
        outputPerMillionUsd: m.pricing.outputPerMillionUsd,
        priceReadOn: m.pricing.readOn,
        priceStale: isStalePrice(m.pricing.readOn, now),
        quality: signal ? { benchmark: signal.benchmark, score: signal.score, sourceUrl: signal.sourceUrl, readOn: signal.readOn } : null,
      };
    })
    .sort((a, b) => {
      // Scores on one benchmark compare; across benchmarks, the preferred benchmark's holders come first.
      if (a.quality && b.quality)
        return (
          benchmarkRank(a.quality.benchmark, options.qualityBenchmark) - benchmarkRank(b.quality.benchmark, options.qualityBenchmark) ||
          b.quality.score - a.quality.score
        );
      if (a.quality || b.quality) return a.quality ? -1 : 1;
      return a.outputPerMillionUsd - b.outputPerMillionUsd;
    })
    .slice(0, options.limit ?? 5);
}
