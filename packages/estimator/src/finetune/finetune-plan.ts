import { formatBytes } from '@weightplan/format';
import { type HardwareProfile, minOf } from '@weightplan/hardware';
import type { OpenModelSpec } from '@weightplan/weights';
import { z } from 'zod';
import {
  FinetuneMemorySchema,
  type FinetuneMethod,
  FinetuneMethodSchema,
  type FinetuneSetup,
  finetuneMemory,
  LoraTargetsSchema,
  OptimizerSchema,
  type Sharding,
  ShardingSchema,
} from './finetune-memory.js';

export const FinetuneRequestSchema = z.object({
  /** Only this method; default: full, LoRA and QLoRA, best first. */
  method: FinetuneMethodSchema.optional(),
  sequenceTokens: z.int().min(16).max(1_048_576).default(2048),
  /** Check this micro-batch only; default: the largest that fits (up to 256). */
  microBatch: z.int().min(1).max(4096).optional(),
  optimizer: OptimizerSchema.default('adamw'),
  loraRank: z.int().min(1).max(4096).default(16),
  loraTargets: LoraTargetsSchema.default('attention-mlp'),
  gradientCheckpointing: z.boolean().default(true),
});

export type FinetuneRequest = z.input<typeof FinetuneRequestSchema>;

export const FinetuneOptionSchema = z.object({
  method: FinetuneMethodSchema,
  fits: z.boolean(),
  sharding: ShardingSchema,
  gpus: z.number(),
  microBatch: z.number(),
  sequenceTokens: z.number(),
  trainableParameters: z.number(),
  memoryPerGpu: FinetuneMemorySchema,
  capacityPerGpuBytes: z.number(),
  /** Training tokens per second over all GPUs, at an assumed 35% of peak bf16 tensor throughput; null on CPU. */
  tokensPerSecond: z.number().nullable(),
  notes: z.array(z.string()),
});

export const FinetunePlanSchema = z.object({
  model: z.object({ id: z.string(), name: z.string(), parameterCount: z.number() }),
  hardware: z.string(),
  options: z.array(FinetuneOptionSchema),
  recommendation: z.object({ method: FinetuneMethodSchema.nullable(), reason: z.string() }),
});

export type FinetuneOption = z.infer<typeof FinetuneOptionSchema>;
export type FinetunePlan = z.infer<typeof FinetunePlanSchema>;

/** Above this share of a GPU's memory a run is tight: allocator fragmentation and a desktop's display take the rest. */
const TIGHT_SHARE = 0.95;
/** Share of peak tensor throughput a well-tuned training run sustains (model FLOPs utilisation): an assumption. */
const ASSUMED_MFU = 0.35;
const METHOD_NAMES: Record<FinetuneMethod, string> = { full: 'full fine-tuning', lora: 'LoRA', qlora: 'QLoRA' };

/**
 * Training FLOPs per token: forward 2 x active parameters, backward 4 x for full fine-tuning (input and
 * weight gradients) but 2 x for LoRA (input gradients only; the adapters are negligible), plus one more
 * forward when activations are recomputed (Kaplan et al. 2020's 6N rule, and its LoRA analogue).
 */
function flopsPerToken(method: FinetuneMethod, activeParameters: number, checkpointing: boolean): number {
  const backward = method === 'full' ? 4 : 2;
  return (2 + backward + (checkpointing ? 2 : 0)) * activeParameters;
}

/**
 * Can this model be fine-tuned on this machine, and how: for each method, the simplest sharding that fits
 * (plain data parallelism, then ZeRO-2, then ZeRO-3/FSDP) and the largest micro-batch at the sequence length.
 */
