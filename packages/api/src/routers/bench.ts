import {
  BenchError,
  type BenchHost,
  defaultBackend,
  EndpointKindSchema,
  parseLlamaBench,
  precisionOfModelType,
  type RateSummary,
  RunnerBackendSchema,
  SYNTHETIC_MODEL_TYPES,
} from '@weightplan/bench';
import type { Estimate, MachineCalibration } from '@weightplan/estimator';
import type { HardwareProfile } from '@weightplan/hardware';
import { InvalidInputError } from '@weightplan/match';
import {
  type MeasurementDraft,
  type MeasurementRecord,
  MeasurementRecordSchema,
  machineFingerprint,
  modelIndex,
} from '@weightplan/user-data';
import { getPrecision, type OpenModelSpec, type Precision, storedTensors } from '@weightplan/weights';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { resolveModelInput } from '../resolve-model-input.js';
import { saveMetaOf, storeOf } from '../store-access.js';
import { storedCalibration } from '../stored-calibration.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';
import { estimateWithNotes } from './estimate.js';

const Tokens = (what: string, max: number) =>
  z
    .int()
    .min(0)
    .max(max, { message: `at most ${max} ${what}` });

/** How a bench runs: llama-bench's defaults (pp512, tg128), three repetitions after a warm-up. */
const RunSettingsShape = {
  promptTokens: Tokens('prompt tokens', 32_768).default(512).describe('prompt tokens processed in one go (pp)'),
  genTokens: z
    .int()
    .min(1)
    .max(4096, { message: 'at most 4096 generated tokens' })
    .default(128)
    .describe('tokens generated one by one (tg)'),
  repetitions: z.int().min(1).max(50, { message: 'at most 50 repetitions' }).default(3),
};

export const BenchRunInputSchema = strictInput({
  synthetic: z.string().min(1).max(4096).optional().describe('a catalog or Hub model, measured with a synthetic GGUF'),
  model: z.string().min(1).max(4096).optional().describe('a GGUF file to measure'),
  precision: z.string().min(1).max(64).optional().describe('with synthetic: the GGUF quantisation (Q8_0, Q4_K_M, ...)'),
  backend: RunnerBackendSchema.optional().describe('cpu, cuda, vulkan or metal; default from the GPUs found'),
  threads: z.int().min(1).max(1024).optional().describe('default: the physical cores, as the plan assumes'),
  gpuLayers: z.int().min(0).max(1024).optional().describe("default: the plan's layers on the GPU"),
  save: z.boolean().default(true),
  ...RunSettingsShape,
});

export const BenchEndpointInputSchema = strictInput({
  url: z.string().min(1).max(2048),
  kind: EndpointKindSchema.optional(),
  endpointModel: z.string().min(1).max(256).optional().describe("the server's model name (Ollama, OpenAI-compatible)"),
  apiKey: z.string().min(1).max(4096).optional(),
  model: z.string().min(1).max(4096).optional().describe('the catalog model the server runs: adds the prediction and saves the record'),
  precision: z.string().min(1).max(64).optional(),
  save: z.boolean().default(true),
  ...RunSettingsShape,
});

export const BenchImportInputSchema = strictInput({
  text: z.string().min(1).max(8_000_000, { message: 'at most 8 MB of llama-bench output' }),
  model: z.string().min(1).max(4096).optional().describe('the model the rows measured, when its parameter count does not name it'),
  precision: z.string().min(1).max(64).optional(),
});

const Spread = z.object({ min: z.number(), max: z.number(), stddev: z.number() });
const PredictedSchema = z.object({
  decodeTokensPerSecond: z.number(),
  prefillTokensPerSecond: z.number(),
  low: z.number(),
  high: z.number(),
  prefillLow: z.number(),
  prefillHigh: z.number(),
  basis: z.string(),
});

