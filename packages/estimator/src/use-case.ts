import type { QualityBenchmark } from '@weightplan/weights';
import { z } from 'zod';

export const UseCaseSchema = z.enum(['chat', 'coding', 'rag', 'batch']);
export type UseCase = z.infer<typeof UseCaseSchema>;

export interface UseCaseDefaults {
  description: string;
  contextTokens: number;
  promptTokens: number;
  minDecodeTokensPerSecond: number;
  /** Longest acceptable wait for the first token, for a prompt of `promptTokens`; null: no limit. */
  maxTimeToFirstTokenSeconds: number | null;
  concurrency: number;
  /** Offline work is judged by all sequences' tokens/s, interactive use by one user's. */
  rankBy: 'quality' | 'throughput';
  /**
   * The published benchmark people judge this use by; a model scored on it is ranked by that score, others
   * fall back to the size/recency proxy. null: no such benchmark on file for open and closed models alike.
   */
  qualityBenchmark: QualityBenchmark | null;
  /** Why the use has no benchmark of its own, when it has none. */
  qualityBenchmarkNote?: string;
}

/**
 * What each use asks of a deployment, as defaults a request can override. Reading speed sets the
 * interactive floors (people read about 5-8 words, so ~10 tokens, a second); agents re-read long contexts,
 * RAG sends long prompts and waits for the first token, batch work only counts total throughput.
 */
export const USE_CASES: Record<UseCase, UseCaseDefaults> = {
  chat: {
    description: 'interactive chat: replies faster than reading speed, first token within 3 s',
    contextTokens: 8192,
    promptTokens: 1024,
    minDecodeTokensPerSecond: 10,
    maxTimeToFirstTokenSeconds: 3,
    concurrency: 1,
    rankBy: 'quality',
    // Pairwise human preference over open-ended chats: the judgement a chat model is chosen by.
    qualityBenchmark: 'lmarena-text',
  },
  coding: {
    description: 'coding agent: long context (32k), fast generation, first token within 15 s for an 8k-token prompt',
    contextTokens: 32_768,
    promptTokens: 8192,
    minDecodeTokensPerSecond: 15,
    maxTimeToFirstTokenSeconds: 15,
    concurrency: 1,
    rankBy: 'quality',
    // Editing real files to make tests pass, in six languages: what a coding agent does.
    qualityBenchmark: 'aider-polyglot',
  },
  rag: {
    description: 'retrieval-augmented answers: 12k-token prompts, first token within 5 s',
    contextTokens: 16_384,
    promptTokens: 12_000,
    minDecodeTokensPerSecond: 8,
    maxTimeToFirstTokenSeconds: 5,
    concurrency: 1,
    rankBy: 'quality',
    qualityBenchmark: null,
    qualityBenchmarkNote:
      'no long-context benchmark (RULER, LongBench v2) on file scores the catalog’s open and closed models on one scale yet',
  },
  batch: {
    description: 'batch and offline work: 16 sequences of 4k tokens at once, ranked by quality and total tokens/s',
    contextTokens: 4096,
    promptTokens: 1024,
    minDecodeTokensPerSecond: 1,
    maxTimeToFirstTokenSeconds: null,
    concurrency: 16,
    rankBy: 'throughput',
    qualityBenchmark: null,
    qualityBenchmarkNote: 'batch work has no benchmark of its own: ranked by general quality and total throughput',
  },
};
