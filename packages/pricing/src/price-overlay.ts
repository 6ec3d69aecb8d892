import { InvalidInputError } from '@weightplan/match';
import { z } from 'zod';
import { type CloudInstance, CloudInstanceSchema, type HardwarePrice } from './cloud-instance.js';

/** A closed model's API price as a user records it (same fields as the catalog's, source optional). */
export const ApiPriceOverrideSchema = z.object({
  modelId: z.string().min(1),
  inputPerMillionUsd: z.number().nonnegative(),
  cachedInputPerMillionUsd: z.number().nonnegative().nullable().optional(),
  outputPerMillionUsd: z.number().nonnegative(),
  sourceUrl: z.url().optional(),
  readOn: z.iso.date(),
  notes: z.string().optional(),
});

export const HardwarePriceOverrideSchema = z.object({
  gpuSpecId: z.string().min(1),
  priceUsd: z.number().positive(),
  sourceUrl: z.url().optional(),
  readOn: z.iso.date(),
  notes: z.string().optional(),
});

/** An instance's new hourly price, or a whole new instance type. */
export const CloudInstanceOverrideSchema = z.union([
  CloudInstanceSchema,
  z.object({
    id: z.string().min(1),
    hourlyUsd: z.number().positive(),
    readOn: z.iso.date(),
    sourceUrl: z.url().optional(),
    notes: z.string().optional(),
  }),
]);

/**
 * The user's own prices (`prices.json` in the config directory): anything here replaces the shipped figure
 * with the same key or adds a new entry, so a price change needs no release.
 */
export const PriceOverlaySchema = z.object({
  schemaVersion: z.literal(1),
  apiPrices: z.array(ApiPriceOverrideSchema).default([]),
  hardwarePrices: z.array(HardwarePriceOverrideSchema).default([]),
  cloudInstances: z.array(CloudInstanceOverrideSchema).default([]),
});

export type ApiPriceOverride = z.infer<typeof ApiPriceOverrideSchema>;
export type PriceOverlay = z.infer<typeof PriceOverlaySchema>;

/** Where a price came from: the shipped data or the user's overlay. */
export type PriceOrigin = 'catalog' | 'user';

export interface PricedHardware extends HardwarePrice {
  origin: PriceOrigin;
}

export interface PricedInstance extends CloudInstance {
  origin: PriceOrigin;
}

/** Shipped hardware prices with the user's replacing or adding by GPU spec id. */
export function applyHardwareOverlay(prices: readonly HardwarePrice[], overlay: PriceOverlay | undefined): PricedHardware[] {
  const byId = new Map<string, PricedHardware>(prices.map((p) => [p.gpuSpecId, { ...p, origin: 'catalog' }]));
  for (const o of overlay?.hardwarePrices ?? []) {
    byId.set(o.gpuSpecId, {
      gpuSpecId: o.gpuSpecId,
      priceUsd: o.priceUsd,
      basis: 'street',
      sourceUrl: o.sourceUrl ?? 'file:prices.json',
      readOn: o.readOn,
      ...(o.notes ? { notes: o.notes } : {}),
      origin: 'user',
    });
  }
  return [...byId.values()];
}

/** Shipped cloud instances with the user's price changes applied and new instance types added. */
export function applyCloudOverlay(instances: readonly CloudInstance[], overlay: PriceOverlay | undefined): PricedInstance[] {
  const byId = new Map<string, PricedInstance>(instances.map((i) => [i.id, { ...i, origin: 'catalog' }]));
  for (const o of overlay?.cloudInstances ?? []) {
    const existing = byId.get(o.id);
    if ('gpuSpecId' in o) byId.set(o.id, { ...o, origin: 'user' });
    else if (existing)
      byId.set(o.id, {
        ...existing,
        hourlyUsd: o.hourlyUsd,
        readOn: o.readOn,
        sourceUrl: o.sourceUrl ?? 'file:prices.json',
        origin: 'user',
      });
    else
      throw new InvalidInputError(
        `prices.json: cloud instance "${o.id}" is not in the catalog; give its provider, instanceType, gpuSpecId, gpuCount, region and sourceUrl to add it`,
      );
  }
  return [...byId.values()];
}

/** Days between a price's reading and `now`; prices older than 180 days are flagged as stale. */
export function priceAgeDays(readOn: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${readOn}T00:00:00Z`)) / 86_400_000);
}

export const STALE_PRICE_DAYS = 180;

export function isStalePrice(readOn: string, now: Date): boolean {
  return priceAgeDays(readOn, now) > STALE_PRICE_DAYS;
}

interface ApiPriced {
  id: string;
  pricing: {
    inputPerMillionUsd: number;
    cachedInputPerMillionUsd: number | null;
    outputPerMillionUsd: number;
    sourceUrl: string;
    readOn: string;
    notes?: string | undefined;
  };
}

/** Closed models with the user's API prices in place of the catalog's (matched by model id). */
export function applyApiPriceOverlay<T extends ApiPriced>(
  models: readonly T[],
  overlay: PriceOverlay | undefined,
): (T & { priceOrigin: PriceOrigin })[] {
  const overrides = new Map((overlay?.apiPrices ?? []).map((o) => [o.modelId.toLowerCase(), o]));
  for (const id of overrides.keys()) {
    if (!models.some((m) => m.id.toLowerCase() === id))
      throw new InvalidInputError(`prices.json: no closed model "${id}" in the catalog (weightplan models --closed lists them)`);
  }
  return models.map((m) => {
    const o = overrides.get(m.id.toLowerCase());
    if (!o) return { ...m, priceOrigin: 'catalog' as const };
    return {
      ...m,
      pricing: {
        inputPerMillionUsd: o.inputPerMillionUsd,
        cachedInputPerMillionUsd: o.cachedInputPerMillionUsd ?? null,
        outputPerMillionUsd: o.outputPerMillionUsd,
        sourceUrl: o.sourceUrl ?? 'file:prices.json',
        readOn: o.readOn,
        ...(o.notes ? { notes: o.notes } : {}),
      },
      priceOrigin: 'user' as const,
    };
  });
}