/** The bench --json contract: measured against predicted for one scenario on this machine. */
export const BenchResultSchema = z.object({
  model: z.object({ id: z.string(), name: z.string() }),
  precision: z.string(),
  subject: z.string(),
  hardware: z.object({
    label: z.string(),
    fingerprint: z.string(),
    cpu: z.string(),
    cores: z.number(),
    ramBytes: z.number(),
    gpus: z.array(z.string()),
  }),
  measured: z.object({
    decodeTokensPerSecond: z.number(),
    prefillTokensPerSecond: z.number().nullable(),
    decodeSpread: Spread,
    prefillSpread: Spread.nullable(),
    repetitions: z.number(),
    warmupRuns: z.number(),
    promptTokens: z.number(),
    genTokens: z.number(),
    threads: z.number(),
    gpuLayers: z.number(),
    backend: z.string(),
    runtime: z.string(),
    runtimeVersion: z.string(),
  }),
  /** The planner's model for this scenario without this machine's measurements: what the record stores and calibration fits on. */
  predicted: PredictedSchema.nullable(),
  /**
   * What `weightplan estimate` said for this scenario just before the run, calibrated by the measurements of
   * this machine stored until then (null when there were none, or the runtime is not llama.cpp-based): the
   * check that calibration carries over from the models measured to this one.
   */
  calibratedPrediction: PredictedSchema.extend({ measurementsUsed: z.number() }).nullable(),
  /** Predicted over measured: above 1, the planner promised more than the machine gave. */
  ratio: z.object({
    decode: z.number().nullable(),
    prefill: z.number().nullable(),
    calibratedDecode: z.number().nullable(),
    calibratedPrefill: z.number().nullable(),
  }),
  calibration: z.object({
    /** Whether estimates for this machine now use its stored measurements (llama.cpp runtimes). */
    applied: z.boolean(),
    measurementsOnThisMachine: z.number(),
    note: z.string(),
  }),
  record: z.object({ id: z.string(), saved: z.boolean() }).nullable(),
  warnings: z.array(z.string()),
});
export type BenchResult = z.infer<typeof BenchResultSchema>;

function benchHost(ctx: ApiContext): BenchHost {
  if (!ctx.bench) {
    throw new BenchError('not-available', 'this host does not run benchmarks: run `weightplan bench` on the machine to measure');
  }
  return ctx.bench;
}

function backendFor(hardware: HardwareProfile, requested: z.infer<typeof RunnerBackendSchema> | undefined) {
  return requested ?? defaultBackend(hardware.gpus.map((gpu) => gpu.vendor));
}

/** The estimate the planner gives for the bench's own scenario: same model, precision, prompt, context and placement. */
function predictionFor(
  model: OpenModelSpec,
  precision: Precision,
  hardware: HardwareProfile,
  settings: { promptTokens: number; genTokens: number; cpuOnly: boolean },
  calibration?: MachineCalibration,
): Estimate {
  return estimateWithNotes({
    ...(calibration ? { calibration } : {}),
    model,
    precision,
    hardware,
    runtime: 'llama.cpp',
    promptTokens: Math.max(1, settings.promptTokens),
    contextTokens: Math.max(1, settings.promptTokens + settings.genTokens),
    ...(settings.cpuOnly ? { placement: 'cpu' as const } : {}),
    notes: [],
  });
}

/** The bench's scenario as `weightplan estimate` answers it now, with this machine's stored measurements; null without any. */
async function priorCalibrated(
  ctx: ApiContext,
  model: OpenModelSpec,
  precision: Precision,
  hardware: HardwareProfile,
  settings: { promptTokens: number; genTokens: number; cpuOnly: boolean },
): Promise<Estimate | null> {
  const { calibration } = await storedCalibration(hardware, { store: storeOf(ctx) });
  return calibration ? predictionFor(model, precision, hardware, settings, calibration) : null;
}

