import {
  type ClosedCandidate,
  CompareResultSchema,
  CostAssumptionsSchema,
  compare,
  type OwnedHardware,
  type RentalTarget,
  recommend,
  WorkloadSchema,
} from '@weightplan/estimator';
import { buildWhatIfProfile, GPU_SPECS, type HardwareProfile } from '@weightplan/hardware';
import { normalizeName } from '@weightplan/match';
import {
  applyApiPriceOverlay,
  applyCloudOverlay,
  applyHardwareOverlay,
  CLOUD_INSTANCES,
  HARDWARE_PRICES,
  type PriceOverlay,
} from '@weightplan/pricing';
import {
  CLOSED_MODELS,
  type ClosedModelSpec,
  getPrecision,
  type OpenModelSpec,
  type Precision,
  QUALITY_SIGNALS,
} from '@weightplan/weights';
import { z } from 'zod';
import { HardwareInputSchema, resolveHardwareInput } from '../hardware-input.js';
import { storeOf } from '../store-access.js';
import { calibrationOption } from '../stored-calibration.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure } from '../trpc.js';

const GiB = 1024 ** 3;

export const CompareInputSchema = strictInput({
  workload: strictInput(WorkloadSchema.shape),
  assumptions: strictInput(CostAssumptionsSchema.shape).optional(),
  models: z
    .array(z.string().min(1).max(300))
    .max(50)
    .optional()
    .describe('open or closed model ids; default: the best open models for the hardware and each provider’s cheapest and dearest API'),
  precision: z.string().min(1).max(64).optional().describe('precision for every open model; default: the best that serves the workload'),
  hardware: HardwareInputSchema.describe('owned hardware; default: the host'),
  hardwarePriceUsd: z.number().positive().max(1e9).optional().describe("what the owned machine's GPUs cost; default: prices on file"),
  includeCloud: z.boolean().default(true).describe('price rented cloud GPU instances too'),
});

type PricedClosed = ClosedModelSpec & { priceOrigin: 'catalog' | 'user' };

function findClosed(models: readonly PricedClosed[], query: string): PricedClosed | undefined {
  const key = normalizeName(query);
  return models.find(
    (m) => normalizeName(m.id) === key || m.aliases.some((a) => normalizeName(a) === key) || normalizeName(m.name) === key,
  );
}

/** By default, every provider's cheapest and dearest model: the range a team chooses from. */
function defaultClosed(models: readonly PricedClosed[]): PricedClosed[] {
  const byProvider = new Map<string, PricedClosed[]>();
  for (const m of models) byProvider.set(m.provider, [...(byProvider.get(m.provider) ?? []), m]);
  return [...byProvider.values()].flatMap((group) => {
    const sorted = [...group].sort((a, b) => a.pricing.outputPerMillionUsd - b.pricing.outputPerMillionUsd);
    return [...new Set([sorted[0], sorted.at(-1)])].filter((m): m is PricedClosed => m !== undefined);
  });
}

/** What the owned machine's GPUs cost: the user's figure, else prices on file (street/list, then launch MSRP). */
function ownedHardware(profile: HardwareProfile, given: number | undefined, overlay: PriceOverlay | undefined): OwnedHardware {
  if (given !== undefined)
    return { profile, priceUsd: given, price: { readOn: new Date().toISOString().slice(0, 10), sourceUrl: 'request', origin: 'user' } };
  if (profile.gpus.length === 0) return { profile, priceUsd: null, price: null };
  const prices = applyHardwareOverlay(HARDWARE_PRICES, overlay);
  let total = 0;
  let oldest: OwnedHardware['price'] = null;
  for (const gpu of profile.gpus) {
    const onFile = prices.find((p) => p.gpuSpecId === gpu.specId);
    const spec = GPU_SPECS.find((s) => s.id === gpu.specId);
    const price = onFile
      ? { usd: onFile.priceUsd, readOn: onFile.readOn, sourceUrl: onFile.sourceUrl, origin: onFile.origin }
      : spec?.launchPriceUsd
        ? { usd: spec.launchPriceUsd, readOn: spec.launchDate, sourceUrl: spec.sourceUrl, origin: 'catalog' as const }
        : undefined;
    if (!price) return { profile, priceUsd: null, price: null };
    total += price.usd;
    if (!oldest || price.readOn < oldest.readOn) oldest = { readOn: price.readOn, sourceUrl: price.sourceUrl, origin: price.origin };
  }
  return { profile, priceUsd: total * profile.nodes, price: oldest };
}

