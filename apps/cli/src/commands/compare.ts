import type { RouterInputs, RouterOutputs } from '@weightplan/api';
import type { Caller } from '../caller.js';
import { renderTable } from '../format.js';
import type { HardwareInput } from '../hardware-option.js';
import { type CliIo, printJson } from '../io.js';

type CompareResult = RouterOutputs['compare'];

import { parseNumberOption, parseTokens } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

export interface CompareOptions {
  model?: string[];
  precision?: string;
  tokensPerMonth?: string;
  inputShare?: string;
  cachedShare?: string;
  concurrency?: string;
  context?: string;
  promptTokens?: string;
  minTps?: string;
  onPrem?: boolean;
  hardwarePrice?: string;
  systemPrice?: string;
  electricity?: string;
  amortisationMonths?: string;
  maxUtilisation?: string;
  opsPerMonth?: string;
  cloud?: boolean;
  limit?: string;
  json?: boolean;
}

const SUFFIXES: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** "100M", "1.5B", "250000": tokens per month. */
export function parseVolume(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmbt]?)\s*$/i.exec(raw);
  const value = match?.[1] ? Number(match[1]) * (SUFFIXES[(match[2] ?? '').toLowerCase()] ?? 1) : Number.NaN;
  if (!Number.isFinite(value) || value < 1 || value > 1e15)
    throw new UsageError(`${flag} must be a token count from 1 to 1e15 (e.g. 250M, 1.5B), got "${raw}"`);
  return value;
}

const money = (usd: number) => (usd >= 100 ? `$${Math.round(usd).toLocaleString('en-US')}` : `$${usd.toFixed(2)}`);

function optionLabel(o: CompareResult['options'][number]): string {
  if (o.deployment === 'api') return `${o.modelName} (${o.provider} API)`;
  const count = o.machines && o.machines > 1 ? `${o.machines} x ` : '';
  if (o.deployment === 'owned') return `${o.modelName} on ${count}(${o.hardware})`;
  return `${o.modelName} on ${count}${o.provider} ${o.instanceId?.split('/')[1] ?? ''}`;
}

export function renderCompare(result: CompareResult, limit: number): string {
  const lines: string[] = [];
  const w = result.workload;
  lines.push(
    `Workload: ${(w.inputTokensPerMonth / 1e6).toFixed(0)}M input + ${(w.outputTokensPerMonth / 1e6).toFixed(0)}M output tokens/month, ${w.concurrency} concurrent, ${w.contextTokens} context, at least ${w.minDecodeTokensPerSecond} tokens/s per user${w.onPremOnly ? ', data stays on premises' : ''}`,
  );
  lines.push(
    `Assumptions: ${result.assumptions.amortisationMonths}-month write-off, machines busy at most ${(result.assumptions.maxUtilisation * 100).toFixed(0)}%, electricity $${result.assumptions.electricityUsdPerKwh}/kWh, +${result.assumptions.systemWatts} W per machine`,
  );
  lines.push('');
  lines.push(
    renderTable(
      ['#', 'option', 'precision', 'per month', 'per 1M tok', 'tok/s', 'quality', 'price as of'],
      result.options
        .slice(0, limit)
        .map((o, index) => [
          index + 1,
          optionLabel(o),
          o.precision ?? '',
          money(o.monthlyCost),
          money(o.costPerMillionTokens),
          o.decodeTokensPerSecond === null
            ? 'n/a'
            : `${o.decodeTokensPerSecond.toFixed(0)}${o.meetsLatencyTarget === false ? ' (slow)' : ''}`,
          o.quality ? `${o.quality.score} ${o.quality.benchmark}` : 'unknown',
          o.price ? `${o.price.readOn}${o.price.stale ? ' (stale)' : ''}${o.price.origin === 'user' ? ' (yours)' : ''}` : 'none',
        ]),
    ),
  );
  if (result.options.length > limit) lines.push(`(${result.options.length - limit} more with --limit or --json)`);
  // Per self-hosted option: how many machines and why, and what its precision costs in quality.
  const hosted = result.options.slice(0, limit).filter((o) => o.machinesReason !== null);
  if (hosted.length > 0) {
    lines.push('', 'Machines:');
    for (const o of hosted) {
      const loss = o.quantisation ? `; ${o.quantisation.precision} mean KLD ${o.quantisation.meanKld.toFixed(3)}` : '';
      lines.push(`  - ${optionLabel(o)}: ${o.machinesReason}${loss}`);
      for (const note of o.notes.filter((n) => n.startsWith('not like for like') || n.startsWith('below Q4_K_M')))
        lines.push(`      ${note}`);
    }
  }
  // Where self-hosting starts to pay: the cheapest open option against each API in the table.
  const shown = result.options.slice(0, limit);
  const cheapestOpen = result.options.find((o) => o.kind === 'open');
  const apis = new Set(shown.filter((o) => o.kind === 'closed').map((o) => o.modelId));
  const breakEvens = result.breakEven.filter((b) => b.openOptionId === cheapestOpen?.id && apis.has(b.closedModelId));
  if (breakEvens.length > 0) {
    lines.push('', `Break-even for ${cheapestOpen ? optionLabel(cheapestOpen) : ''}:`);
    for (const b of breakEvens) lines.push(`  - ${b.statement}`);
  }
  if (result.excluded.length > 0) {
    lines.push('', 'Left out:');
    for (const e of result.excluded) lines.push(`  - ${e.modelId} (${e.deployment}): ${e.reason}`);
  }
  const stale = result.options.filter((o) => o.price?.stale).length;
  if (stale > 0)
    lines.push(
      '',
      `${stale} price${stale > 1 ? 's are' : ' is'} over 180 days old: put current ones in prices.json in your config directory.`,
    );
  return lines.join('\n');
}

