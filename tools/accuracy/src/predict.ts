import { estimate, type SpeedTable } from '@weightplan/estimator';
import type { ThroughputCase } from './cases.js';
import type { Prediction } from './metrics.js';

export interface CasePrediction extends Prediction {
  case: ThroughputCase;
}

/** The estimator's answer for one measurement, with the given speed constants (default: the shipped ones). */
export function predict(c: ThroughputCase, table?: SpeedTable): CasePrediction {
  const e = estimate(table ? { ...c.request, speedTable: table } : c.request);
  const t = e.throughput;
  if (!t) return { case: c, measured: c.measured, predicted: Number.NaN };
  return c.metric === 'tg'
    ? { case: c, measured: c.measured, predicted: t.decodeTokensPerSecond, low: t.low, high: t.high }
    : { case: c, measured: c.measured, predicted: t.prefillTokensPerSecond, low: t.prefillLow, high: t.prefillHigh };
}
