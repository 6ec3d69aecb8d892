export { type BreakEven, type BreakEvenTerms, breakEven } from './break-even.js';
export { type ClosedCandidate, type CompareRequest, compare, type OwnedHardware, type PriceSource, type RentalTarget } from './compare.js';
export { type CompareOption, CompareOptionSchema, type CompareResult, CompareResultSchema } from './compare-schema.js';
export {
  type ApiPrice,
  apiMonthlyCostUsd,
  type CostBreakdown,
  type MachineCost,
  machineSeconds,
  machinesNeeded,
  ownedMonthlyCost,
  rentedMonthlyCost,
  type ServingRate,
} from './monthly-cost.js';
export {
  type CostAssumptions,
  type CostAssumptionsInput,
  CostAssumptionsSchema,
  HOURS_PER_MONTH,
  SECONDS_PER_MONTH,
  type Workload,
  type WorkloadInput,
  WorkloadSchema,
} from './workload.js';