export async function runCompare(options: CompareOptions, hardware: HardwareInput, caller: Caller, io: CliIo): Promise<void> {
  const total = parseVolume('--tokens-per-month', options.tokensPerMonth) ?? 100e6;
  const inputShare = parseNumberOption('--input-share', options.inputShare, { min: 0, max: 1 }) ?? 0.75;
  const num = (flag: string, raw: string | undefined, min: number, max: number, integer = false) =>
    parseNumberOption(flag, raw, { min, max, integer });
  const input: RouterInputs['compare'] = {
    workload: {
      inputTokensPerMonth: total * inputShare,
      outputTokensPerMonth: total * (1 - inputShare),
      ...(options.cachedShare !== undefined ? { cachedInputShare: num('--cached-share', options.cachedShare, 0, 1) } : {}),
      ...(options.concurrency !== undefined ? { concurrency: num('--concurrency', options.concurrency, 1, 4096, true) } : {}),
      ...(options.context !== undefined ? { contextTokens: parseTokens('--context', options.context) } : {}),
      ...(options.promptTokens !== undefined ? { promptTokens: parseTokens('--prompt-tokens', options.promptTokens) } : {}),
      ...(options.minTps !== undefined ? { minDecodeTokensPerSecond: num('--min-tps', options.minTps, 0, 100_000) } : {}),
      onPremOnly: options.onPrem ?? false,
    },
    assumptions: {
      ...(options.systemPrice !== undefined ? { systemPriceUsd: num('--system-price', options.systemPrice, 0, 1e9) } : {}),
      ...(options.electricity !== undefined ? { electricityUsdPerKwh: num('--electricity', options.electricity, 0, 5) } : {}),
      ...(options.amortisationMonths !== undefined
        ? { amortisationMonths: num('--amortisation-months', options.amortisationMonths, 1, 120) }
        : {}),
      ...(options.maxUtilisation !== undefined ? { maxUtilisation: num('--max-utilisation', options.maxUtilisation, 0.05, 1) } : {}),
      ...(options.opsPerMonth !== undefined ? { opsUsdPerMonth: num('--ops-per-month', options.opsPerMonth, 0, 1e9) } : {}),
    },
    hardware,
    ...(options.model?.length ? { models: options.model } : {}),
    ...(options.precision ? { precision: options.precision } : {}),
    ...(options.hardwarePrice !== undefined ? { hardwarePriceUsd: num('--hardware-price', options.hardwarePrice, 1, 1e9) } : {}),
    includeCloud: options.cloud ?? true,
  };
  const result = await caller.compare(input);
  if (options.json) printJson(io, result);
  else io.out(renderCompare(result, num('--limit', options.limit, 1, 1000, true) ?? 15));
}
