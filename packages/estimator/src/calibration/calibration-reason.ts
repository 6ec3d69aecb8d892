import type { MachineCalibration } from './machine-calibration.js';

/** The line an estimate gives when measurements on this machine shaped it: "calibrated: 3 measurements on this machine". */
export function calibrationReason(calibration: MachineCalibration): string {
  const count = calibration.sampleCount;
  return `calibrated: ${count} measurement${count === 1 ? '' : 's'} on this machine (${calibration.hardwareLabel})`;
}
