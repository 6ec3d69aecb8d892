import { KvCacheTypeSchema, parsePlanUrl, type RouterInputs, type RouterOutputs, RuntimeSchema } from '@weightplan/api';
import type { Caller } from '../caller.js';
import { formatBytes, formatRate, formatSeconds, renderTable } from '../format.js';
import type { HardwareInput } from '../hardware-option.js';
import { type CliIo, printJson } from '../io.js';
import { parseNumberOption, parseTokens } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

type Estimate = RouterOutputs['estimate'];

export interface EstimateOptions {
  model?: string;
  planUrl?: string;
  precision?: string;
  context?: string;
  promptTokens?: string;
  cachedTokens?: string;
  batch?: string;
  runtime?: string;
  kvCacheType?: string;
  flashAttention?: boolean;
  cpuOnly?: boolean;
  gpuMemoryUtilization?: string;
  draft?: string;
  draftPrecision?: string;
  mtp?: boolean;
  eagle?: boolean;
  draftTokens?: string;
  acceptance?: string;
  task?: string;
  json?: boolean;
}

const FIT_WORDS: Record<Estimate['placement']['fit'], string> = {
  fits: 'Fits',
  tight: 'Fits, tightly',
  offload: 'Runs with CPU offload',
  'no-fit': 'Does not fit',
};

