import { z } from 'zod';
import { CostAssumptionsSchema, WorkloadSchema } from './workload.js';

export const PriceInfoSchema = z.object({
  readOn: z.string(),
  sourceUrl: z.string(),
  /** `user`: from the user's prices.json overlay. */
  origin: z.enum(['catalog', 'user']),
  ageDays: z.number(),
  /** Read more than 180 days ago: check it before deciding. */
  stale: z.boolean(),
});

export const QualityInfoSchema = z.object({ benchmark: z.string(), score: z.number(), sourceUrl: z.string(), readOn: z.string() });

export const CompareOptionSchema = z.object({
  id: z.string(),
  kind: z.enum(['open', 'closed']),
  deployment: z.enum(['owned', 'rented', 'api']),
  modelId: z.string(),
  modelName: z.string(),
  /** Hardware label (owned or rented); null for an API. */
  hardware: z.string().nullable(),
  provider: z.string().nullable(),
  instanceId: z.string().nullable(),
  precision: z.string().nullable(),
  /** Machines (owned) or instances (rented) the volume and the concurrent requests need. */
  machines: z.number().nullable(),
  /** Why that many: the concurrent requests one machine batches and the volume it serves in a month. */
  machinesReason: z.string().nullable(),
  /** Sequences one machine serves at once (batched), at most the workload's concurrency. */
  concurrency: z.number().nullable(),
  utilisation: z.number().nullable(),
  /** System RAM of one machine or instance (what offloaded layers and the OS use); null for an API or when unknown. */
  machineRamGiB: z.number().nullable(),
  /** What one owned machine costs to buy (its GPUs and the system price); null for rentals and APIs. */
  machinePriceUsd: z.number().nullable(),
  /** What one rented instance costs per hour; null for owned hardware and APIs. */
  hourlyUsd: z.number().nullable(),
  /** The monthly cost of one of the `machines` (monthly cost over machines); null for an API. */
  monthlyCostPerMachineUsd: z.number().nullable(),
  /** US dollars per month. */
  monthlyCost: z.number(),
  /** US dollars per million tokens: monthly cost over all tokens (input and output) of the workload. */
  costPerMillionTokens: z.number(),
  breakdown: z.object({ hardwareUsd: z.number(), energyUsd: z.number(), opsUsd: z.number(), rentalUsd: z.number(), apiUsd: z.number() }),
  /** Generation speed per user; unknown for closed APIs. */
  decodeTokensPerSecond: z.number().nullable(),
  aggregateTokensPerSecond: z.number().nullable(),
  meetsLatencyTarget: z.boolean().nullable(),
  /** A published score, or null: unknown, never guessed. */
  quality: QualityInfoSchema.nullable(),
  /** Quality lost to the precision (mean KL divergence from the released weights); null for a closed API. */
  quantisation: z
    .object({ precision: z.string(), meanKld: z.number(), basis: z.enum(['measured', 'assumed', 'native']), sourceUrl: z.string() })
    .nullable(),
  price: PriceInfoSchema.nullable(),
  /** Where the data goes: stays on premises, a cloud provider's machines, or a third-party API. */
  privacy: z.enum(['on-prem', 'cloud', 'third-party-api']),
  notes: z.array(z.string()),
});

export const CompareResultSchema = z.object({
  workload: WorkloadSchema,
  assumptions: CostAssumptionsSchema,
  /** Cheapest first. */
  options: z.array(CompareOptionSchema),
  excluded: z.array(z.object({ modelId: z.string(), deployment: z.string(), reason: z.string() })),
  breakEven: z.array(
    z.object({
      openOptionId: z.string(),
      closedModelId: z.string(),
      /** Above this volume self-hosting is cheaper; null when the API is cheaper at every volume. */
      tokensPerMonth: z.number().nullable(),
      statement: z.string(),
    }),
  ),
  /**
   * The break-evens worth reading first, at most three: the cheapest open option against the closed APIs,
   * those that pay off nearest the workload's volume first (on a log scale), then those where the API stays cheaper.
   */
  breakEvenHighlights: z.array(
    z.object({ openOptionId: z.string(), closedModelId: z.string(), tokensPerMonth: z.number().nullable(), statement: z.string() }),
  ),
  /** Monthly cost against volume (same input/output mix) for the chart. */
  costCurve: z.object({
    tokensPerMonth: z.array(z.number()),
    series: z.array(z.object({ optionId: z.string(), label: z.string(), monthlyCostUsd: z.array(z.number()) })),
  }),
});

export type CompareOption = z.infer<typeof CompareOptionSchema>;
export type CompareResult = z.infer<typeof CompareResultSchema>;