function predicted(estimate: Estimate | null) {
  const t = estimate?.throughput;
  if (!t) return null;
  return {
    decodeTokensPerSecond: t.decodeTokensPerSecond,
    prefillTokensPerSecond: t.prefillTokensPerSecond,
    low: t.low,
    high: t.high,
    prefillLow: t.prefillLow,
    prefillHigh: t.prefillHigh,
    basis: t.basis,
  };
}

const spread = (rate: RateSummary) => ({ min: rate.min, max: rate.max, stddev: rate.stddev });

interface Outcome {
  model: OpenModelSpec;
  precision: Precision;
  subject: string;
  source: MeasurementDraft['source'];
  runtime: string;
  runtimeVersion: string;
  hardware: HardwareProfile;
  decode: RateSummary;
  prefill: RateSummary | null;
  repetitions: number;
  warmupRuns: number;
  settings: MeasurementDraft['settings'];
  estimate: Estimate | null;
  /** The same scenario calibrated by the measurements stored before this run, when there were any. */
  calibratedEstimate: Estimate | null;
  save: boolean;
  warnings: string[];
}

/**
 * Saves (when asked) and shapes the answer: measured, predicted, their ratio, and what calibration would use.
 * The saved record comes back beside the answer (an import lists what it stored without reading the store again).
 */
async function finish(ctx: ApiContext, outcome: Outcome): Promise<{ result: BenchResult; record: MeasurementRecord | null }> {
  const store = storeOf(ctx);
  const prediction = predicted(outcome.estimate);
  const calibrated = predicted(outcome.calibratedEstimate);
  const measurementsUsed = outcome.calibratedEstimate?.throughput?.calibration?.sampleCount ?? 0;
  let record: MeasurementRecord | null = null;
  if (outcome.save) {
    record = await store.measurements.save(
      {
        hardware: outcome.hardware,
        source: outcome.source,
        runtime: outcome.runtime,
        runtimeVersion: outcome.runtimeVersion,
        subject: outcome.subject,
        model: outcome.model,
        precision: outcome.precision.id,
        settings: outcome.settings,
        measured: {
          decodeTokensPerSecond: outcome.decode,
          prefillTokensPerSecond: outcome.prefill,
          repetitions: outcome.repetitions,
          warmupRuns: outcome.warmupRuns,
        },
        predicted: prediction && outcome.estimate ? { ...prediction, weightsBytes: outcome.estimate.memory.weightsBytes } : null,
      },
      saveMetaOf(ctx),
    );
  }
  const fingerprint = machineFingerprint(outcome.hardware);
  const here = (await store.measurements.list()).filter((m) => m.machineFingerprint === fingerprint).length;
  const ratio = (p: number | undefined, m: number | undefined) => (p !== undefined && m !== undefined && m > 0 ? p / m : null);
  const result: BenchResult = {
    model: { id: outcome.model.id, name: outcome.model.name },
    precision: outcome.precision.id,
    subject: outcome.subject,
    hardware: {
      label: outcome.hardware.label,
      fingerprint,
      cpu: outcome.hardware.cpu.model,
      cores: outcome.hardware.cpu.cores,
      ramBytes: outcome.hardware.memory.totalBytes,
      gpus: outcome.hardware.gpus.map((g) => g.name),
    },
    measured: {
      decodeTokensPerSecond: outcome.decode.median,
      prefillTokensPerSecond: outcome.prefill?.median ?? null,
      decodeSpread: spread(outcome.decode),
      prefillSpread: outcome.prefill ? spread(outcome.prefill) : null,
      repetitions: outcome.repetitions,
      warmupRuns: outcome.warmupRuns,
      promptTokens: outcome.settings.promptTokens,
      genTokens: outcome.settings.genTokens,
      threads: outcome.settings.threads,
      gpuLayers: outcome.settings.gpuLayers,
      backend: outcome.settings.backend,
      runtime: outcome.runtime,
      runtimeVersion: outcome.runtimeVersion,
    },
    predicted: prediction,
    calibratedPrediction: calibrated && measurementsUsed > 0 ? { ...calibrated, measurementsUsed } : null,
    ratio: {
      decode: ratio(prediction?.decodeTokensPerSecond, outcome.decode.median),
      prefill: ratio(prediction?.prefillTokensPerSecond, outcome.prefill?.median),
      calibratedDecode: ratio(calibrated?.decodeTokensPerSecond, outcome.decode.median),
      calibratedPrefill: ratio(calibrated?.prefillTokensPerSecond, outcome.prefill?.median),
    },
    calibration: {
      applied: here > 0,
      measurementsOnThisMachine: here,
      note:
        here > 0
          ? `${here} measurement${here === 1 ? '' : 's'} on this machine: llama.cpp estimates for this machine are calibrated by them`
          : 'no measurements on this machine yet',
    },
    record: record ? { id: record.id, saved: true } : null,
    warnings: outcome.warnings,
  };
  return { result, record };
}

