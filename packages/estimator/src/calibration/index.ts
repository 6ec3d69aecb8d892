export { calibratedPrefillSeconds, calibratedStepSeconds, type StepParts } from './calibrated-step.js';
export { calibrationReason } from './calibration-reason.js';
export { type CalibrationSample, type CalibrationSampleInput, CalibrationSampleSchema } from './calibration-sample.js';
export { fitMachineCalibration } from './fit-machine-calibration.js';
export { type MachineCalibration, type MachineCalibrationInput, MachineCalibrationSchema } from './machine-calibration.js';
