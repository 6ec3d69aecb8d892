import { type CostAssumptions, HOURS_PER_MONTH, SECONDS_PER_MONTH, type Workload } from './workload.js';

/** How fast one machine serves the workload's mix, from the estimator's throughput at its concurrency. */
export interface ServingRate {
  /** Prompt tokens processed per second (prefill). */
  prefillTokensPerSecond: number;
  /** Tokens generated per second over all concurrent sequences. */
  aggregateDecodeTokensPerSecond: number;
}

/** Seconds of one machine's time that `inputTokens` and `outputTokens` take. */
export function machineSeconds(rate: ServingRate, inputTokens: number, outputTokens: number): number {
  return inputTokens / rate.prefillTokensPerSecond + outputTokens / rate.aggregateDecodeTokensPerSecond;
}

export interface CostBreakdown {
  hardwareUsd: number;
  energyUsd: number;
  opsUsd: number;
  rentalUsd: number;
  apiUsd: number;
}

export interface MachineCost {
  machines: number;
  /** Share of the machines' month spent serving. */
  utilisation: number;
  monthlyCostUsd: number;
  breakdown: CostBreakdown;
}

/**
 * Machines needed so that none is busy more than `maxUtilisation` of the month, and at least `minMachines`
 * (those the concurrent requests need when one machine batches only some of them).
 */
export function machinesNeeded(secondsNeeded: number, assumptions: CostAssumptions, minMachines = 1): number {
  return Math.max(1, minMachines, Math.ceil(secondsNeeded / (SECONDS_PER_MONTH * assumptions.maxUtilisation) - 1e-9));
}

/**
 * Owning: each machine is written off over the amortisation period, draws its loaded power while busy and
 * `idlePowerShare` of it otherwise, and costs `opsUsdPerMonth` to run.
 */
export function ownedMonthlyCost(
  rate: ServingRate,
  workload: Workload,
  machine: { priceUsd: number; loadedWatts: number },
  assumptions: CostAssumptions,
  minMachines = 1,
): MachineCost {
  const seconds = machineSeconds(rate, workload.inputTokensPerMonth, workload.outputTokensPerMonth);
  const machines = machinesNeeded(seconds, assumptions, minMachines);
  const utilisation = seconds / (machines * SECONDS_PER_MONTH);
  const idleWatts = machine.loadedWatts * assumptions.idlePowerShare;
  const averageWatts = idleWatts + (machine.loadedWatts - idleWatts) * utilisation;
  const energyUsd = (machines * averageWatts * HOURS_PER_MONTH * assumptions.electricityUsdPerKwh) / 1000;
  const hardwareUsd = (machines * (machine.priceUsd + assumptions.systemPriceUsd)) / assumptions.amortisationMonths;
  const opsUsd = machines * assumptions.opsUsdPerMonth;
  return {
    machines,
    utilisation,
    monthlyCostUsd: hardwareUsd + energyUsd + opsUsd,
    breakdown: { hardwareUsd, energyUsd, opsUsd, rentalUsd: 0, apiUsd: 0 },
  };
}

/** Renting: instances are paid by the hour for `rentalHoursPerMonth` whether busy or not; power is in the price. */
export function rentedMonthlyCost(
  rate: ServingRate,
  workload: Workload,
  hourlyUsd: number,
  assumptions: CostAssumptions,
  minMachines = 1,
): MachineCost {
  const seconds = machineSeconds(rate, workload.inputTokensPerMonth, workload.outputTokensPerMonth);
  const machines = machinesNeeded(seconds, assumptions, minMachines);
  const rentalUsd = machines * hourlyUsd * assumptions.rentalHoursPerMonth;
  return {
    machines,
    utilisation: seconds / (machines * SECONDS_PER_MONTH),
    monthlyCostUsd: rentalUsd,
    breakdown: { hardwareUsd: 0, energyUsd: 0, opsUsd: 0, rentalUsd, apiUsd: 0 },
  };
}

export interface ApiPrice {
  inputPerMillionUsd: number;
  cachedInputPerMillionUsd: number | null;
  outputPerMillionUsd: number;
}

/** A closed API bills input (cache hits at their own price, where the provider has one) and output per token. */
export function apiMonthlyCostUsd(price: ApiPrice, workload: Workload): number {
  const cached = workload.inputTokensPerMonth * workload.cachedInputShare;
  const uncached = workload.inputTokensPerMonth - cached;
  return (
    (uncached * price.inputPerMillionUsd +
      cached * (price.cachedInputPerMillionUsd ?? price.inputPerMillionUsd) +
      workload.outputTokensPerMonth * price.outputPerMillionUsd) /
    1e6
  );
}