export function planFinetune(model: OpenModelSpec, hardware: HardwareProfile, requestInput: FinetuneRequest = {}): FinetunePlan {
  const request = FinetuneRequestSchema.parse(requestInput);
  const gpus = hardware.gpus.length * hardware.nodes;
  const capacity = hardware.gpus.length > 0 ? minOf(hardware.gpus.map((gpu) => gpu.usableMemoryBytes)) : hardware.memory.availableBytes;
  const methods: FinetuneMethod[] = request.method ? [request.method] : ['full', 'lora', 'qlora'];
  const shardings: Sharding[] = gpus > 1 ? ['none', 'zero2', 'zero3'] : ['none'];
  const peakTflops = hardware.gpus.length > 0 ? minOf(hardware.gpus.map((gpu) => gpu.bf16TensorTflops ?? gpu.fp16TensorTflops)) : null;

  const options = methods.map((method): FinetuneOption => {
    const base = {
      method,
      optimizer: request.optimizer,
      gpus: Math.max(1, gpus),
      sequenceTokens: request.sequenceTokens,
      gradientCheckpointing: request.gradientCheckpointing,
      loraRank: request.loraRank,
      loraTargets: request.loraTargets,
    };
    const fitsWith = (sharding: Sharding, microBatch: number) =>
      finetuneMemory(model, { ...base, sharding, microBatch } as FinetuneSetup).totalBytes <= capacity;
    let chosen: { sharding: Sharding; microBatch: number } | undefined;
    for (const sharding of shardings) {
      if (request.microBatch !== undefined) {
        if (fitsWith(sharding, request.microBatch)) chosen = { sharding, microBatch: request.microBatch };
      } else if (fitsWith(sharding, 1)) {
        let low = 1;
        let high = 256;
        while (low < high) {
          const middle = Math.ceil((low + high) / 2);
          if (fitsWith(sharding, middle)) low = middle;
          else high = middle - 1;
        }
        chosen = { sharding, microBatch: low };
      }
      if (chosen) break;
    }
    const setup = {
      ...base,
      sharding: chosen?.sharding ?? shardings.at(-1) ?? 'none',
      microBatch: chosen?.microBatch ?? request.microBatch ?? 1,
    } as FinetuneSetup;
    const { trainableParameters, ...memoryPerGpu } = finetuneMemory(model, setup);
    const notes: string[] = [];
    if (hardware.gpus.length === 0)
      notes.push('no GPU: training on the CPU is possible in principle but orders of magnitude too slow to plan on');
    if (method === 'qlora')
      notes.push('4-bit NormalFloat base with LoRA adapters: about LoRA quality at a third of the memory (Dettmers et al. 2023)');
    if (!chosen)
      notes.push(
        `${METHOD_NAMES[method]} needs ${formatBytes(memoryPerGpu.totalBytes)} per GPU at micro-batch ${setup.microBatch}; ${formatBytes(capacity)} available`,
      );
    if (setup.sharding !== 'none')
      notes.push(
        `${setup.sharding === 'zero2' ? 'ZeRO-2 shards gradients and optimizer states' : 'ZeRO-3 / FSDP shards weights, gradients and optimizer states'} over ${setup.gpus} GPUs`,
      );
    const tokensPerSecond =
      peakTflops && hardware.gpus.length > 0
        ? (setup.gpus * peakTflops * 1e12 * ASSUMED_MFU) / flopsPerToken(method, model.activeParameterCount, request.gradientCheckpointing)
        : null;
    return {
      method,
      fits: chosen !== undefined && hardware.gpus.length > 0,
      sharding: setup.sharding,
      gpus: setup.gpus,
      microBatch: setup.microBatch,
      sequenceTokens: setup.sequenceTokens,
      trainableParameters,
      memoryPerGpu,
      capacityPerGpuBytes: capacity,
      tokensPerSecond,
      notes,
    };
  });

  const best = options.find((o) => o.fits);
  const reason = best
    ? `${METHOD_NAMES[best.method]} fits${best.memoryPerGpu.totalBytes > TIGHT_SHARE * best.capacityPerGpuBytes ? ', tightly' : ''}: ${formatBytes(best.memoryPerGpu.totalBytes)} of ${formatBytes(best.capacityPerGpuBytes)} per GPU at micro-batch ${best.microBatch} x ${best.sequenceTokens} tokens${best.sharding === 'none' ? '' : ` with ${best.sharding === 'zero2' ? 'ZeRO-2' : 'ZeRO-3/FSDP'}`}${options[0] && options[0] !== best ? `; ${METHOD_NAMES[options[0].method]} does not` : ''}`
    : hardware.gpus.length === 0
      ? 'no GPU to train on'
      : `nothing fits: even ${METHOD_NAMES[options.at(-1)?.method ?? 'qlora']} needs ${formatBytes(options.at(-1)?.memoryPerGpu.totalBytes ?? 0)} per GPU`;
  return {
    model: { id: model.id, name: model.name, parameterCount: model.parameterCount },
    hardware: hardware.label,
    options,
    recommendation: { method: best?.method ?? null, reason },
  };
}
