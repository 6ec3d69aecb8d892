import { statSync } from 'node:fs';
import { type CalibrationSample, fitMachineCalibration, type MachineCalibration } from '@weightplan/estimator';
import type { HardwareInput, HardwareProfile } from '@weightplan/hardware';
import { listMeasurements, type MeasurementRecord, machineFingerprint, measurementsFile } from '@weightplan/user-data';

/**
 * Runners whose measurements describe llama.cpp's speed on the machine: the in-process bench, imported
 * llama-bench output, llama-server and Ollama (both llama.cpp underneath). An OpenAI-compatible endpoint may
 * be vLLM, SGLang or anything else, so its numbers calibrate nothing.
 */
const LLAMA_CPP_RUNNERS: ReadonlySet<string> = new Set(['llama.cpp', 'llama-server', 'ollama']);

/** A stored measurement as the calibration fit takes it, or null when it lacks a prompt or a generation rate. */
export function calibrationSample(record: MeasurementRecord): CalibrationSample | null {
  const prefill = record.measured.prefillTokensPerSecond?.median;
  const decode = record.measured.decodeTokensPerSecond.median;
  const { promptTokens, genTokens, threads, gpuLayers } = record.settings;
  if (!prefill || !decode || promptTokens <= 0 || genTokens <= 0) return null;
  return {
    spec: record.model,
    precision: record.precision,
    ...(threads > 0 ? { threads } : {}),
    gpuLayers,
    promptTokens,
    genTokens,
    decodeTokensPerSecond: decode,
    prefillTokensPerSecond: prefill,
    measuredAt: record.measuredAt,
  };
}

/** What an estimate on this machine gets from the measurements stored for it. */
export interface StoredCalibration {
  calibration?: MachineCalibration;
  /** One line for the estimate's warnings when measurements exist but could not be used. */
  note?: string;
}

/**
 * The machine calibration for an estimate, from the measurements `weightplan bench` stored for this very
 * machine (same fingerprint). Only for the host's own machine (a what-if or saved profile is another box,
 * whatever its name), and never over factors the caller passed itself. Which engines it applies to is the
 * estimator's call, made once for every answer (llama.cpp and Ollama anywhere, any engine whose layers all
 * run on the CPU): an estimate and a recommendation candidate for the same engine agree.
 * `records` defaults to the user's measurements file; tests pass their own.
 */
export function storedCalibration(
  input: HardwareInput | undefined,
  hardware: HardwareProfile,
  options: { given?: MachineCalibration | undefined; records?: () => MeasurementRecord[] },
): StoredCalibration {
  // No hardware in the request means the host's own machine, as `{ detected: true }` does.
  if (options.given || (input !== undefined && !('detected' in input))) return {};
  if (options.records) return fitStored(options.records, hardware);
  // The file changes only when the bench saves or forgets: refit only then, not on every estimate and not
  // for each of a recommendation's hundreds of candidates.
  const file = measurementsFile();
  let version: string;
  try {
    const stat = statSync(file);
    // Saves replace the file (a new inode); the fit also depends on the whole profile (a measured bandwidth).
    version = `${file}|${stat.ino}|${stat.mtimeMs}|${stat.size}|${JSON.stringify(hardware)}`;
  } catch {
    return {}; // no measurements file: nothing measured yet
  }
  if (cached?.version !== version) cached = { version, result: fitStored(() => listMeasurements(file), hardware) };
  return cached.result;
}

let cached: { version: string; result: StoredCalibration } | undefined;

/** Spread into a recommend or fit-matrix request: this machine's calibration when it has one. */
export function calibrationOption(input: HardwareInput | undefined, hardware: HardwareProfile): { calibration?: MachineCalibration } {
  const { calibration } = storedCalibration(input, hardware, {});
  return calibration ? { calibration } : {};
}

function fitStored(read: () => MeasurementRecord[], hardware: HardwareProfile): StoredCalibration {
  let records: MeasurementRecord[];
  try {
    records = read();
  } catch (error) {
    // A damaged measurements file must not take estimates down: plan without it and say so.
    return { note: `stored measurements were not used: ${error instanceof Error ? error.message : String(error)}` };
  }
  const fingerprint = machineFingerprint(hardware);
  const samples = records
    .filter((r) => r.machineFingerprint === fingerprint && LLAMA_CPP_RUNNERS.has(r.runtime))
    .map(calibrationSample)
    .filter((s): s is CalibrationSample => s !== null);
  if (samples.length === 0) return {};
  try {
    return { calibration: fitMachineCalibration(hardware, samples) };
  } catch (error) {
    return {
      note: `${samples.length} stored measurement${samples.length === 1 ? '' : 's'} of this machine could not be fitted: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
