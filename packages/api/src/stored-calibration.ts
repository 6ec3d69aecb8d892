import { type CalibrationSample, fitMachineCalibration, type MachineCalibration } from '@weightplan/estimator';
import type { HardwareInput, HardwareProfile } from '@weightplan/hardware';
import { FileStore, type Store } from '@weightplan/store';
import { type MeasurementRecord, machineFingerprint } from '@weightplan/user-data';
import type { ApiContext } from './context.js';
import { storeOf } from './store-access.js';

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
 * machine (same fingerprint) in the store: the config directory's measurements.json, or on a team server
 * the database every replica shares. A profile detected on a real machine is that machine: the host's own
 * (no hardware in the request, or `detected`), or one a colleague saved from `weightplan detect` on the box
 * they measured. A what-if is another box whatever its name, and factors the caller passed win. Which
 * engines the factors apply to is the estimator's call, made once for every answer (llama.cpp and Ollama
 * anywhere, any engine whose layers all run on the CPU): an estimate and a recommendation candidate for
 * the same engine agree. `records` replaces the store's list (tests).
 */
export async function storedCalibration(
  hardware: HardwareProfile,
  options: {
    /** The request's hardware as given: absent or `detected` is the host, whatever its detection reports. */
    input?: HardwareInput | undefined;
    store?: Store;
    given?: MachineCalibration | undefined;
    records?: () => MeasurementRecord[];
  },
): Promise<StoredCalibration> {
  const host = options.input === undefined || 'detected' in options.input;
  if (options.given || !(host || hardware.origin === 'detected')) return {};
  if (options.records) {
    const read = options.records;
    return fitStored(async () => read(), hardware);
  }
  const store = options.store ?? new FileStore();
  let version: string;
  try {
    // Changes only when the bench saves or forgets: refit only then, not on every estimate and not for each
    // of a recommendation's hundreds of candidates. The fit also depends on the whole profile (a measured
    // bandwidth), and a server's replicas each hold their own copy of this cache.
    version = `${store.kind}|${store.location}|${await store.measurements.version()}|${JSON.stringify(hardware)}`;
  } catch (error) {
    return { note: `stored measurements were not used: ${error instanceof Error ? error.message : String(error)}` };
  }
  const hit = cache.get(version);
  if (hit) return hit;
  const result = await fitStored(() => store.measurements.list(), hardware);
  if (cache.size >= CACHED_FITS) cache.delete(cache.keys().next().value as string);
  cache.set(version, result);
  return result;
}

/** Fits kept: one per store and machine profile in use (a server planning for a few measured boxes). */
const CACHED_FITS = 16;
const cache = new Map<string, StoredCalibration>();

/** Spread into a recommend or fit-matrix request: the machine's calibration when it has one. */
export async function calibrationOption(
  ctx: ApiContext,
  input: HardwareInput | undefined,
  hardware: HardwareProfile,
): Promise<{ calibration?: MachineCalibration }> {
  const { calibration } = await storedCalibration(hardware, { input, store: storeOf(ctx) });
  return calibration ? { calibration } : {};
}

async function fitStored(read: () => Promise<MeasurementRecord[]>, hardware: HardwareProfile): Promise<StoredCalibration> {
  let records: MeasurementRecord[];
  try {
    records = await read();
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
