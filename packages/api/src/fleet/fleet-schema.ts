import { LaunchCommandSchema, UseCaseSchema } from '@weightplan/estimator';
import { FleetMachineSchema, FleetNameSchema } from '@weightplan/store';
import { z } from 'zod';
import { strictInput } from '../strict-input.js';

/** Workloads one plan places at most. */
export const MAX_FLEET_WORKLOADS = 32;

/** Something the team wants served: a named model, or a use case the planner picks a model for. */
export const FleetWorkloadSchema = strictInput({
  name: z.string().trim().min(1).max(120).describe('what the team calls it: "support chat", "coding agent"'),
  model: z.string().min(1).max(300).optional().describe('a model id or alias; absent: the best model for the use case'),
  precision: z.string().min(1).max(64).optional().describe('a precision for the named model; absent: the highest that fits each machine'),
  useCase: UseCaseSchema.optional().describe(
    'chat, coding, rag or batch: sets context and speed floor defaults (and, without a model, what is picked)',
  ),
  users: z.int().min(1).max(4096).default(1).describe('sequences served at once'),
  contextTokens: z.int().min(256).max(10_000_000).optional().describe("tokens of context per user; default: the use case's"),
  minDecodeTokensPerSecond: z
    .number()
    .min(0)
    .max(100_000)
    .optional()
    .describe("slowest acceptable generation per user; default: the use case's"),
  tokensPerMonth: z.number().min(0).max(1e15).optional().describe('generated tokens a month: their average rate must fit the machine too'),
});

export type FleetWorkload = z.infer<typeof FleetWorkloadSchema>;

export const FleetPlanInputSchema = strictInput({
  fleet: FleetNameSchema.optional().describe('a saved fleet'),
  machines: z.array(FleetMachineSchema).min(1).max(256).optional().describe('or the machines themselves'),
  workloads: z
    .array(FleetWorkloadSchema)
    .min(1)
    .max(MAX_FLEET_WORKLOADS, { message: `at most ${MAX_FLEET_WORKLOADS} workloads per plan` }),
});

const AssignmentSchema = z.object({
  workload: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  precision: z.string(),
  runtime: z.string(),
  memoryBytes: z.number(),
  decodeTokensPerSecond: z.number(),
  aggregateTokensPerSecond: z.number().nullable(),
  load: z.number().describe("share of the machine's generation bandwidth this workload needs"),
  launch: LaunchCommandSchema,
  reasons: z.array(z.string()),
});

export const FleetPlanSchema = z.object({
  method: z.enum(['exact', 'heuristic']),
  methodNote: z.string(),
  machines: z.array(
    z.object({
      name: z.string(),
      capacityBytes: z.number(),
      usedBytes: z.number(),
      freeBytes: z.number(),
      load: z.number(),
      assignments: z.array(AssignmentSchema),
      notes: z.array(z.string()),
    }),
  ),
  unplaced: z.array(z.object({ workload: z.string(), reasons: z.array(z.string()) })),
});

export type FleetPlan = z.infer<typeof FleetPlanSchema>;
