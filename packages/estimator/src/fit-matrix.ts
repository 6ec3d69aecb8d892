import type { HardwareProfile } from '@weightplan/hardware';
import { InvalidInputError } from '@weightplan/match';
import { getPrecision, type OpenModelSpec, type Precision } from '@weightplan/weights';
import { z } from 'zod';
import type { MachineCalibration } from './calibration/machine-calibration.js';
import { estimate } from './estimate.js';
import { FitStatusSchema, PlacementTargetSchema } from './estimate-schema.js';
import type { KvCacheType } from './kv-cache.js';
import { qualityProxyScore } from './quality-proxy.js';
import { precisionLadder } from './recommend.js';
import { defaultRuntime, RuntimeSchema } from './runtime.js';
import { USE_CASES } from './use-case.js';

const SIXTEEN_BITS = getPrecision('BF16');

export const FitCellSchema = z.object({
  precision: z.string(),
  /** `unsupported`: no runtime on this machine loads the format, or the estimate was refused (see `note`). */
  fit: z.union([FitStatusSchema, z.literal('unsupported')]),
  target: PlacementTargetSchema.nullable(),
  decodeTokensPerSecond: z.number().nullable(),
  totalBytes: z.number().nullable(),
  note: z.string().nullable(),
  /** Runs here at or above the matrix's speed floor: what a planner can use (a fit below the floor is "too slow"). */
  usable: z.boolean(),
});

export const FitMatrixSchema = z.object({
  contextTokens: z.number(),
  /** Generation speed below which a cell that fits is "too slow" (the chat floor unless asked). */
  minDecodeTokensPerSecond: z.number(),
  precisions: z.array(z.string()),
  /** The runtime each precision column assumes on this machine, in the order of `precisions`. */
  runtimes: z.array(RuntimeSchema),
  rows: z.array(
    z.object({
      modelId: z.string(),
      modelName: z.string(),
      family: z.string(),
      parameterCount: z.number(),
      activeParameterCount: z.number(),
      /** Size-and-recency quality proxy at 16 bits (higher is better): orders rows "best model first". */
      qualityScore: z.number(),
      cells: z.array(FitCellSchema),
    }),
  ),
});

export type FitCell = z.infer<typeof FitCellSchema>;
export type FitMatrix = z.infer<typeof FitMatrixSchema>;

export interface FitMatrixRequest {
  models: readonly OpenModelSpec[];
  hardware: HardwareProfile;
  /** Default: the machine's precision ladder. */
  precisions?: readonly Precision[];
  contextTokens?: number;
  kvCacheType?: KvCacheType;
  /** Default: the chat use case's floor (10 tokens/s, a little faster than people read). */
  minDecodeTokensPerSecond?: number;
  /** This machine's measured factors (fitMachineCalibration), applied to every llama.cpp cell. */
  calibration?: MachineCalibration;
}

function unsupported(precision: Precision, note: string): FitCell {
  return { precision: precision.id, fit: 'unsupported', target: null, decodeTokensPerSecond: null, totalBytes: null, note, usable: false };
}

/**
 * Every model at every precision on one machine: whether it fits (on the GPU, tightly, with offload, or
 * not), where, and how fast it generates. Rows keep the catalog's order; cells the ladder's (best first).
 */
export function fitMatrix(request: FitMatrixRequest): FitMatrix {
  const precisions = request.precisions ?? precisionLadder(request.hardware);
  const contextTokens = request.contextTokens ?? 8192;
  const floor = request.minDecodeTokensPerSecond ?? USE_CASES.chat.minDecodeTokensPerSecond;
  const rows = request.models.map((model) => ({
    modelId: model.id,
    modelName: model.name,
    family: model.family,
    parameterCount: model.parameterCount,
    activeParameterCount: model.activeParameterCount,
    qualityScore: qualityProxyScore(model, SIXTEEN_BITS),
    cells: precisions.map((precision): FitCell => {
      if (model.architecture.maxContextTokens < contextTokens)
        return unsupported(precision, `supports ${model.architecture.maxContextTokens} tokens of context`);
      try {
        const e = estimate({
          model,
          precision,
          hardware: request.hardware,
          contextTokens,
          ...(request.kvCacheType ? { kvCacheType: request.kvCacheType } : {}),
          ...(request.calibration ? { calibration: request.calibration } : {}),
        });
        const decode = e.throughput?.decodeTokensPerSecond ?? null;
        return {
          precision: precision.id,
          fit: e.placement.fit,
          target: e.placement.target,
          decodeTokensPerSecond: decode,
          totalBytes: e.memory.totalBytes,
          note: null,
          usable: e.placement.fit !== 'no-fit' && decode !== null && decode >= floor,
        };
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return unsupported(precision, error.message);
      }
    }),
  }));
  return {
    contextTokens,
    minDecodeTokensPerSecond: floor,
    precisions: precisions.map((p) => p.id),
    runtimes: precisions.map((p) => defaultRuntime(p, request.hardware)),
    rows,
  };
}