export function renderEstimate(e: Estimate): string {
  const lines: string[] = [];
  lines.push(
    `${e.model.name} at ${e.precision.id} (${e.precision.bitsPerWeight.toFixed(2)} bits/weight) on ${e.hardware.label}, ${e.runtime}`,
  );
  lines.push(`${FIT_WORDS[e.placement.fit]}: ${e.placement.explanation}`);
  lines.push('');
  const m = e.memory;
  const kvKinds = m.kvCacheByLayerKind
    .map(
      (k) =>
        `${k.layers} ${k.kind} layer${k.layers > 1 ? 's' : ''}${k.tokensPerSequence === null ? ' (fixed state)' : ` x ${k.tokensPerSequence} tokens`}`,
    )
    .join(', ');
  lines.push(
    renderTable(
      ['memory', 'bytes', 'note'],
      [
        [
          'weights',
          formatBytes(m.weightsBytes),
          m.weightsByType
            .slice(0, 3)
            .map((t) => `${t.type} ${formatBytes(t.bytes)}`)
            .join(', '),
        ],
        [
          'KV cache',
          formatBytes(m.kvCacheBytes),
          `${e.scenario.contextTokens} tokens x ${e.scenario.concurrency} seq, ${e.scenario.kvCacheType}; ${kvKinds}`,
        ],
        ['activations', formatBytes(m.activationBytes), 'compute buffers'],
        ['overhead', formatBytes(m.overheadBytes), 'driver context, runtime'],
        ['total', formatBytes(m.totalBytes), ''],
      ],
    ),
  );
  lines.push(
    renderTable(
      ['device', 'capacity', 'weights', 'KV cache', 'activations', 'overhead', 'total', 'free', 'layers'],
      m.perDevice.map((d) => [
        `${d.device} ${d.name}`,
        formatBytes(d.capacityBytes),
        formatBytes(d.weightsBytes),
        formatBytes(d.kvCacheBytes),
        formatBytes(d.activationBytes),
        formatBytes(d.overheadBytes),
        formatBytes(d.totalBytes),
        formatBytes(d.freeBytes),
        d.layers,
      ]),
    ),
  );
  const t = e.throughput;
  if (t) {
    lines.push('');
    lines.push(
      `Generation: ${formatRate(t.decodeTokensPerSecond)} tok/s (likely ${formatRate(t.low)}–${formatRate(t.high)}) at ${e.scenario.contextTokens} tokens of context${e.scenario.concurrency > 1 ? `, per sequence; ${formatRate(t.aggregateDecodeTokensPerSecond)} tok/s for all ${e.scenario.concurrency}` : ''}; ${t.bound}-bound`,
    );
    lines.push(
      `Prompt processing: ${formatRate(t.prefillTokensPerSecond)} tok/s (${formatRate(t.prefillLow)}–${formatRate(t.prefillHigh)})`,
    );
    const cached = e.scenario.cachedPromptTokens ? ` after ${e.scenario.cachedPromptTokens.toLocaleString('en-US')} cached tokens` : '';
    lines.push(`Time to first token: ${formatSeconds(t.timeToFirstTokenSeconds)} for a ${e.scenario.promptTokens}-token prompt${cached}`);
    lines.push(`Basis: ${t.basis}`);
  }
  const spec = e.speculative;
  if (spec) {
    const drafter = spec.draftModel ? `${spec.draftModel.name} at ${spec.draftPrecision}` : (spec.headRepository ?? 'its MTP layer');
    lines.push('');
    lines.push(
      `Speculative decoding (${spec.method}): ${drafter}, ${formatBytes(spec.memory.totalBytes)} on ${spec.memory.device}; ${spec.draftTokens} token${spec.draftTokens === 1 ? '' : 's'} per draft at acceptance ${spec.acceptanceRate.toFixed(2)} (${spec.acceptanceSource.url || spec.acceptanceSource.what})`,
    );
    if (spec.speed) {
      lines.push(
        `  ${spec.speed.expectedTokensPerStep.toFixed(2)} tokens per verification: ${spec.speed.speedup.toFixed(2)}x plain decoding (${formatRate(spec.speed.plainDecodeTokensPerSecond)} tok/s); ${spec.speed.speedupAtLowAcceptance.toFixed(2)}x at acceptance ${spec.lowAcceptanceRate.toFixed(2)}, ${spec.speed.speedupAtHighAcceptance.toFixed(2)}x at ${spec.highAcceptanceRate.toFixed(2)}; pays off above ${spec.speed.breakEvenAcceptanceRate.toFixed(2)}`,
      );
    }
  }
  for (const warning of e.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

const TASKS = ['chat', 'coding'] as const;

/** The draft part of the estimate input: --draft MODEL, or --mtp / --eagle, with their tuning flags. */
function draftInput(options: EstimateOptions): RouterInputs['estimate']['draft'] {
  const chosen = [options.draft !== undefined && '--draft', options.mtp && '--mtp', options.eagle && '--eagle'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} are alternatives: draft with one of them`);
  const tuning = [
    options.draftPrecision !== undefined && '--draft-precision',
    options.draftTokens !== undefined && '--draft-tokens',
    options.acceptance !== undefined && '--acceptance',
    options.task !== undefined && '--task',
  ].filter(Boolean);
  if (chosen.length === 0) {
    if (tuning.length > 0) throw new UsageError(`${tuning[0]} needs --draft MODEL, --mtp or --eagle`);
    return undefined;
  }
  if (options.draftPrecision !== undefined && options.draft === undefined) {
    throw new UsageError('--draft-precision goes with --draft MODEL; --mtp and --eagle use the heads as published');
  }
  const draftTokens = parseNumberOption('--draft-tokens', options.draftTokens, { min: 1, max: 32, integer: true });
  const acceptanceRate = parseNumberOption('--acceptance', options.acceptance, { min: 0.01, max: 0.99 });
  const task = options.task?.toLowerCase();
  if (task !== undefined && !TASKS.includes(task as (typeof TASKS)[number])) {
    throw new UsageError(`--task must be one of ${TASKS.join(', ')}, got "${options.task}"`);
  }
  return {
    ...(options.draft !== undefined ? { model: options.draft } : { method: options.mtp ? 'mtp' : 'eagle' }),
    ...(options.draftPrecision !== undefined ? { precision: options.draftPrecision } : {}),
    ...(draftTokens !== undefined ? { draftTokens } : {}),
    ...(acceptanceRate !== undefined ? { acceptanceRate } : {}),
    ...(task !== undefined ? { task: task as (typeof TASKS)[number] } : {}),
  };
}

/** The router's estimate input for the command's flags; every flag checked here so that errors name it. */
export function estimateInput(options: EstimateOptions, hardware: HardwareInput, useLinkHardware = false): RouterInputs['estimate'] {
  const runtime = options.runtime === undefined ? undefined : RuntimeSchema.safeParse(options.runtime.toLowerCase());
  if (runtime && !runtime.success)
    throw new UsageError(`--runtime must be one of ${RuntimeSchema.options.join(', ')}, got "${options.runtime}"`);
  const kvCacheType = options.kvCacheType === undefined ? undefined : KvCacheTypeSchema.safeParse(options.kvCacheType.toLowerCase());
  if (kvCacheType && !kvCacheType.success)
    throw new UsageError(`--kv-cache-type must be one of ${KvCacheTypeSchema.options.join(', ')}, got "${options.kvCacheType}"`);
  const contextTokens = parseTokens('--context', options.context);
  const promptTokens = parseTokens('--prompt-tokens', options.promptTokens);
  // 0 is a valid answer here (an empty cache), unlike for the other token counts.
  const cachedPromptTokens = options.cachedTokens?.trim() === '0' ? 0 : parseTokens('--cached-tokens', options.cachedTokens);
  const concurrency = parseNumberOption('--batch', options.batch, { min: 1, max: 65_536, integer: true });
  const gpuMemoryUtilization = parseNumberOption('--gpu-memory-utilization', options.gpuMemoryUtilization, { min: 0.05, max: 1 });
  const draft = draftInput(options);
  // A planner link gives the base; every flag given on the command line overrides its field.
  const link = options.planUrl !== undefined ? parsePlanUrl(options.planUrl).input : undefined;
  const model = options.model ?? link?.model;
  if (model === undefined)
    throw new UsageError(options.planUrl !== undefined ? 'the --plan-url link names no model; add --model' : 'give --model or --plan-url');
  const { model: _linkModel, hardware: linkHardware, ...linkScenario } = link ?? {};
  return {
    ...linkScenario,
    model,
    ...(options.precision !== undefined ? { precision: options.precision } : {}),
    hardware: useLinkHardware && linkHardware ? linkHardware : hardware,
    ...(runtime?.success ? { runtime: runtime.data } : {}),
    ...(kvCacheType?.success ? { kvCacheType: kvCacheType.data } : {}),
    ...(contextTokens !== undefined ? { contextTokens } : {}),
    ...(promptTokens !== undefined ? { promptTokens } : {}),
    ...(cachedPromptTokens !== undefined ? { cachedPromptTokens } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(gpuMemoryUtilization !== undefined ? { gpuMemoryUtilization } : {}),
    ...(options.flashAttention === false ? { flashAttention: false } : {}),
    ...(options.cpuOnly ? { placement: 'cpu' as const } : {}),
    ...(draft ? { draft } : {}),
  };
}

export async function runEstimate(
  options: EstimateOptions,
  hardware: HardwareInput,
  caller: Caller,
  io: CliIo,
  hardwareFlagsGiven = true,
): Promise<void> {
  const input = estimateInput(options, hardware, !hardwareFlagsGiven);
  if (options.json) {
    printJson(io, await caller.estimate(input));
    return;
  }
  // One round trip gives the estimate, its serving capacity and the launch command.
  const { estimate: result, capacity, launch } = await caller.scenario({ ...input, contexts: [input.contextTokens ?? 8192] });
  io.out(renderEstimate(result));
  if (result.placement.fit === 'no-fit') return;
  io.out('');
  io.out(
    capacity.maxSequences > 0
      ? `Serving capacity: up to ${capacity.maxSequences} sequences of ${capacity.contextTokens} tokens at once (${formatBytes(capacity.kvBytesPerSequence)} of KV cache each, ${formatBytes(capacity.kvBudgetBytes)} budget); ${formatRate(capacity.curve.at(-1)?.aggregateTokensPerSecond ?? 0)} tok/s in all at ${capacity.curve.at(-1)?.concurrency}${capacity.kneeConcurrency !== null ? `; doubling stops paying beyond ${capacity.kneeConcurrency}` : ''}`
      : 'Serving capacity: not one more sequence of this context fits beside the weights',
  );
  if (launch.command === null) {
    io.out(`Launch (${launch.runtime}): none, ${launch.unavailable?.reason ?? 'no runtime runs this plan here'}`);
    if (launch.unavailable?.nearestPrecision) io.out(`  - try --precision ${launch.unavailable.nearestPrecision}`);
    return;
  }
  io.out(`Launch (${launch.runtime}): ${launch.command}`);
  for (const note of launch.notes) io.out(`  - ${note}`);
}
