import type { MachineCalibration } from './machine-calibration.js';

/** A decode step as the estimator splits it: data-dependent seconds (weights and KV cache) and fixed ones. */
export interface StepParts {
  dataSeconds: number;
  overheadSeconds: number;
}

/** Seconds per decode step on the calibrated machine: its data part at the measured rate, plus its fixed cost. */
export function calibratedStepSeconds(step: StepParts, calibration: MachineCalibration): number {
  return step.dataSeconds / calibration.bandwidthFactor + Math.max(0, step.overheadSeconds + calibration.extraSecondsPerToken);
}

/** Seconds to process a prompt on the calibrated machine. */
export function calibratedPrefillSeconds(modelledSeconds: number, calibration: MachineCalibration): number {
  return modelledSeconds / calibration.prefillFactor;
}
