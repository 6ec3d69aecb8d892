import { z } from 'zod';

export const ApiProviderSchema = z.enum(['openai', 'anthropic', 'google', 'xai', 'mistral', 'cohere', 'deepseek']);

/** Price per million tokens in US dollars as the provider lists it, with when and where it was read. */
export const ApiPriceSchema = z.object({
  inputPerMillionUsd: z.number().nonnegative(),
  /** Price of cached (prompt-cache hit) input tokens; null when the provider has no caching discount. */
  cachedInputPerMillionUsd: z.number().nonnegative().nullable(),
  outputPerMillionUsd: z.number().nonnegative(),
  /** Pricing page the figures were read from. */
  sourceUrl: z.url(),
  /** Date the price was read (YYYY-MM-DD): the UI flags prices older than 180 days. */
  readOn: z.iso.date(),
  /** Tiering, batch discounts, long-context surcharges worth knowing. */
  notes: z.string().optional(),
});

/** A model reachable only through an API: it has no weights, so its only deployment target is the API. */
export const ClosedModelSpecSchema = z.object({
  kind: z.literal('closed').default('closed'),
  /** "provider/model-id" using the provider's API model name: "openai/gpt-4o", "anthropic/claude-sonnet-4-5". */
  id: z.string().regex(/^[a-z]+\/[\w.:-]+$/),
  aliases: z.array(z.string().min(1)).default([]),
  name: z.string().min(1),
  provider: ApiProviderSchema,
  contextTokens: z.int().positive(),
  maxOutputTokens: z.int().positive(),
  modalities: z.object({
    input: z.array(z.enum(['text', 'image', 'audio', 'video', 'pdf'])).min(1),
    output: z.array(z.enum(['text', 'image', 'audio'])).min(1),
  }),
  releaseDate: z.iso.date(),
  pricing: ApiPriceSchema,
  /** Model page or documentation the capabilities come from. */
  sourceUrl: z.url(),
  notes: z.string().optional(),
});

export type ApiProvider = z.infer<typeof ApiProviderSchema>;
export type ApiPrice = z.infer<typeof ApiPriceSchema>;
export type ClosedModelSpec = z.infer<typeof ClosedModelSpecSchema>;
export type ClosedModelSpecInput = z.input<typeof ClosedModelSpecSchema>;
