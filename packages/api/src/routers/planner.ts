import {
  ContextLimitsSchema,
  ContextPointSchema,
  contextLimits,
  contextSweep,
  EstimateSchema,
  FitMatrixSchema,
  fitMatrix,
  KvCacheTypeSchema,
  LaunchCommandSchema,
  launchCommand,
  ServingCapacitySchema,
  servingCapacity,
  tokenCount,
} from '@weightplan/estimator';
import { getPrecision } from '@weightplan/weights';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { HardwareInputSchema, resolveHardwareInput } from '../hardware-input.js';
import { storeOf } from '../store-access.js';
import { calibrationOption } from '../stored-calibration.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure } from '../trpc.js';
import { type EstimateInput, EstimateInputSchema, estimateWithNotes, resolveEstimateRequest } from './estimate.js';

/**
 * A fit matrix costs one estimate per cell, about 0.3 ms each: 500 ids x 64 precisions stalled a server for
 * 6 s. The catalog has 66 open models and a machine's precision ladder 12 rungs, so the default matrix is
 * about 800 cells; asked-for rows and columns stop at 100 models and 16 precisions (duplicates dropped).
 */
export const MAX_FIT_MATRIX_MODELS = 100;
export const MAX_FIT_MATRIX_PRECISIONS = 16;

const FitMatrixInputSchema = strictInput({
  hardware: HardwareInputSchema,
  contextTokens: tokenCount('tokens of context every cell holds').optional(),
  kvCacheType: KvCacheTypeSchema.optional(),
  minDecodeTokensPerSecond: z
    .number()
    .min(0)
    .max(100_000)
    .optional()
    .describe('generation speed below which a cell is "too slow" rather than usable; default 10 (chat)'),
  modelIds: z
    .array(z.string().min(1).max(300))
    .max(MAX_FIT_MATRIX_MODELS, { message: `at most ${MAX_FIT_MATRIX_MODELS} models; leave out modelIds for the whole catalog` })
    .optional()
    .describe(`default: every open model, imported ones included; at most ${MAX_FIT_MATRIX_MODELS}`),
  precisions: z
    .array(z.string().min(1).max(64))
    .max(MAX_FIT_MATRIX_PRECISIONS, { message: `at most ${MAX_FIT_MATRIX_PRECISIONS} precisions` })
    .optional()
    .describe(`default: the machine's precision ladder; at most ${MAX_FIT_MATRIX_PRECISIONS}`),
});

export const fitMatrixProcedure = publicProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/fit-matrix',
      tags: ['estimate'],
      summary: 'Every model at every precision: fits, tight, offload or not, and generation speed',
    },
  })
  .input(FitMatrixInputSchema)
  .output(FitMatrixSchema)
  .mutation(async ({ input, ctx }) => {
    const hardware = await resolveHardwareInput(input.hardware, ctx);
    const { index } = await storeOf(ctx).catalog.index();
    return fitMatrix({
      ...(await calibrationOption(ctx, input.hardware, hardware)),
      models: input.modelIds ? [...new Map(input.modelIds.map((id) => index.get(id)).map((m) => [m.id, m])).values()] : index.models,
      hardware,
      ...(input.precisions ? { precisions: [...new Map(input.precisions.map(getPrecision).map((p) => [p.id, p])).values()] } : {}),
      ...(input.contextTokens !== undefined ? { contextTokens: input.contextTokens } : {}),
      ...(input.kvCacheType ? { kvCacheType: input.kvCacheType } : {}),
      ...(input.minDecodeTokensPerSecond !== undefined ? { minDecodeTokensPerSecond: input.minDecodeTokensPerSecond } : {}),
    });
  });

export const ScenarioInputSchema = strictInput({
  ...EstimateInputSchema.shape,
  contexts: z
    .array(tokenCount('a context length'))
    .min(1)
    .max(32, { message: 'at most 32 context lengths' })
    .optional()
    .describe('context lengths for the curve; default powers of two up to the maximum'),
});

export const ScenarioOutputSchema = z.object({
  estimate: EstimateSchema,
  curve: z.array(ContextPointSchema),
  /** Where along the curve the plan spills to the CPU and where it stops fitting, to the token. */
  curveLimits: ContextLimitsSchema,
  launch: LaunchCommandSchema,
  capacity: ServingCapacitySchema,
});
export type ScenarioOutput = z.infer<typeof ScenarioOutputSchema>;

/** An estimate and the command that launches it: what a saved plan records and exports. */
export async function estimateWithLaunch(input: EstimateInput, ctx: ApiContext) {
  const request = await resolveEstimateRequest(input, ctx);
  const estimated = estimateWithNotes(request);
  const utilisation = request.gpuMemoryUtilization;
  return {
    request,
    estimate: estimated,
    launch: launchCommand(estimated, request, utilisation !== undefined ? { gpuMemoryUtilization: utilisation } : {}),
  };
}

/** One model on one machine, in full: the estimate, how it changes with context, how many users it serves, how to launch it. */
export async function scenarioFor(input: EstimateInput & { contexts?: number[] | undefined }, ctx: ApiContext): Promise<ScenarioOutput> {
  const { contexts, ...estimateInput } = input;
  const { request, estimate: estimated, launch } = await estimateWithLaunch(estimateInput, ctx);
  const withRuntime = { ...request, runtime: estimated.runtime };
  const curve = contextSweep(withRuntime, contexts);
  return {
    estimate: estimated,
    curve,
    curveLimits: contextLimits(withRuntime, curve),
    launch,
    capacity: servingCapacity(withRuntime, 512),
  };
}

export const scenarioProcedure = publicProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/scenario',
      tags: ['estimate'],
      summary: 'An estimate with its speed-versus-context curve and the launch command for its runtime',
    },
  })
  .input(ScenarioInputSchema)
  .output(ScenarioOutputSchema)
  .mutation(({ input, ctx }) => scenarioFor(input, ctx));
