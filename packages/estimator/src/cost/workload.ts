import { z } from 'zod';

/** What a team would serve in a month, and what it requires. */
export const WorkloadSchema = z.object({
  inputTokensPerMonth: z.number().min(0).max(1e15).describe('prompt tokens sent per month'),
  outputTokensPerMonth: z.number().min(0).max(1e15).describe('tokens generated per month'),
  /** Share of input tokens that hit a provider's prompt cache (closed APIs bill them lower). */
  cachedInputShare: z.number().min(0).max(1).default(0),
  /**
   * Requests in flight at once (the peak). A machine batches as many as its memory and the latency target
   * allow (llama.cpp -np, vLLM's continuous batching); more machines serve the rest.
   */
  concurrency: z.int().min(1).max(4096).default(8),
  /** Typical prompt length (prefill cost and the KV cache each sequence needs). */
  promptTokens: z.int().min(1).max(16_777_216).default(2048),
  /** Context each sequence must hold. */
  contextTokens: z.int().min(1).max(16_777_216).default(8192),
  /** Slowest acceptable generation speed per user (the latency target). */
  minDecodeTokensPerSecond: z.number().min(0).max(100_000).default(10),
  /** Data must stay on premises: no closed APIs, no rented cloud GPUs. */
  onPremOnly: z.boolean().default(false),
});

/**
 * How owning or renting hardware is costed. Every default is an assumption to edit, not a measurement; the
 * compare result repeats the values used.
 */
export const CostAssumptionsSchema = z.object({
  /** Months over which purchased hardware is written off. */
  amortisationMonths: z.number().min(1).max(120).default(36),
  /**
   * Highest share of the month a machine can be kept busy: traffic has peaks and quiet nights, so serving
   * capacity is planned below 100%.
   */
  maxUtilisation: z.number().min(0.05).max(1).default(0.6),
  /**
   * US average retail price of electricity to commercial customers, about $0.13/kWh in 2025 (EIA Electric
   * Power Monthly, table 5.6.a: https://www.eia.gov/electricity/monthly/epm_table_grapher.php?t=epmt_5_6_a).
   */
  electricityUsdPerKwh: z.number().min(0).max(5).default(0.13),
  /** Power of the rest of one machine (CPU, memory, fans, supply losses) under load, on top of its GPUs' TDP. */
  systemWatts: z.number().min(0).max(100_000).default(150),
  /** Power drawn when idle, as a share of the loaded draw. */
  idlePowerShare: z.number().min(0).max(1).default(0.3),
  /** Everything but the GPUs in one machine (chassis, CPU, RAM, disks), bought with it. Default 0: GPUs only. */
  systemPriceUsd: z.number().min(0).max(1e9).default(0),
  /** Operations per machine per month (hosting, admin time). */
  opsUsdPerMonth: z.number().min(0).max(1e9).default(0),
  /** Hours a rented instance is paid for per month: 730 keeps it on around the clock. */
  rentalHoursPerMonth: z.number().min(1).max(744).default(730),
});

export type Workload = z.infer<typeof WorkloadSchema>;
export type WorkloadInput = z.input<typeof WorkloadSchema>;
export type CostAssumptions = z.infer<typeof CostAssumptionsSchema>;
export type CostAssumptionsInput = z.input<typeof CostAssumptionsSchema>;

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export function totalTokens(workload: Workload): number {
  return workload.inputTokensPerMonth + workload.outputTokensPerMonth;
}
