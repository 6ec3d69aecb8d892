import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type HardwareProfile, HardwareProfileSchema } from '@weightplan/hardware';
import { OpenModelSpecSchema } from '@weightplan/weights';
import { z } from 'zod';
import { configDirectory } from './config-dir.js';
import { readJsonFile, updateJsonFile } from './json-file.js';
import { UserDataError } from './user-data-error.js';

/** The most measurements one store keeps: one file that every save rewrites (a record is about 10 KB). */
export const MAX_MEASUREMENTS = 1000;

const Rate = z.number().nonnegative().max(1e9);

/** A median with what the repetitions spread over, in tokens per second. */
export const MeasuredRateSchema = z.object({
  median: Rate,
  min: Rate,
  max: Rate,
  /** Sample standard deviation over the repetitions (0 for one). */
  stddev: Rate,
  samples: z.array(Rate).max(1000),
});
export type MeasuredRate = z.infer<typeof MeasuredRateSchema>;

/** Where a measurement came from. */
export const MeasurementSourceSchema = z.enum(['synthetic', 'file', 'endpoint', 'import']);

/** What the estimator predicted for the same scenario when the measurement was made (uncalibrated). */
export const MeasurementPredictionSchema = z.object({
  decodeTokensPerSecond: Rate,
  low: Rate,
  high: Rate,
  prefillTokensPerSecond: Rate,
  prefillLow: Rate,
  prefillHigh: Rate,
  /** The speed constants the estimate used, as the estimate says (`basis`). */
  basis: z.string(),
  weightsBytes: z.number().nonnegative(),
});

/**
 * One measurement of one model at one precision on one machine, with everything a calibration fit needs:
 * the model's full spec (so its bytes and FLOPs can be recomputed by a later estimator), the machine, the
 * settings the run used, the medians and spread, and what was predicted at the time.
 */
export const MeasurementRecordSchema = z.object({
  /** Short stable id: a hash of machine fingerprint, runtime, its version, model and precision. */
  id: z.string().regex(/^[0-9a-f]{12}$/),
  machineFingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  hardware: HardwareProfileSchema,
  source: MeasurementSourceSchema,
  /** llama.cpp (in-process or llama-bench), llama-server, ollama or openai-compatible. */
  runtime: z.string().min(1).max(64),
  runtimeVersion: z.string().min(1).max(200),
  /** What was measured, in the user's words: a catalog id, a file name, an endpoint URL. */
  subject: z.string().max(4096),
  model: OpenModelSpecSchema,
  precision: z.string().min(1).max(64),
  settings: z.object({
    threads: z.int().nonnegative().max(4096),
    gpuLayers: z.int().nonnegative().max(4096),
    promptTokens: z.int().nonnegative(),
    genTokens: z.int().nonnegative(),
    contextTokens: z.int().nonnegative(),
    batchTokens: z.int().nonnegative().optional(),
    flashAttention: z.boolean(),
    backend: z.string().max(64),
  }),
  measured: z.object({
    decodeTokensPerSecond: MeasuredRateSchema,
    prefillTokensPerSecond: MeasuredRateSchema.nullable(),
    repetitions: z.int().positive().max(1000),
    warmupRuns: z.int().nonnegative().max(100),
  }),
  predicted: MeasurementPredictionSchema.nullable(),
  measuredAt: z.iso.datetime(),
});
export type MeasurementRecord = z.infer<typeof MeasurementRecordSchema>;
export type MeasurementDraft = Omit<MeasurementRecord, 'id' | 'machineFingerprint' | 'measuredAt'>;

export const MeasurementsFileSchema = z.object({
  schemaVersion: z.literal(1),
  measurements: z.array(MeasurementRecordSchema),
});

export function measurementsFile(directory = configDirectory()): string {
  return join(directory, 'measurements.json');
}

/**
 * Identifies a machine across runs from what does not change while it stays the same machine: CPU model,
 * core and thread counts, RAM rounded to GiB (the OS reserves a varying few MB), and the GPUs' names and
 * memory. Free memory, measured bandwidth and drivers are left out: they move from run to run.
 */
export function machineFingerprint(hardware: HardwareProfile): string {
  const gib = (bytes: number) => Math.round(bytes / 2 ** 30);
  const parts = [
    hardware.cpu.model.trim().toLowerCase(),
    hardware.cpu.cores,
    hardware.cpu.threads,
    gib(hardware.memory.totalBytes),
    ...hardware.gpus.map((gpu) => `${gpu.name.trim().toLowerCase()}:${gib(gpu.memoryBytes)}`).sort(),
    hardware.nodes ?? 1,
  ];
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}

function measurementId(fingerprint: string, draft: Pick<MeasurementDraft, 'runtime' | 'runtimeVersion' | 'model' | 'precision'>): string {
  const key = [fingerprint, draft.runtime, draft.runtimeVersion, draft.model.id.toLowerCase(), draft.precision.toUpperCase()].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Every stored measurement, newest first. */
export function listMeasurements(file = measurementsFile()): MeasurementRecord[] {
  const records = readJsonFile(file, MeasurementsFileSchema)?.measurements ?? [];
  return [...records].sort((a, b) => b.measuredAt.localeCompare(a.measuredAt));
}

/** A draft as the record it is saved as: its id and machine fingerprint computed, stamped with `now`. */
export function measurementRecord(draft: MeasurementDraft, now = new Date()): MeasurementRecord {
  const machine = machineFingerprint(draft.hardware);
  return MeasurementRecordSchema.parse({
    ...draft,
    id: measurementId(machine, draft),
    machineFingerprint: machine,
    measuredAt: now.toISOString(),
  });
}

/**
 * Saves a measurement, replacing the one of the same machine, runtime, version, model and precision (a
 * re-run supersedes the old numbers rather than being averaged with runs under other conditions).
 */
export function saveMeasurement(draft: MeasurementDraft, file = measurementsFile(), now = new Date()): MeasurementRecord {
  return putMeasurement(measurementRecord(draft, now), file);
}

/** Keeps a record exactly as given (a store import), replacing the one with its id. */
export function putMeasurement(record: MeasurementRecord, file = measurementsFile()): MeasurementRecord {
  const parsed = MeasurementRecordSchema.parse(record);
  return updateJsonFile(file, MeasurementsFileSchema, (current) => {
    const others = (current?.measurements ?? []).filter((m) => m.id !== parsed.id);
    if (others.length >= MAX_MEASUREMENTS) {
      throw new UserDataError(file, `holds ${MAX_MEASUREMENTS} measurements, the most it keeps: forget some (bench --forget ID) first`);
    }
    return { next: { schemaVersion: 1, measurements: [...others, parsed] }, result: parsed };
  });
}

/** Forgets one measurement by id, or every one when `id` is undefined; the number removed. */
export function forgetMeasurements(id: string | undefined, file = measurementsFile()): number {
  return updateJsonFile(file, MeasurementsFileSchema, (current) => {
    const all = current?.measurements ?? [];
    const kept = id === undefined ? [] : all.filter((m) => m.id !== id.toLowerCase());
    if (kept.length === all.length) return { next: undefined, result: 0 };
    return { next: { schemaVersion: 1, measurements: kept }, result: all.length - kept.length };
  });
}