/** Catalog models the synthetic writer can build whose weights at `precision` fit in `availableBytes`, largest first. */
function smallerModels(precision: Precision, availableBytes: number): string[] {
  return modelIndex()
    .index.models.filter((m) => SYNTHETIC_MODEL_TYPES.includes(m.architecture.modelType) && !m.architecture.moe)
    .map((m) => ({ id: m.id, bytes: storedTensors(m.architecture, precision).reduce((s, t) => s + t.bytes, 0) }))
    .filter((m) => m.bytes * 1.2 < availableBytes)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map((m) => m.id);
}

async function runBench(input: z.infer<typeof BenchRunInputSchema>, ctx: ApiContext): Promise<BenchResult> {
  const host = benchHost(ctx);
  if ((input.synthetic === undefined) === (input.model === undefined)) {
    throw new InvalidInputError('give either synthetic (a model id, with precision) or model (a .gguf file), not both and not neither');
  }
  if (input.synthetic !== undefined && input.precision === undefined) {
    throw new InvalidInputError('a synthetic bench needs a precision: a GGUF quantisation such as Q8_0, Q4_K_M or F16');
  }
  const subject = (input.synthetic ?? input.model) as string;
  const notAFile = `--model takes a .gguf file to measure; for a catalog model use --synthetic ${subject} --precision QUANT`;
  if (input.model !== undefined && !/\.gguf$/i.test(input.model)) throw new InvalidInputError(notAFile);
  const resolved = await resolveModelInput(subject, input.synthetic !== undefined ? input.precision : undefined, ctx);
  if (input.model !== undefined && resolved.precision.storage.kind !== 'file') {
    throw new InvalidInputError(notAFile);
  }
  const hardware = await ctx.detectHardware();
  const backend = backendFor(hardware, input.backend);
  const estimate = predictionFor(resolved.model, resolved.precision, hardware, { ...input, cpuOnly: backend === 'cpu' });
  const calibratedEstimate = await priorCalibrated(ctx, resolved.model, resolved.precision, hardware, {
    ...input,
    cpuOnly: backend === 'cpu',
  });
  const settings = {
    promptTokens: input.promptTokens,
    genTokens: input.genTokens,
    repetitions: input.repetitions,
    threads: input.threads ?? hardware.cpu.cores,
    gpuLayers: input.gpuLayers ?? (backend === 'cpu' ? 0 : estimate.placement.gpuLayers),
    flashAttention: false,
    batchTokens: 512,
  };
  let run: Awaited<ReturnType<BenchHost['measureFile']>>;
  if (input.synthetic !== undefined) {
    const cpu = estimate.memory.perDevice.find((d) => d.kind === 'cpu');
    try {
      run = await host.measureSynthetic({
        model: resolved.model,
        precision: resolved.precision,
        backend,
        settings,
        memoryBytes: cpu?.totalBytes ?? 0,
      });
    } catch (error) {
      if (error instanceof BenchError && error.kind === 'no-room') {
        const smaller = smallerModels(resolved.precision, hardware.memory.availableBytes);
        throw new BenchError('no-room', `${error.message}${smaller.length > 0 ? `; try a smaller model: ${smaller.join(', ')}` : ''}`);
      }
      throw error;
    }
  } else {
    run = await host.measureFile({ path: subject, vocabSize: resolved.model.architecture.vocabSize, backend, settings });
  }
  const { result } = await finish(ctx, {
    model: resolved.model,
    precision: resolved.precision,
    subject,
    source: input.synthetic !== undefined ? 'synthetic' : 'file',
    runtime: 'llama.cpp',
    runtimeVersion: run.runtimeVersion,
    hardware,
    decode: run.decodeTokensPerSecond,
    prefill: run.prefillTokensPerSecond,
    repetitions: run.repetitions,
    warmupRuns: run.warmupRuns,
    settings: {
      threads: settings.threads,
      gpuLayers: settings.gpuLayers,
      promptTokens: settings.promptTokens,
      genTokens: settings.genTokens,
      contextTokens: run.contextTokens,
      batchTokens: settings.batchTokens,
      flashAttention: settings.flashAttention,
      backend,
    },
    estimate,
    calibratedEstimate,
    save: input.save,
    warnings: [...resolved.warnings, ...(estimate.warnings ?? [])],
  });
  return result;
}

