import { z } from 'zod';

/** A rentable GPU machine and its hourly price, read from the provider's price list on a date. */
export const CloudInstanceSchema = z.object({
  /** "aws/p5.48xlarge", "lambda/gpu_1x_h100_sxm5". */
  id: z.string().regex(/^[a-z0-9-]+\/[\w.-]+$/),
  provider: z.string().min(1),
  instanceType: z.string().min(1),
  /** Spec-database id of its GPU (packages/hardware). */
  gpuSpecId: z.string().min(1),
  gpuCount: z.int().positive(),
  vcpus: z.int().positive().optional(),
  ramGiB: z.number().positive().optional(),
  /** On-demand price per hour for the whole instance, in US dollars. */
  hourlyUsd: z.number().positive(),
  /** Region the price applies to. */
  region: z.string().min(1),
  sourceUrl: z.url(),
  readOn: z.iso.date(),
  notes: z.string().optional(),
});

/** What buying one GPU (or an APU machine) costs, for the cost of owning hardware. */
export const HardwarePriceSchema = z.object({
  gpuSpecId: z.string().min(1),
  priceUsd: z.number().positive(),
  /** `msrp`: the vendor's launch price; `street`: a cited retail or reseller price; `list`: a system's list price. */
  basis: z.enum(['msrp', 'street', 'list']),
  sourceUrl: z.url(),
  readOn: z.iso.date(),
  notes: z.string().optional(),
});

export type CloudInstance = z.infer<typeof CloudInstanceSchema>;
export type HardwarePrice = z.infer<typeof HardwarePriceSchema>;
