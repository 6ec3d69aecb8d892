import type { HardwareProfile } from '@weightplan/hardware';
import { isStalePrice, priceAgeDays } from '@weightplan/pricing';
import type { OpenModelSpec, Precision, QualitySignal } from '@weightplan/weights';
import { preferredQualitySignal } from '../quality-signal.js';
import { describeQuantisationLoss } from '../quantisation-loss.js';
import { breakEven } from './break-even.js';
import { type CompareOption, type CompareResult, CompareResultSchema } from './compare-schema.js';
import {
  type ApiPrice,
  apiMonthlyCostUsd,
  type MachineCost,
  machineSeconds,
  machinesNeeded,
  ownedMonthlyCost,
  rentedMonthlyCost,
  type ServingRate,
} from './monthly-cost.js';
import { machinesReason, type ServingPlan, servingPlan } from './serving-plan.js';
import {
  type CostAssumptionsInput,
  CostAssumptionsSchema,
  HOURS_PER_MONTH,
  SECONDS_PER_MONTH,
  type Workload,
  type WorkloadInput,
  WorkloadSchema,
} from './workload.js';

export interface PriceSource {
  readOn: string;
  sourceUrl: string;
  origin: 'catalog' | 'user';
}

export interface OwnedHardware {
  profile: HardwareProfile;
  /** What the machine's GPUs cost; null when unknown (no price in the data and none given). */
  priceUsd: number | null;
  price: PriceSource | null;
}

export interface RentalTarget {
  id: string;
  provider: string;
  instanceType: string;
  hourlyUsd: number;
  profile: HardwareProfile;
  price: PriceSource;
}

export interface ClosedCandidate {
  id: string;
  name: string;
  provider: string;
  pricing: ApiPrice & { readOn: string; sourceUrl: string };
  priceOrigin: 'catalog' | 'user';
}

export interface CompareRequest {
  workload: WorkloadInput;
  assumptions?: CostAssumptionsInput;
  openModels: readonly { model: OpenModelSpec; precision?: Precision }[];
  closedModels: readonly ClosedCandidate[];
  owned?: OwnedHardware;
  rentals: readonly RentalTarget[];
  quality: readonly QualitySignal[];
  now: Date;
}

function priceInfo(source: PriceSource, now: Date) {
  return { ...source, ageDays: priceAgeDays(source.readOn, now), stale: isStalePrice(source.readOn, now) };
}

function qualityOf(modelId: string, signals: readonly QualitySignal[]) {
  const best = preferredQualitySignal(modelId, signals);
  return best ? { benchmark: best.benchmark, score: best.score, sourceUrl: best.sourceUrl, readOn: best.readOn } : null;
}

function loadedWatts(profile: HardwareProfile, systemWatts: number): number {
  return profile.gpus.reduce((sum, gpu) => sum + (gpu.tdpWatts ?? 0), 0) * profile.nodes + systemWatts * profile.nodes;
}

function scaled(workload: Workload, tokensPerMonth: number): Workload {
  const total = workload.inputTokensPerMonth + workload.outputTokensPerMonth;
  const share = total > 0 ? workload.inputTokensPerMonth / total : 0.75;
  return { ...workload, inputTokensPerMonth: tokensPerMonth * share, outputTokensPerMonth: tokensPerMonth * (1 - share) };
}

/** What an open option on owned or rented hardware shows whatever the hardware. */
function openOptionFields(
  id: string,
  model: OpenModelSpec,
  plan: ServingPlan,
  cost: MachineCost,
  perMillion: (usd: number) => number,
  quality: CompareOption['quality'],
) {
  return {
    id,
    kind: 'open' as const,
    modelId: model.id,
    modelName: model.name,
    precision: plan.estimate.precision.id,
    machines: cost.machines,
    concurrency: plan.batch,
    utilisation: cost.utilisation,
    monthlyCostPerMachineUsd: cost.monthlyCostUsd / cost.machines,
    monthlyCost: cost.monthlyCostUsd,
    costPerMillionTokens: perMillion(cost.monthlyCostUsd),
    breakdown: cost.breakdown,
    decodeTokensPerSecond: plan.decodeTokensPerSecond,
    aggregateTokensPerSecond: plan.rate.aggregateDecodeTokensPerSecond,
    quality,
    quantisation: {
      precision: plan.quantisation.precision,
      meanKld: plan.quantisation.meanKld,
      basis: plan.quantisation.basis,
      sourceUrl: plan.quantisation.sourceUrl,
    },
  };
}

const GiB = 1024 ** 3;

/**
 * At most three break-evens a reader needs: the cheapest open option's, those that pay off nearest the
 * workload's volume first (a factor of ten away counts the same above and below), then those where the API
 * is cheaper at every volume, cheapest API first (the options are sorted by cost).
 */