async function runEndpoint(input: z.infer<typeof BenchEndpointInputSchema>, ctx: ApiContext): Promise<BenchResult> {
  const host = benchHost(ctx);
  const resolved = input.model !== undefined ? await resolveModelInput(input.model, input.precision, ctx) : undefined;
  const measured = await host.measureEndpoint({
    url: input.url,
    kind: input.kind,
    model: input.endpointModel,
    apiKey: input.apiKey,
    promptTokens: input.promptTokens,
    genTokens: input.genTokens,
    repetitions: input.repetitions,
  });
  const hardware = await ctx.detectHardware();
  const estimate = resolved
    ? predictionFor(resolved.model, resolved.precision, hardware, {
        promptTokens: measured.promptTokens,
        genTokens: measured.genTokens,
        cpuOnly: false,
      })
    : null;
  const runtime = measured.kind === 'openai' ? 'openai-compatible' : measured.kind;
  const calibratedEstimate =
    resolved && measured.kind !== 'openai'
      ? await priorCalibrated(ctx, resolved.model, resolved.precision, hardware, {
          promptTokens: measured.promptTokens,
          genTokens: measured.genTokens,
          cpuOnly: false,
        })
      : null;
  const fallbackModel: OpenModelSpec | undefined = resolved?.model;
  const warnings = resolved
    ? [...resolved.warnings]
    : ['no --model given: the server was measured but nothing is predicted or saved (name the catalog model it runs)'];
  const { result } = await finish(ctx, {
    model: fallbackModel ?? placeholderModel(measured.model),
    precision: resolved?.precision ?? getPrecision('F16'),
    subject: `${input.url} (${measured.model})`,
    source: 'endpoint',
    runtime,
    runtimeVersion: measured.runtimeVersion,
    hardware,
    decode: measured.decodeTokensPerSecond,
    prefill: measured.prefillTokensPerSecond,
    repetitions: measured.repetitions,
    warmupRuns: measured.warmupRuns,
    settings: {
      threads: 0,
      gpuLayers: 0,
      promptTokens: measured.promptTokens,
      genTokens: measured.genTokens,
      contextTokens: measured.promptTokens + measured.genTokens,
      flashAttention: false,
      backend: runtime,
    },
    estimate,
    calibratedEstimate,
    save: input.save && resolved !== undefined,
    warnings,
  });
  return resolved ? result : { ...result, model: { id: measured.model, name: measured.model }, precision: input.precision ?? 'unknown' };
}

