import { OpenModelSpecSchema, PrecisionSchema } from '@weightplan/weights';
import type { InspectResult } from '@weightplan/weights/files';
import { z } from 'zod';

const GgufQuantSchema = z.object({ quant: z.string(), files: z.array(z.string()), bytes: z.number().nullable() });

/** `InspectResult` as JSON (the cache stores it; the router answers it). */
export const InspectResultSchema = z.object({
  path: z.string(),
  format: z.enum(['gguf', 'safetensors', 'config']),
  files: z.array(z.object({ path: z.string(), bytes: z.number() })),
  spec: OpenModelSpecSchema,
  precision: PrecisionSchema.nullable(),
  parameterCount: z.number(),
  activeParameterCount: z.number(),
  weightsBytes: z.number().nullable(),
  byDtype: z.array(z.object({ type: z.string(), tensors: z.number(), parameters: z.number(), bytes: z.number() })),
  quantization: z.object({ method: z.string(), bits: z.number().optional(), groupSize: z.number().optional() }).nullable(),
  tensorCount: z.number(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  warnings: z.array(z.string()),
  elapsedMilliseconds: z.number(),
}) satisfies z.ZodType<InspectResult, unknown>;

/** What a look-up cost: logical requests, HTTP exchanges (redirect hops included) and body bytes. */
export const HubFetchStatsSchema = z.object({
  requests: z.number().int(),
  exchanges: z.number().int(),
  bytesRead: z.number().int(),
  elapsedMilliseconds: z.number(),
});

const common = {
  repo: z.string(),
  /** The revision asked for (branch, tag or sha). */
  revision: z.string(),
  /** The commit it resolved to: results are cached per commit. */
  sha: z.string(),
  /** Where this answer came from: the Hub now, the cache (same commit), or the cache because the Hub was unreachable. */
  source: z.enum(['hub', 'cache', 'offline-cache']),
  /** When the Hub was read for this answer (ISO 8601). */
  fetchedAt: z.string(),
  fetch: HubFetchStatsSchema,
  warnings: z.array(z.string()),
};

export const HubLookupSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('model'),
    ...common,
    /** The GGUF quantisation read, or null for safetensors / config.json. */
    quant: z.string().nullable(),
    inspect: InspectResultSchema,
  }),
  z.object({
    kind: z.literal('quants'),
    ...common,
    quant: z.null(),
    /** A GGUF repository asked for without ":QUANT": what it offers, smallest first, with exact sizes. */
    quants: z.array(GgufQuantSchema),
    mmproj: z.array(z.object({ path: z.string(), bytes: z.number().nullable() })),
  }),
]);
export type HubLookup = z.infer<typeof HubLookupSchema>;
export type HubModelLookup = Extract<HubLookup, { kind: 'model' }>;
export type HubQuantListing = Extract<HubLookup, { kind: 'quants' }>;
