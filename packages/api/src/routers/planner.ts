import {
  ContextPointSchema,
  contextSweep,
  EstimateSchema,
  estimate,
  FitMatrixSchema,
  fitMatrix,
  KvCacheTypeSchema,
  LaunchCommandSchema,
  launchCommand,
  ServingCapacitySchema,
  servingCapacity,
} from '@weightplan/estimator';
import { modelIndex } from '@weightplan/user-data';
import { getPrecision } from '@weightplan/weights';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { HardwareInputSchema, resolveHardwareInput } from '../hardware-input.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure } from '../trpc.js';
import { type EstimateInput, EstimateInputSchema, resolveEstimateRequest } from './estimate.js';

const FitMatrixInputSchema = strictInput({
  hardware: HardwareInputSchema,
  contextTokens: z.int().min(1).max(16_777_216).optional(),
  kvCacheType: KvCacheTypeSchema.optional(),
  modelIds: z.array(z.string().min(1).max(300)).max(500).optional().describe('default: every open model, imported ones included'),
  precisions: z.array(z.string().min(1).max(64)).max(64).optional().describe("default: the machine's precision ladder"),
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
    const { index } = modelIndex();
    return fitMatrix({
      models: input.modelIds ? input.modelIds.map((id) => index.get(id)) : index.models,
      hardware,
      ...(input.precisions ? { precisions: input.precisions.map(getPrecision) } : {}),
      ...(input.contextTokens !== undefined ? { contextTokens: input.contextTokens } : {}),
      ...(input.kvCacheType ? { kvCacheType: input.kvCacheType } : {}),
    });
  });

export const ScenarioInputSchema = strictInput({
  ...EstimateInputSchema.shape,
  contexts: z
    .array(z.int().min(1).max(16_777_216))
    .min(1)
    .max(32)
    .optional()
    .describe('context lengths for the curve; default powers of two up to the maximum'),
});

export const ScenarioOutputSchema = z.object({
  estimate: EstimateSchema,
  curve: z.array(ContextPointSchema),
  launch: LaunchCommandSchema,
  capacity: ServingCapacitySchema,
});
export type ScenarioOutput = z.infer<typeof ScenarioOutputSchema>;

/** An estimate and the command that launches it: what a saved plan records and exports. */
export async function estimateWithLaunch(input: EstimateInput, ctx: ApiContext) {
  const request = await resolveEstimateRequest(input, ctx);
  const estimated = estimate(request);
  const utilisation = request.gpuMemoryUtilization;
  return {
    request,
    estimate: estimated,
    launch: launchCommand(estimated, request.model, utilisation !== undefined ? { gpuMemoryUtilization: utilisation } : {}),
  };
}

/** One model on one machine, in full: the estimate, how it changes with context, how many users it serves, how to launch it. */
export async function scenarioFor(input: EstimateInput & { contexts?: number[] | undefined }, ctx: ApiContext): Promise<ScenarioOutput> {
  const { contexts, ...estimateInput } = input;
  const { request, estimate: estimated, launch } = await estimateWithLaunch(estimateInput, ctx);
  const withRuntime = { ...request, runtime: estimated.runtime };
  return { estimate: estimated, curve: contextSweep(withRuntime, contexts), launch, capacity: servingCapacity(withRuntime, 512) };
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