const rentalProfiles = new Map<string, HardwareProfile>();

function rentals(overlay: PriceOverlay | undefined): RentalTarget[] {
  return applyCloudOverlay(CLOUD_INSTANCES, overlay).flatMap((instance) => {
    const spec = GPU_SPECS.find((s) => s.id === instance.gpuSpecId);
    if (!spec) return [];
    const key = `${spec.id}x${instance.gpuCount}|${instance.ramGiB ?? ''}`;
    let profile = rentalProfiles.get(key);
    if (!profile) {
      profile = buildWhatIfProfile({
        gpu: `${instance.gpuCount}x ${spec.name}`,
        ...(instance.ramGiB ? { ramBytes: instance.ramGiB * GiB } : {}),
      });
      rentalProfiles.set(key, profile);
    }
    return [
      {
        id: instance.id,
        provider: instance.provider,
        instanceType: instance.instanceType,
        hourlyUsd: instance.hourlyUsd,
        profile,
        price: { readOn: instance.readOn, sourceUrl: instance.sourceUrl, origin: instance.origin },
      },
    ];
  });
}

export const compareProcedure = publicProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/compare',
      tags: ['compare'],
      summary: 'Open weights on owned or rented hardware against closed APIs: monthly cost, speed, quality, break-even',
    },
  })
  .input(CompareInputSchema)
  .output(CompareResultSchema)
  .mutation(async ({ input, ctx }) => {
    const store = storeOf(ctx);
    const overlay = await store.prices.get();
    const closedModels = applyApiPriceOverlay(CLOSED_MODELS, overlay);
    const hardware = await resolveHardwareInput(input.hardware, ctx);
    const { index } = await store.catalog.index();
    const precision: Precision | undefined = input.precision ? getPrecision(input.precision) : undefined;

    let open: OpenModelSpec[];
    let closed: PricedClosed[];
    if (input.models?.length) {
      closed = [];
      open = [];
      for (const id of input.models) {
        const match = findClosed(closedModels, id);
        if (match) closed.push(match);
        else open.push(index.get(id));
      }
    } else {
      const best = recommend({
        ...(await calibrationOption(ctx, input.hardware, hardware)),
        hardware,
        models: index.models,
        contextTokens: input.workload.contextTokens,
        minDecodeTokensPerSecond: input.workload.minDecodeTokensPerSecond,
        // Models that serve the workload's concurrent requests on the owned machine, ranked by published quality.
        ...(input.workload.concurrency !== undefined ? { concurrency: input.workload.concurrency } : {}),
        qualitySignals: QUALITY_SIGNALS,
        limit: 3,
      });
      open = best.recommendations.map((r) => index.get(r.modelId));
      closed = defaultClosed(closedModels);
    }

    return compare({
      workload: input.workload,
      ...(input.assumptions ? { assumptions: input.assumptions } : {}),
      openModels: open.map((model) => ({ model, ...(precision ? { precision } : {}) })),
      closedModels: closed.map(
        (m): ClosedCandidate => ({
          id: m.id,
          name: m.name,
          provider: m.provider,
          pricing: {
            inputPerMillionUsd: m.pricing.inputPerMillionUsd,
            cachedInputPerMillionUsd: m.pricing.cachedInputPerMillionUsd,
            outputPerMillionUsd: m.pricing.outputPerMillionUsd,
            readOn: m.pricing.readOn,
            sourceUrl: m.pricing.sourceUrl,
          },
          priceOrigin: m.priceOrigin,
        }),
      ),
      owned: ownedHardware(hardware, input.hardwarePriceUsd, overlay),
      rentals: input.includeCloud ? rentals(overlay) : [],
      quality: QUALITY_SIGNALS,
      now: new Date(),
    });
  });