/** A record needs a model spec; an endpoint measured without --model is shown, never saved, so any catalog entry stands in for the shape. */
function placeholderModel(name: string): OpenModelSpec {
  const first = modelIndex().index.models[0];
  if (!first) throw new Error('the catalog is empty');
  return { ...first, id: 'unknown/endpoint-model', name };
}

const ImportResultSchema = z.object({
  format: z.string(),
  rows: z.number(),
  imported: z.array(MeasurementRecordSchema),
  skipped: z.array(z.object({ row: z.string(), reason: z.string() })),
});

/**
 * llama-bench rows into measurements of this machine: pp and tg rows of the same model, threads and layers
 * pair into one record; the model is the one named, or the catalog model whose exact parameter count the
 * rows report (llama-bench's model_n_params is the GGUF's tensor elements, the catalog's decoder count).
 */
async function importRows(input: z.infer<typeof BenchImportInputSchema>, ctx: ApiContext) {
  const { format, rows } = parseLlamaBench(input.text);
  const hardware = await ctx.detectHardware();
  const named = input.model !== undefined ? await resolveModelInput(input.model, input.precision, ctx) : undefined;
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = [row.modelFilename ?? row.modelType, row.threads, row.gpuLayers, row.backend, row.buildCommit].join('|');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const imported: MeasurementRecord[] = [];
  const skipped: Array<{ row: string; reason: string }> = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const label = `${first.modelType} (${first.threads ?? '?'} threads)`;
    const tg = group.find((r) => r.genTokens > 0 && r.promptTokens === 0 && r.depthTokens === 0);
    const pp = group.find((r) => r.promptTokens > 0 && r.genTokens === 0 && r.depthTokens === 0);
    if (!tg) {
      skipped.push({ row: label, reason: 'no generation (tg) result at depth 0 to import' });
      continue;
    }
    let model = named?.model;
    let precision = named?.precision;
    if (!model) {
      const matches = modelIndex().index.models.filter((m) =>
        first.exact
          ? m.parameterCount - m.multimodalParameterCount === first.parameterCount
          : Math.abs(m.parameterCount - m.multimodalParameterCount - first.parameterCount) <= 0.005e9,
      );
      const family = first.modelType.split(' ')[0] ?? '';
      const narrowed =
        matches.length > 1 ? matches.filter((m) => m.architecture.modelType === family || m.family.startsWith(family)) : matches;
      if (narrowed.length !== 1) {
        skipped.push({
          row: label,
          reason:
            narrowed.length === 0
              ? `no catalog model has ${first.parameterCount.toLocaleString('en-US')} parameters; name it with --model`
              : `${narrowed.length} catalog models match (${narrowed
                  .map((m) => m.id)
                  .slice(0, 3)
                  .join(', ')}); name it with --model`,
        });
        continue;
      }
      model = narrowed[0];
    }
    if (!precision) {
      const name = precisionOfModelType(first.modelType);
      try {
        precision = name ? getPrecision(name) : undefined;
      } catch {
        precision = undefined;
      }
      if (!precision) {
        skipped.push({ row: label, reason: `"${first.modelType}" names no precision Weightplan knows; give --precision` });
        continue;
      }
    }
    if (!model) continue;
    const rate = (r: (typeof rows)[number]): RateSummary => ({
      median: r.tokensPerSecond,
      min: r.samplesTokensPerSecond.length > 0 ? Math.min(...r.samplesTokensPerSecond) : r.tokensPerSecond,
      max: r.samplesTokensPerSecond.length > 0 ? Math.max(...r.samplesTokensPerSecond) : r.tokensPerSecond,
      stddev: r.stddevTokensPerSecond,
      samples: r.samplesTokensPerSecond,
    });
    const estimate = predictionFor(model, precision, hardware, {
      promptTokens: pp?.promptTokens ?? 512,
      genTokens: tg.genTokens,
      cpuOnly: (tg.gpuLayers ?? 0) === 0 || /^cpu$/i.test(tg.backend),
    });
    const { record } = await finish(ctx, {
      model,
      precision,
      subject: first.modelFilename ?? first.modelType,
      source: 'import',
      runtime: 'llama.cpp',
      runtimeVersion: `llama-bench ${first.buildCommit ?? 'unknown build'}`,
      hardware,
      decode: rate(tg),
      prefill: pp ? rate(pp) : null,
      repetitions: Math.max(1, tg.samplesTokensPerSecond.length),
      warmupRuns: 1,
      settings: {
        threads: tg.threads ?? hardware.cpu.cores,
        gpuLayers: /^cpu$/i.test(tg.backend) ? 0 : (tg.gpuLayers ?? 0),
        promptTokens: pp?.promptTokens ?? 0,
        genTokens: tg.genTokens,
        contextTokens: (pp?.promptTokens ?? 0) + tg.genTokens,
        flashAttention: tg.flashAttention ?? false,
        backend: tg.backend,
      },
      estimate,
      // An import stores several records at once; each is compared with the uncalibrated model only.
      calibratedEstimate: null,
      save: true,
      warnings: [],
    });
    if (record) imported.push(record);
  }
  return { format, rows: rows.length, imported, skipped };
}

