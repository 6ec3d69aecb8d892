import { RuntimeSchema } from '@weightplan/weights';
import { z } from 'zod';
import { KvCacheTypeSchema } from './kv-cache.js';

/** Memory on one device (a GPU, or the CPU with system RAM). */
export const DeviceMemorySchema = z.object({
  device: z.string(),
  kind: z.enum(['gpu', 'cpu']),
  name: z.string(),
  capacityBytes: z.number(),
  weightsBytes: z.number(),
  kvCacheBytes: z.number(),
  activationBytes: z.number(),
  overheadBytes: z.number(),
  totalBytes: z.number(),
  freeBytes: z.number(),
  layers: z.number(),
  /** Speculative decoding: the draft model's (or head's) weights, KV cache and compute buffer on this device. */
  draftBytes: z.number().optional(),
});

/** Speculative decoding as planned: the drafter, its memory, and speed as a function of acceptance. */
export const SpeculativeEstimateSchema = z.object({
  method: z.enum(['draft-model', 'mtp', 'eagle']),
  draftModel: z.object({ id: z.string(), name: z.string(), parameterCount: z.number() }).nullable(),
  draftPrecision: z.string().nullable(),
  /** Repository of a published EAGLE head; null for a draft model or an MTP layer inside the checkpoint. */
  headRepository: z.string().nullable(),
  /** vLLM's `method` and SGLang's `--speculative-algorithm` for this drafter. */
  vllmMethod: z.string(),
  sglangAlgorithm: z.string(),
  /** Tokens drafted per verification (k). */
  draftTokens: z.number(),
  /** Probability the target accepts a drafted token (α), and where the figure comes from. */
  acceptanceRate: z.number(),
  acceptanceSource: z.object({ what: z.string(), url: z.string() }),
  /** The α of the band's low and high ends. */
  lowAcceptanceRate: z.number(),
  highAcceptanceRate: z.number(),
  /** Where the drafter's memory goes; included in that device's totals. */
  memory: z.object({
    device: z.string(),
    weightsBytes: z.number(),
    kvCacheBytes: z.number(),
    activationBytes: z.number(),
    totalBytes: z.number(),
  }),
  /** Null when the plan does not fit. */
  speed: z
    .object({
      /** (1 - α^(k+1)) / (1 - α). */
      expectedTokensPerStep: z.number(),
      draftSecondsPerToken: z.number(),
      /** One target pass over k + 1 tokens. */
      verifySeconds: z.number(),
      /** Generation without the drafter, for comparison. */
      plainDecodeTokensPerSecond: z.number(),
      speedup: z.number(),
      speedupAtLowAcceptance: z.number(),
      speedupAtHighAcceptance: z.number(),
      /** Below this α the drafter slows generation down. */
      breakEvenAcceptanceRate: z.number(),
    })
    .nullable(),
});

export const PlacementTargetSchema = z.enum(['gpu', 'multi-gpu', 'multi-node', 'gpu+cpu', 'moe-offload', 'cpu', 'none']);
export const FitStatusSchema = z.enum(['fits', 'tight', 'offload', 'no-fit']);
export const SplitModeSchema = z.enum(['none', 'layer', 'row', 'tensor', 'tensor+pipeline']);

/** The estimate contract (`estimate --json`, the API's estimate output): field names are relied on by users' scripts. */
export const EstimateSchema = z.object({
  model: z.object({
    id: z.string(),
    name: z.string(),
    parameterCount: z.number(),
    activeParameterCount: z.number(),
    layers: z.number(),
    maxContextTokens: z.number(),
    moe: z.boolean(),
  }),
  precision: z.object({ id: z.string(), label: z.string(), bitsPerWeight: z.number() }),
  hardware: z.object({
    label: z.string(),
    origin: z.string(),
    gpus: z.array(z.object({ name: z.string(), memoryBytes: z.number() })),
    ramBytes: z.number(),
  }),
  runtime: RuntimeSchema,
  scenario: z.object({
    contextTokens: z.number(),
    promptTokens: z.number(),
    /** Tokens already in the cache before the prompt; absent when none. */
    cachedPromptTokens: z.number().optional(),
    concurrency: z.number(),
    kvCacheType: KvCacheTypeSchema,
    flashAttention: z.boolean(),
  }),
  memory: z.object({
    weightsBytes: z.number(),
    kvCacheBytes: z.number(),
    activationBytes: z.number(),
    overheadBytes: z.number(),
    totalBytes: z.number(),
    perDevice: z.array(DeviceMemorySchema),
    kvCacheByLayerKind: z.array(
      z.object({ kind: z.string(), layers: z.number(), tokensPerSequence: z.number().nullable(), bytes: z.number() }),
    ),
    weightsByType: z.array(z.object({ type: z.string(), tensors: z.number(), bytes: z.number() })),
  }),
  placement: z.object({
    target: PlacementTargetSchema,
    fit: FitStatusSchema,
    splitMode: SplitModeSchema,
    tensorParallelSize: z.number(),
    pipelineParallelSize: z.number(),
    gpuLayers: z.number(),
    totalLayers: z.number(),
    cpuMoeLayers: z.number(),
    tensorSplit: z.array(z.number()),
    explanation: z.string(),
    /** Other placements considered (layer offload versus MoE expert offload), with their decode speed. */
    alternatives: z.array(
      z.object({
        target: PlacementTargetSchema,
        fit: FitStatusSchema,
        decodeTokensPerSecond: z.number().nullable(),
        explanation: z.string(),
      }),
    ),
  }),
  throughput: z
    .object({
      decodeTokensPerSecond: z.number(),
      /** Band around decode speed: where the measured value falls on most calibration rows. */
      low: z.number(),
      high: z.number(),
      /** All sequences together at `concurrency`. */
      aggregateDecodeTokensPerSecond: z.number(),
      prefillTokensPerSecond: z.number(),
      prefillLow: z.number(),
      prefillHigh: z.number(),
      timeToFirstTokenSeconds: z.number(),
      bound: z.enum(['memory', 'compute']),
      /** Where a decode step's time goes. */
      decodeBreakdown: z.object({ weightsSeconds: z.number(), kvCacheSeconds: z.number(), overheadSeconds: z.number() }),
      /** Which speed constants were used and how well they are backed by measurements. */
      basis: z.string(),
      confidence: z.enum(['calibrated', 'extrapolated']),
      /** Present when measurements on this machine scaled the speeds (see MachineCalibration). */
      calibration: z
        .object({
          sampleCount: z.number(),
          bandwidthFactor: z.number(),
          prefillFactor: z.number(),
          extraSecondsPerToken: z.number(),
          hardwareLabel: z.string(),
        })
        .optional(),
    })
    .nullable(),
  /** Present when the request asked for speculative decoding; throughput then includes it. */
  speculative: SpeculativeEstimateSchema.optional(),
  warnings: z.array(z.string()),
});

export type Estimate = z.infer<typeof EstimateSchema>;
export type SpeculativeEstimate = z.infer<typeof SpeculativeEstimateSchema>;
export type DeviceMemory = z.infer<typeof DeviceMemorySchema>;
