import { z } from 'zod';

/**
 * Public quality signals. Each is a published score of one model on one named benchmark or leaderboard,
 * with its source and the date it was read. A model without one has unknown quality: nothing is invented.
 */
/**
 * - lmarena-text: LMArena's text arena score (Elo-style, pairwise human votes): how people judge a chat model.
 * - aider-polyglot: Aider's polyglot benchmark, percent of 225 Exercism exercises in six languages solved in two
 *   tries by editing files: how people judge a coding agent's model.
 * - mmlu-pro, gpqa-diamond: knowledge and reasoning accuracy in percent.
 */
export const QualityBenchmarkSchema = z.enum(['lmarena-text', 'aider-polyglot', 'mmlu-pro', 'gpqa-diamond']);

export const QualitySignalSchema = z.object({
  /** Catalog id (open: Hugging Face id; closed: provider/model). */
  modelId: z.string().min(1),
  benchmark: QualityBenchmarkSchema,
  /** LMArena: Elo-style arena score; Aider polyglot: percent solved (pass rate after two tries); MMLU-Pro and GPQA: accuracy in percent. */
  score: z.number(),
  sourceUrl: z.url(),
  readOn: z.iso.date(),
  notes: z.string().optional(),
});

export type QualityBenchmark = z.infer<typeof QualityBenchmarkSchema>;
export type QualitySignal = z.infer<typeof QualitySignalSchema>;