const ListSchema = z.object({
  fingerprint: z.string(),
  measurements: z.array(MeasurementRecordSchema.extend({ thisMachine: z.boolean() })),
});

/**
 * Measurement procedures. Those that touch the machine (run, endpoint, install) or change the store need the
 * host's bench (`ctx.bench`) and have no REST route: like the desktop's dialogs, they are for the hosts where
 * the user sits at the machine, over tRPC in-process or IPC. Listing is a plain read.
 */
export const benchRouter = router({
  run: publicProcedure
    .input(BenchRunInputSchema)
    .output(BenchResultSchema)
    .mutation(({ input, ctx }) => runBench(input, ctx)),

  endpoint: publicProcedure
    .input(BenchEndpointInputSchema)
    .output(BenchResultSchema)
    .mutation(({ input, ctx }) => runEndpoint(input, ctx)),

  install: publicProcedure
    .input(strictInput({ backend: RunnerBackendSchema.optional() }).optional())
    .output(
      z.object({
        directory: z.string(),
        version: z.string(),
        backend: z.string(),
        packages: z.array(z.string()),
        alreadyInstalled: z.boolean(),
      }),
    )
    .mutation(async ({ input, ctx }) => {
      const host = benchHost(ctx);
      const backend = backendFor(await ctx.detectHardware(), input?.backend);
      const { directory, version, packages, alreadyInstalled } = await host.install(backend);
      return { directory, version, backend, packages, alreadyInstalled };
    }),

  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/bench/measurements', tags: ['bench'], summary: 'Stored measurements, newest first' } })
    .input(strictInput({}).optional())
    .output(ListSchema)
    .query(async ({ ctx }) => {
      const fingerprint = machineFingerprint(await ctx.detectHardware());
      const measurements = await storeOf(ctx).measurements.list();
      return { fingerprint, measurements: measurements.map((m) => ({ ...m, thisMachine: m.machineFingerprint === fingerprint })) };
    }),

  forget: publicProcedure
    .input(
      strictInput({
        id: z
          .string()
          .regex(/^[0-9a-fA-F]{12}$/, 'a measurement id: 12 hex digits, as `bench --list` shows')
          .optional(),
      }),
    )
    .output(z.object({ removed: z.number() }))
    .mutation(async ({ input, ctx }) => {
      benchHost(ctx);
      return { removed: await storeOf(ctx).measurements.forget(input.id) };
    }),

  import: publicProcedure
    .input(BenchImportInputSchema)
    .output(ImportResultSchema)
    .mutation(async ({ input, ctx }) => {
      benchHost(ctx);
      return importRows(input, ctx);
    }),
});