function breakEvenHighlights(breakEvens: CompareResult['breakEven'], options: readonly CompareOption[], volume: number) {
  const cheapestOpen = options.find((o) => o.kind === 'open');
  const apiRank = (modelId: string) => options.findIndex((o) => o.kind === 'closed' && o.modelId === modelId);
  const distance = (tokens: number | null) =>
    tokens === null ? Number.POSITIVE_INFINITY : volume > 0 ? Math.abs(Math.log10(tokens / volume)) : tokens;
  return breakEvens
    .filter((b) => b.openOptionId === cheapestOpen?.id)
    .sort((a, b) => distance(a.tokensPerMonth) - distance(b.tokensPerMonth) || apiRank(a.closedModelId) - apiRank(b.closedModelId))
    .slice(0, 3);
}

const CURVE_VOLUMES = [1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10, 3e10];

/**
 * Open weights on owned or rented hardware against closed APIs, for one workload: monthly cost, cost per
 * million tokens, speed, a published quality score where there is one, how old each price is, and where
 * self-hosting starts to pay off.
 */
export function compare(request: CompareRequest): CompareResult {
  const workload = WorkloadSchema.parse(request.workload);
  const assumptions = CostAssumptionsSchema.parse(request.assumptions ?? {});
  const total = workload.inputTokensPerMonth + workload.outputTokensPerMonth;
  const perMillion = (usd: number) => (total > 0 ? usd / (total / 1e6) : 0);
  const options: CompareOption[] = [];
  const excluded: CompareResult['excluded'] = [];
  /** For the curve and break-even: how each open option's cost grows with volume. */
  const openCost = new Map<
    string,
    { fixed: number; marginalPerToken: number; secondsPerToken: number; at: (w: Workload) => MachineCost }
  >();

  const secondsPerToken = (rate: ServingRate) =>
    total > 0
      ? machineSeconds(rate, workload.inputTokensPerMonth, workload.outputTokensPerMonth) / total
      : machineSeconds(rate, 0.75, 0.25);

  const secondsFor = (rate: ServingRate) => machineSeconds(rate, workload.inputTokensPerMonth, workload.outputTokensPerMonth);
  /** Each model's owned plan, so rentals can match its precision. */
  const ownedPlans = new Map<string, ServingPlan>();

  for (const { model, precision } of request.openModels) {
    const quality = qualityOf(model.id, request.quality);
    if (request.owned) {
      const owned = request.owned;
      const plan = servingPlan(model, precision, owned.profile, workload, (p) =>
        machinesNeeded(secondsFor(p.rate), assumptions, p.machinesForConcurrency),
      );
      if (typeof plan === 'string') excluded.push({ modelId: model.id, deployment: 'owned', reason: plan });
      else if (owned.priceUsd === null)
        excluded.push({
          modelId: model.id,
          deployment: 'owned',
          reason: `no price known for ${owned.profile.label}: give one (--hardware-price)`,
        });
      else {
        const machine = { priceUsd: owned.priceUsd, loadedWatts: loadedWatts(owned.profile, assumptions.systemWatts) };
        const cost = ownedMonthlyCost(plan.rate, workload, machine, assumptions, plan.machinesForConcurrency);
        ownedPlans.set(model.id, plan);
        const idleWatts = machine.loadedWatts * assumptions.idlePowerShare;
        const id = `${model.id}@${plan.estimate.precision.id}|owned`;
        const s = secondsPerToken(plan.rate);
        openCost.set(id, {
          fixed:
            (machine.priceUsd + assumptions.systemPriceUsd) / assumptions.amortisationMonths +
            assumptions.opsUsdPerMonth +
            (idleWatts * HOURS_PER_MONTH * assumptions.electricityUsdPerKwh) / 1000,
          marginalPerToken: ((s / 3600) * (machine.loadedWatts - idleWatts) * assumptions.electricityUsdPerKwh) / 1000,
          secondsPerToken: s,
          at: (w) => ownedMonthlyCost(plan.rate, w, machine, assumptions, plan.machinesForConcurrency),
        });
        const reason = machinesReason(plan, workload, cost.machines, machinesNeeded(secondsFor(plan.rate), assumptions), 'machine');
        const notes = [
          `${plan.estimate.placement.explanation}; ${cost.machines} machine${cost.machines > 1 ? 's' : ''} busy ${(cost.utilisation * 100).toFixed(0)}% of the month`,
          reason,
          `quantisation: ${describeQuantisationLoss(plan.quantisation)}`,
        ];
        if (plan.belowQualityFloor) notes.push('below Q4_K_M: nothing at Q4_K_M or better serves this workload on this hardware');
        if (assumptions.systemPriceUsd === 0) notes.push('GPU prices only: add the rest of the server with the system price');
        if (!plan.meetsLatency)
          notes.push(
            `generates ${plan.decodeTokensPerSecond.toFixed(1)} tokens/s per user, below the ${workload.minDecodeTokensPerSecond} asked`,
          );
        options.push({
          ...openOptionFields(id, model, plan, cost, perMillion, quality),
          machinesReason: reason,
          machineRamGiB: owned.profile.memory.totalBytes / GiB,
          machinePriceUsd: owned.priceUsd + assumptions.systemPriceUsd,
          hourlyUsd: null,
          deployment: 'owned',
          hardware: owned.profile.label,
          provider: null,
          instanceId: null,
          meetsLatencyTarget: plan.meetsLatency,
          price: owned.price ? priceInfo(owned.price, request.now) : null,
          privacy: 'on-prem',
          notes,
        });
      }
    }

    if (workload.onPremOnly) {
      if (request.rentals.length > 0) excluded.push({ modelId: model.id, deployment: 'rented', reason: 'data must stay on premises' });
      continue;
    }
    // Many providers rent the same GPU configuration: estimate each configuration once.
    // Like with like: where the model runs on owned hardware, rentals serve it at that precision if they can.
    const ownedPrecision = ownedPlans.get(model.id)?.precision;
    const machinesFor = (p: ServingPlan) => machinesNeeded(secondsFor(p.rate), assumptions, p.machinesForConcurrency);
    const plans = new Map<string, ServingPlan | string>();
    const planFor = (rental: RentalTarget, fixed: Precision | undefined) => {
      const key = `${rental.profile.label}|${fixed?.id ?? '*'}`;
      if (!plans.has(key)) plans.set(key, servingPlan(model, fixed, rental.profile, workload, machinesFor));
      return plans.get(key);
    };
    const cheapest = (fixed: Precision | undefined, allowBelowFloor: boolean) => {
      let found: { rental: RentalTarget; plan: ServingPlan; cost: MachineCost } | undefined;
      let count = 0;
      for (const rental of request.rentals) {
        const plan = planFor(rental, fixed);
        if (!plan || typeof plan === 'string' || !plan.meetsLatency || (plan.belowQualityFloor && !allowBelowFloor)) continue;
        count += 1;
        const cost = rentedMonthlyCost(plan.rate, workload, rental.hourlyUsd, assumptions, plan.machinesForConcurrency);
        if (!found || cost.monthlyCostUsd < found.cost.monthlyCostUsd) found = { rental, plan, cost };
      }
      return found ? { ...found, count } : undefined;
    };
    const matched = !precision && ownedPrecision ? cheapest(ownedPrecision, true) : undefined;
    const chosen = matched ?? cheapest(precision, false) ?? cheapest(precision, true);
    const best = chosen;
    const fitting = chosen?.count ?? 0;
    if (!best) {
      if (request.rentals.length > 0)
        excluded.push({
          modelId: model.id,
          deployment: 'rented',
          reason: 'no cloud instance in the price list serves it at the latency target',
        });
      continue;
    }
    const { rental, plan, cost } = best;
    const id = `${model.id}@${plan.estimate.precision.id}|${rental.id}`;
    openCost.set(id, {
      fixed: rental.hourlyUsd * assumptions.rentalHoursPerMonth,
      marginalPerToken: 0,
      secondsPerToken: secondsPerToken(plan.rate),
      at: (w) => rentedMonthlyCost(plan.rate, w, rental.hourlyUsd, assumptions, plan.machinesForConcurrency),
    });
    const rentedReason = machinesReason(plan, workload, cost.machines, machinesNeeded(secondsFor(plan.rate), assumptions), 'instance');
    const rentedNotes = [
      `${rental.provider} ${rental.instanceType} at $${rental.hourlyUsd.toFixed(2)}/h, ${assumptions.rentalHoursPerMonth} h/month; cheapest of ${fitting} instance types that serve it${matched ? ` at the owned option's ${plan.estimate.precision.id}` : ''}`,
      `${cost.machines} instance${cost.machines > 1 ? 's' : ''} busy ${(cost.utilisation * 100).toFixed(0)}% of the month`,
      rentedReason,
      `quantisation: ${describeQuantisationLoss(plan.quantisation)}`,
    ];
    const ownedPlan = ownedPlans.get(model.id);
    if (ownedPlan && ownedPlan.estimate.precision.id !== plan.estimate.precision.id)
      rentedNotes.push(
        `not like for like: ${plan.estimate.precision.id} (mean KLD ${plan.quantisation.meanKld.toFixed(3)}) against ${ownedPlan.estimate.precision.id} owned (mean KLD ${ownedPlan.quantisation.meanKld.toFixed(3)}); no instance here serves ${ownedPlan.estimate.precision.id}`,
      );
    if (plan.belowQualityFloor) rentedNotes.push('below Q4_K_M: no instance in the price list serves it at Q4_K_M or better');
    options.push({
      ...openOptionFields(id, model, plan, cost, perMillion, quality),
      machinesReason: rentedReason,
      machineRamGiB: rental.profile.memory.totalBytes / GiB,
      machinePriceUsd: null,
      hourlyUsd: rental.hourlyUsd,
      deployment: 'rented',
      hardware: rental.profile.label,
      provider: rental.provider,
      instanceId: rental.id,
      meetsLatencyTarget: true,
      price: priceInfo(rental.price, request.now),
      privacy: 'cloud',
      notes: rentedNotes,
    });
  }

  for (const closed of request.closedModels) {
    if (workload.onPremOnly) {
      excluded.push({ modelId: closed.id, deployment: 'api', reason: 'data must stay on premises' });
      continue;
    }
    const monthly = apiMonthlyCostUsd(closed.pricing, workload);
    options.push({
      id: `${closed.id}|api`,
      kind: 'closed',
      deployment: 'api',
      modelId: closed.id,
      modelName: closed.name,
      hardware: null,
      provider: closed.provider,
      instanceId: null,
      precision: null,
      machines: null,
      machinesReason: null,
      concurrency: null,
      utilisation: null,
      machineRamGiB: null,
      machinePriceUsd: null,
      hourlyUsd: null,
      monthlyCostPerMachineUsd: null,
      monthlyCost: monthly,
      costPerMillionTokens: perMillion(monthly),
      breakdown: { hardwareUsd: 0, energyUsd: 0, opsUsd: 0, rentalUsd: 0, apiUsd: monthly },
      decodeTokensPerSecond: null,
      aggregateTokensPerSecond: null,
      meetsLatencyTarget: null,
      quality: qualityOf(closed.id, request.quality),
      quantisation: null,
      price: priceInfo({ readOn: closed.pricing.readOn, sourceUrl: closed.pricing.sourceUrl, origin: closed.priceOrigin }, request.now),
      privacy: 'third-party-api',
      notes:
        workload.cachedInputShare > 0 && closed.pricing.cachedInputPerMillionUsd === null
          ? ['no prompt-cache discount: cached input billed at the full price']
          : [],
    });
  }
  options.sort((a, b) => a.monthlyCost - b.monthlyCost || a.id.localeCompare(b.id));

  const closedOptions = options.filter((o) => o.kind === 'closed');
  const breakEvens: CompareResult['breakEven'] = [];
  for (const open of options.filter((o) => o.kind === 'open')) {
    const terms = openCost.get(open.id);
    if (!terms) continue;
    for (const closed of closedOptions) {
      const pricing = request.closedModels.find((m) => m.id === closed.modelId)?.pricing;
      if (!pricing) continue;
      const apiUsdPerToken = total > 0 ? apiMonthlyCostUsd(pricing, workload) / total : 0;
      const result = breakEven(
        {
          fixedUsdPerMachine: terms.fixed,
          marginalUsdPerToken: terms.marginalPerToken,
          machineSecondsPerToken: terms.secondsPerToken,
          capacitySecondsPerMachine: SECONDS_PER_MONTH * assumptions.maxUtilisation,
          apiUsdPerToken,
        },
        `${open.modelName} ${open.deployment === 'owned' ? 'on your hardware' : `on ${open.provider}`}`,
        closed.modelName,
      );
      breakEvens.push({ openOptionId: open.id, closedModelId: closed.modelId, ...result });
    }
  }

  // The chart: the cheapest few of each kind at the workload's volume.
  const charted = [
    ...options.filter((o) => o.deployment === 'owned').slice(0, 3),
    ...options.filter((o) => o.deployment === 'rented').slice(0, 2),
    ...closedOptions.slice(0, 4),
  ];
  const costCurve = {
    tokensPerMonth: CURVE_VOLUMES,
    series: charted.map((option) => {
      const terms = openCost.get(option.id);
      const pricing = request.closedModels.find((m) => m.id === option.modelId)?.pricing;
      return {
        optionId: option.id,
        label:
          option.kind === 'closed'
            ? `${option.modelName} (API)`
            : `${option.modelName} ${option.precision} (${option.deployment === 'owned' ? 'owned' : option.provider})`,
        monthlyCostUsd: CURVE_VOLUMES.map((volume) =>
          terms ? terms.at(scaled(workload, volume)).monthlyCostUsd : pricing ? apiMonthlyCostUsd(pricing, scaled(workload, volume)) : 0,
        ),
      };
    }),
  };

  return CompareResultSchema.parse({
    workload,
    assumptions,
    options,
    excluded,
    breakEven: breakEvens,
    breakEvenHighlights: breakEvenHighlights(breakEvens, options, total),
    costCurve,
  });
}
