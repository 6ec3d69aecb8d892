import {
  type Estimate,
  type EstimateRequest,
  EstimateSchema,
  estimate,
  RecommendResultSchema,
  recommend,
  ScenarioInputSchema,
  scenarioOptions,
  tokenCount,
  UseCaseSchema,
} from '@weightplan/estimator';
import { HardwareProfileSchema } from '@weightplan/hardware';
import { QUALITY_SIGNALS } from '@weightplan/weights';
import { z } from 'zod';
import { ApiAlternativeSchema, apiAlternatives } from '../api-alternatives.js';
import type { ApiContext } from '../context.js';
import { DraftInputSchema, resolveDraftInput } from '../draft-input.js';
import { HardwareInputSchema, resolveHardwareInput } from '../hardware-input.js';
import { resolveModelInput } from '../resolve-model-input.js';
import { storeOf } from '../store-access.js';
import { calibrationOption, storedCalibration } from '../stored-calibration.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure } from '../trpc.js';

const tokens = tokenCount;

export const EstimateInputSchema = strictInput({
  model: z
    .string()
    .min(1)
    .max(4096, { message: 'at most 4,096 characters (a model id, or a path)' })
    .describe('Hugging Face id or alias, an imported model id, or a path under an allowed directory'),
  precision: z.string().min(1).max(64).optional().describe('F16, BF16, Q8_0, Q4_K_M, FP8, AWQ-INT4, ...; default for a file: as stored'),
  hardware: HardwareInputSchema,
  ...ScenarioInputSchema.shape,
  draft: DraftInputSchema.optional().describe('speculative decoding: a draft model, or the MTP layer or EAGLE head the target has'),
});

export type EstimateInput = z.infer<typeof EstimateInputSchema>;

/**
 * The estimator's request for an estimate input (model and precision resolved, hardware resolved), and what
 * the answer should say about where the model came from (a skipped damaged catalog, a Hub look-up).
 */
export async function resolveEstimateRequest(input: EstimateInput, ctx: ApiContext): Promise<EstimateRequest & { notes: string[] }> {
  const { model: modelName, precision: precisionName, hardware: hardwareInput, draft: draftInput, ...scenario } = input;
  const { model, precision, warnings } = await resolveModelInput(modelName, precisionName, ctx);
  const hardware = await resolveHardwareInput(hardwareInput, ctx);
  // On the host's own machine, what `weightplan bench` measured there calibrates the speeds.
  const options = scenarioOptions(scenario);
  const stored = await storedCalibration(hardware, { input: hardwareInput, store: storeOf(ctx), given: options.calibration });
  const scenarioRequest = stored.calibration ? { ...options, calibration: stored.calibration } : options;
  const notes = stored.note ? [...warnings, stored.note] : warnings;
  if (!draftInput) return { model, precision, hardware, ...scenarioRequest, notes };
  const { draft, warnings: draftWarnings } = await resolveDraftInput(draftInput, { model, precision }, ctx);
  return { model, precision, hardware, ...scenarioRequest, draft, notes: [...notes, ...draftWarnings] };
}

/** An estimate, with the notes on where its model came from among its warnings. */
export function estimateWithNotes(request: EstimateRequest & { notes: string[] }): Estimate {
  const { notes, ...estimateRequest } = request;
  const result = estimate(estimateRequest);
  return notes.length > 0 ? { ...result, warnings: [...result.warnings, ...notes] } : result;
}

export async function estimateFor(input: EstimateInput, ctx: ApiContext): Promise<Estimate> {
  return estimateWithNotes(await resolveEstimateRequest(input, ctx));
}

export const estimateProcedure = publicProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/estimate',
      tags: ['estimate'],
      summary: 'Memory per device, placement and speed of one model at one precision',
    },
  })
  .input(EstimateInputSchema)
  .output(EstimateSchema)
  .mutation(({ input, ctx }) => estimateFor(input, ctx));

export const RecommendInputSchema = strictInput({
  hardware: HardwareInputSchema,
  useCase: UseCaseSchema.optional().describe('chat, coding, rag or batch: sets the defaults of the constraints and how answers rank'),
  maxTimeToFirstTokenSeconds: z.number().min(0.01).max(86_400).optional().describe('longest acceptable wait for the first token'),
  concurrency: z.int().min(1).max(4096, { message: 'at most 4,096 sequences at once' }).optional().describe('sequences served at once'),
  contextTokens: tokens('context every answer must hold').optional(),
  promptTokens: tokens('prompt length for time to first token').optional(),
  minDecodeTokensPerSecond: z.number().min(0).max(100_000).optional().describe('slowest acceptable generation speed, default 10'),
  limit: z.int().min(1).max(1000, { message: 'at most 1,000 recommendations' }).optional(),
  commercialOnly: z.boolean().optional(),
  includeClosed: z.boolean().optional().describe('also list closed APIs that meet the context (and the budget), best quality first'),
  maxOutputUsdPerMillion: z.number().min(0).max(10_000).optional().describe('budget: the most an API may charge per million output tokens'),
});

export const recommendProcedure = publicProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/recommend',
      tags: ['estimate'],
      summary: 'The best models and precisions for the hardware, with reasons and tempting rejections',
    },
  })
  .input(RecommendInputSchema)
  .output(RecommendResultSchema.extend({ hardware: HardwareProfileSchema, apiAlternatives: z.array(ApiAlternativeSchema) }))
  .mutation(async ({ input, ctx }) => {
    const hardware = await resolveHardwareInput(input.hardware, ctx);
    const result = recommend({
      ...(await calibrationOption(ctx, input.hardware, hardware)),
      hardware,
      models: (await storeOf(ctx).catalog.index()).index.models,
      ...(input.contextTokens !== undefined ? { contextTokens: input.contextTokens } : {}),
      ...(input.promptTokens !== undefined ? { promptTokens: input.promptTokens } : {}),
      ...(input.minDecodeTokensPerSecond !== undefined ? { minDecodeTokensPerSecond: input.minDecodeTokensPerSecond } : {}),
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
      ...(input.commercialOnly ? { commercialOnly: true } : {}),
      ...(input.useCase ? { useCase: input.useCase } : {}),
      ...(input.maxTimeToFirstTokenSeconds !== undefined ? { maxTimeToFirstTokenSeconds: input.maxTimeToFirstTokenSeconds } : {}),
      ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
      qualitySignals: QUALITY_SIGNALS,
    });
    const alternatives = input.includeClosed
      ? apiAlternatives({
          contextTokens: result.constraints.contextTokens,
          maxOutputUsdPerMillion: input.maxOutputUsdPerMillion,
          qualityBenchmark: result.constraints.qualityBenchmark,
          overlay: await storeOf(ctx).prices.get(),
        })
      : [];
    return { hardware, ...result, apiAlternatives: alternatives };
  });
