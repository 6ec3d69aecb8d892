import { USE_CASES, UseCaseSchema } from '@weightplan/api';
import type { Caller } from '../caller.js';
import { formatBytes, formatCount, formatRate, renderTable } from '../format.js';
import type { HardwareInput } from '../hardware-option.js';
import { type CliIo, printJson, tableWidth } from '../io.js';
import { parseNumberOption, parseTokens } from '../parse-options.js';
import { UsageError } from '../usage-error.js';
import { renderProfile } from './detect.js';

export interface RecommendOptions {
  useCase?: string;
  includeClosed?: boolean;
  maxApiPrice?: string;
  maxTtft?: string;
  users?: string;
  promptTokens?: string;
  context?: string;
  minTps?: string;
  limit?: string;
  commercial?: boolean;
  json?: boolean;
  wide?: boolean;
}

export async function runRecommend(options: RecommendOptions, hardwareInput: HardwareInput, caller: Caller, io: CliIo): Promise<void> {
  const contextTokens = parseTokens('--context', options.context);
  const minDecodeTokensPerSecond = parseNumberOption('--min-tps', options.minTps, { min: 0, max: 100_000 });
  const limit = parseNumberOption('--limit', options.limit, { min: 1, max: 1000, integer: true });
  const useCase = options.useCase === undefined ? undefined : UseCaseSchema.safeParse(options.useCase.toLowerCase());
  if (useCase && !useCase.success)
    throw new UsageError(`--use-case must be one of ${UseCaseSchema.options.join(', ')}, got "${options.useCase}"`);
  const maxTimeToFirstTokenSeconds = parseNumberOption('--max-ttft', options.maxTtft, { min: 0.01, max: 86_400 });
  const concurrency = parseNumberOption('--users', options.users, { min: 1, max: 4096, integer: true });
  const promptTokens = parseTokens('--prompt-tokens', options.promptTokens);
  const maxOutputUsdPerMillion = parseNumberOption('--max-api-price', options.maxApiPrice, { min: 0, max: 10_000 });
  const result = await caller.recommend({
    hardware: hardwareInput,
    ...(useCase?.success ? { useCase: useCase.data } : {}),
    ...(maxTimeToFirstTokenSeconds !== undefined ? { maxTimeToFirstTokenSeconds } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(promptTokens !== undefined ? { promptTokens } : {}),
    ...(contextTokens !== undefined ? { contextTokens } : {}),
    ...(minDecodeTokensPerSecond !== undefined ? { minDecodeTokensPerSecond } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(options.commercial ? { commercialOnly: true } : {}),
    ...(options.includeClosed ? { includeClosed: true } : {}),
    ...(maxOutputUsdPerMillion !== undefined ? { maxOutputUsdPerMillion } : {}),
  });
  const { hardware } = result;
  if (options.json) {
    printJson(io, {
      hardware,
      recommendations: result.recommendations.map(({ estimate, ...rest }) => ({
        ...rest,
        placement: estimate.placement,
        warnings: estimate.warnings,
      })),
      rejected: result.rejected,
    });
    return;
  }
  io.out(renderProfile(hardware, tableWidth(io, options)));
  const c = result.constraints;
  io.out(
    `\nLooking for${c.useCase ? ` ${USE_CASES[c.useCase as keyof typeof USE_CASES].description}:` : ':'} ${c.contextTokens} tokens of context, at least ${c.minDecodeTokensPerSecond} tok/s${c.maxTimeToFirstTokenSeconds !== null ? `, first token within ${c.maxTimeToFirstTokenSeconds} s` : ''}${c.concurrency > 1 ? `, ${c.concurrency} sequences at once` : ''}`,
  );
  io.out('');
  if (result.recommendations.length === 0) {
    io.out('Nothing in the catalog runs here at the requested speed and context. Closest misses:');
  } else {
    io.out(
      renderTable(
        ['#', 'model', 'params', 'precision', 'quality', 'runtime', 'where', 'memory', 'tok/s', 'prompt tok/s'],
        result.recommendations.map((r, index) => [
          index + 1,
          r.modelId,
          r.activeParameterCount !== r.parameterCount
            ? `${formatCount(r.parameterCount)} (${formatCount(r.activeParameterCount)} active)`
            : formatCount(r.parameterCount),
          r.precision,
          qualityCell(r.quality),
          r.runtime,
          r.fit === 'offload' ? `${r.target} (offload)` : r.headroom.tight ? `${r.target} (tight)` : r.target,
          formatBytes(r.memory.totalBytes),
          `${formatRate(r.throughput.decodeTokensPerSecond)} (${formatRate(r.throughput.low)}–${formatRate(r.throughput.high)})`,
          formatRate(r.throughput.prefillTokensPerSecond),
        ]),
        // Too wide for the terminal: prompt speed, runtime, sizes and placement go first; ids shorten last.
        { width: tableWidth(io, options), drop: [9, 5, 2, 6], shrink: 1 },
      ),
    );
    io.out(
      c.qualityBenchmark
        ? `\nQuality: ranked by ${c.qualityBenchmark} where a model has a score (score, date); "proxy" = no ${c.qualityBenchmark} score, size/recency estimate. Sources in --json and below.`
        : `\nQuality: ${c.qualityBenchmarkNote ?? 'no benchmark for this use on file'}; ranked by the size/recency proxy, nudged by general scores.`,
    );
    const best = result.recommendations[0];
    if (best) {
      io.out(`\nWhy #1, ${best.modelName} at ${best.precision}:`);
      for (const reason of best.reasons) io.out(`  - ${reason}`);
    }
  }
  if (options.includeClosed) {
    const alternatives = result.apiAlternatives;
    io.out('\nOr through a closed API (best published quality first; see `weightplan compare` for monthly costs):');
    for (const a of alternatives) {
      const quality = a.quality ? `${a.quality.score} ${a.quality.benchmark}` : 'quality unknown';
      io.out(
        `  - ${a.name} (${a.provider}): $${a.inputPerMillionUsd}/$${a.outputPerMillionUsd} per 1M input/output tokens, ${quality}${a.priceStale ? ', price over 180 days old' : ''}`,
      );
    }
  }
  if (result.rejected.length > 0) {
    io.out('\nTempting, but rejected:');
    for (const r of result.rejected) {
      const where =
        r.precision === '*'
          ? ''
          : r.kind === 'bigger-model'
            ? ` (even at ${r.precision}, the smallest precision tried)`
            : ` at ${r.precision}`;
      io.out(`  - ${r.modelId}${where}: ${r.reason}`);
    }
  }
}

/** The table's quality cell: the use's score and its date, or "proxy" where the size/recency estimate stands in. */
function qualityCell(quality: { basis: string; benchmark: string | null; score: number | null; readOn: string | null }): string {
  if (quality.basis !== 'use-case-benchmark' || quality.score === null) return 'proxy';
  const unit = quality.benchmark === 'lmarena-text' ? '' : '%';
  return `${quality.score}${unit} (${quality.readOn?.slice(0, 7) ?? '?'})`;
}
