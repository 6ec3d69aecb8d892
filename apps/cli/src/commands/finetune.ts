import type { RouterInputs, RouterOutputs } from '@weightplan/api';
import { formatBytes } from '@weightplan/format';
import type { Caller } from '../caller.js';
import { formatCount, renderTable } from '../format.js';
import type { HardwareInput } from '../hardware-option.js';
import { type CliIo, printJson } from '../io.js';

type FinetunePlan = RouterOutputs['finetune'];

import { parseNumberOption, parseTokens } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

export interface FinetuneOptions {
  model: string;
  method?: string;
  seq?: string;
  batch?: string;
  optimizer?: string;
  loraRank?: string;
  loraTargets?: string;
  checkpointing?: boolean;
  json?: boolean;
}

const gb = formatBytes;

export function renderFinetune(plan: FinetunePlan): string {
  const lines = [`Fine-tuning ${plan.model.name} (${formatCount(plan.model.parameterCount)} parameters) on ${plan.hardware}`, ''];
  lines.push(
    renderTable(
      [
        'method',
        'fits',
        'sharding',
        'micro-batch',
        'trainable',
        'weights',
        'grads + optimizer',
        'activations + logits',
        'per GPU',
        'tokens/s',
      ],
      plan.options.map((o) => [
        o.method,
        o.fits ? 'yes' : 'no',
        o.sharding === 'none' ? (o.gpus > 1 ? 'data parallel' : 'one GPU') : o.sharding === 'zero2' ? 'ZeRO-2' : 'ZeRO-3/FSDP',
        `${o.microBatch} x ${o.sequenceTokens}`,
        formatCount(o.trainableParameters),
        gb(o.memoryPerGpu.weightsBytes),
        gb(o.memoryPerGpu.gradientsBytes + o.memoryPerGpu.optimizerBytes),
        gb(o.memoryPerGpu.activationsBytes + o.memoryPerGpu.logitsBytes),
        `${gb(o.memoryPerGpu.totalBytes)} of ${gb(o.capacityPerGpuBytes)}`,
        o.tokensPerSecond === null ? 'n/a' : o.tokensPerSecond.toFixed(0),
      ]),
    ),
  );
  lines.push('', `${plan.recommendation.method ? 'Recommended' : 'Verdict'}: ${plan.recommendation.reason}`);
  const notes = [...new Set(plan.options.flatMap((o) => o.notes))];
  for (const note of notes) lines.push(`  - ${note}`);
  lines.push('  - tokens/s assumes 35% of the GPUs’ peak bf16 tensor throughput');
  return lines.join('\n');
}

export async function runFinetune(options: FinetuneOptions, hardware: HardwareInput, caller: Caller, io: CliIo): Promise<void> {
  const choice = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
    return value as T;
  };
  const method = choice('--method', options.method, ['full', 'lora', 'qlora'] as const);
  const optimizer = choice('--optimizer', options.optimizer, ['adamw', 'adamw-8bit'] as const);
  const loraTargets = choice('--lora-targets', options.loraTargets, ['attention-mlp', 'all-linear'] as const);
  const sequenceTokens = parseTokens('--seq', options.seq);
  const microBatch = parseNumberOption('--batch', options.batch, { min: 1, max: 4096, integer: true });
  const loraRank = parseNumberOption('--lora-rank', options.loraRank, { min: 1, max: 4096, integer: true });
  const input: RouterInputs['finetune'] = {
    model: options.model,
    hardware,
    ...(method ? { method } : {}),
    ...(optimizer ? { optimizer } : {}),
    ...(loraTargets ? { loraTargets } : {}),
    ...(sequenceTokens !== undefined ? { sequenceTokens } : {}),
    ...(microBatch !== undefined ? { microBatch } : {}),
    ...(loraRank !== undefined ? { loraRank } : {}),
    ...(options.checkpointing === false ? { gradientCheckpointing: false } : {}),
  };
  const plan = await caller.finetune(input);
  if (options.json) printJson(io, plan);
  else io.out(renderFinetune(plan));
}
