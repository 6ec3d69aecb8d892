import { RuntimeSchema } from '@weightplan/weights';
import { z } from 'zod';
import { EstimateSchema, FitStatusSchema, PlacementTargetSchema } from './estimate-schema.js';

export const RecommendationSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  parameterCount: z.number(),
  activeParameterCount: z.number(),
  precision: z.string(),
  target: PlacementTargetSchema,
  fit: FitStatusSchema,
  runtime: RuntimeSchema,
  /** Ranking score (higher is better): quality, nudged by speed and headroom; for batch work, throughput. */
  score: z.number(),
  /** The published quality score that informed the ranking, if the model has one. */
  qualitySignal: z.object({ benchmark: z.string(), score: z.number(), sourceUrl: z.string(), readOn: z.string() }).nullable(),
  /** What the ranking's quality rests on, with its source and date, shown next to every recommendation. */
  quality: z.object({
    /** use-case-benchmark: ranked by the use's own benchmark; other-benchmark / size-recency-proxy: the fallback. */
    basis: z.enum(['use-case-benchmark', 'other-benchmark', 'size-recency-proxy']),
    /** The benchmark the use is judged by (null: the use has none on file). */
    useCaseBenchmark: z.string().nullable(),
    benchmark: z.string().nullable(),
    score: z.number().nullable(),
    sourceUrl: z.string().nullable(),
    readOn: z.string().nullable(),
    /** Quality lost to the precision, from measured KL divergence (llama.cpp's scoreboard). */
    quantisation: z.object({
      precision: z.string(),
      meanKld: z.number(),
      basis: z.enum(['measured', 'assumed', 'native']),
      assumedAs: z.string().nullable(),
      sourceUrl: z.string(),
    }),
    /** One line: the score, its benchmark and date, or why the proxy stands in. */
    summary: z.string(),
  }),
  /** GPU memory left free on the fullest GPU (null without a GPU); under 5% or 1 GiB is tight. */
  headroom: z.object({ minGpuFreeBytes: z.number().nullable(), tight: z.boolean() }),
  memory: EstimateSchema.shape.memory,
  throughput: EstimateSchema.shape.throughput.unwrap(),
  reasons: z.array(z.string()),
  estimate: EstimateSchema,
});

export const RejectionSchema = z.object({
  modelId: z.string(),
  /** The precision that failed; for a bigger model, the smallest one tried ("*" when no precision could help). */
  precision: z.string(),
  reason: z.string(),
  /** `bigger-model`: a larger model than the best answer; `higher-precision`: a better precision of an answer. */
  kind: z.enum(['bigger-model', 'higher-precision']),
});

export const RecommendResultSchema = z.object({
  /** The constraints every answer meets, after the use case's defaults. */
  constraints: z.object({
    useCase: z.string().nullable(),
    contextTokens: z.number(),
    promptTokens: z.number().nullable(),
    minDecodeTokensPerSecond: z.number(),
    maxTimeToFirstTokenSeconds: z.number().nullable(),
    concurrency: z.number(),
    /** The benchmark the use case is ranked by; null: none on file (see qualityBenchmarkNote). */
    qualityBenchmark: z.string().nullable(),
    qualityBenchmarkNote: z.string().nullable(),
  }),
  recommendations: z.array(RecommendationSchema),
  rejected: z.array(RejectionSchema),
});

export type Recommendation = z.infer<typeof RecommendationSchema>;
export type Rejection = z.infer<typeof RejectionSchema>;
export type RecommendResult = z.infer<typeof RecommendResultSchema>;
