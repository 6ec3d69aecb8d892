import { readFileSync, statSync } from 'node:fs';
import type { BenchProgress, BenchResult, RouterOutputs } from '@weightplan/api';
import type { Caller } from '../caller.js';
import { formatRate, renderTable } from '../format.js';
import { type CliIo, printJson } from '../io.js';
import { parseNumberOption } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

export interface BenchOptions {
  synthetic?: string;
  model?: string;
  precision?: string;
  promptTokens?: string;
  genTokens?: string;
  repetitions?: string;
  threads?: string;
  gpuLayers?: string;
  backend?: 'cpu' | 'cuda' | 'vulkan' | 'metal';
  endpoint?: string;
  endpointKind?: 'llama-server' | 'ollama' | 'openai';
  endpointModel?: string;
  save?: boolean;
  list?: boolean;
  forget?: string | boolean;
  json?: boolean;
}

const count = (flag: string, raw: string | undefined, min: number, max: number) =>
  parseNumberOption(flag, raw, { min, max, integer: true });

function settings(options: BenchOptions) {
  const promptTokens = count('--prompt-tokens', options.promptTokens, 0, 32_768);
  const genTokens = count('--gen-tokens', options.genTokens, 1, 4096);
  const repetitions = count('--repetitions', options.repetitions, 1, 50);
  return {
    ...(promptTokens !== undefined ? { promptTokens } : {}),
    ...(genTokens !== undefined ? { genTokens } : {}),
    ...(repetitions !== undefined ? { repetitions } : {}),
    ...(options.save === false ? { save: false } : {}),
  };
}

const ratio = (value: number | null) => (value === null ? '-' : value.toFixed(2));
const plusMinus = (stddev: number | undefined) => (stddev === undefined ? '' : ` ±${formatRate(stddev)}`);

export function renderBenchResult(result: BenchResult, width?: number): string {
  const m = result.measured;
  const p = result.predicted;
  const c = result.calibratedPrediction;
  // The calibrated rows say what `weightplan estimate` answered before this run: whether calibration carried over.
  const calibratedRows = c
    ? [
        [
          `  calibrated by ${c.measurementsUsed}`,
          '',
          formatRate(c.decodeTokensPerSecond),
          `${formatRate(c.low)} - ${formatRate(c.high)}`,
          ratio(result.ratio.calibratedDecode),
        ],
        [
          `  calibrated by ${c.measurementsUsed}`,
          '',
          formatRate(c.prefillTokensPerSecond),
          `${formatRate(c.prefillLow)} - ${formatRate(c.prefillHigh)}`,
          ratio(result.ratio.calibratedPrefill),
        ],
      ]
    : [];
  const lines = [
    `${result.model.name} at ${result.precision} on ${result.hardware.label}`,
    `${m.runtimeVersion}, ${m.threads} threads, ${m.gpuLayers} GPU layers; median of ${m.repetitions} after ${m.warmupRuns} warm-up`,
    renderTable(
      ['tok/s', 'measured', 'predicted', 'band', 'predicted/measured'],
      [
        [
          `generation (${m.genTokens} tokens)`,
          `${formatRate(m.decodeTokensPerSecond)}${plusMinus(m.decodeSpread.stddev)}`,
          p ? formatRate(p.decodeTokensPerSecond) : '-',
          p ? `${formatRate(p.low)} - ${formatRate(p.high)}` : '-',
          ratio(result.ratio.decode),
        ],
        ...calibratedRows.slice(0, 1),
        [
          `prompt (${m.promptTokens} tokens)`,
          m.prefillTokensPerSecond === null ? '-' : `${formatRate(m.prefillTokensPerSecond)}${plusMinus(m.prefillSpread?.stddev)}`,
          p ? formatRate(p.prefillTokensPerSecond) : '-',
          p ? `${formatRate(p.prefillLow)} - ${formatRate(p.prefillHigh)}` : '-',
          ratio(result.ratio.prefill),
        ],
        ...calibratedRows.slice(1),
      ],
      { width, drop: [3] },
    ),
    result.record ? `saved as ${result.record.id}; ${result.calibration.note}` : `not saved; ${result.calibration.note}`,
  ];
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

function renderList(list: RouterOutputs['bench']['list'], width?: number): string {
  if (list.measurements.length === 0) return 'no measurements yet: run `weightplan bench --synthetic MODEL --precision QUANT`';
  return renderTable(
    ['id', 'model', 'precision', 'runtime', 'generation', 'prompt', 'pred/meas', 'date', 'machine'],
    list.measurements.map((m) => [
      m.id,
      m.model.id,
      m.precision,
      m.runtimeVersion,
      formatRate(m.measured.decodeTokensPerSecond.median),
      m.measured.prefillTokensPerSecond ? formatRate(m.measured.prefillTokensPerSecond.median) : '-',
      m.predicted ? (m.predicted.decodeTokensPerSecond / m.measured.decodeTokensPerSecond.median).toFixed(2) : '-',
      m.measuredAt.slice(0, 10),
      m.thisMachine ? 'this one' : m.machineFingerprint,
    ]),
    { width, drop: [8, 3, 6], shrink: 1 },
  );
}

export async function runBench(options: BenchOptions, caller: Caller, io: CliIo): Promise<void> {
  const width = io.columns;
  if (options.list) {
    const list = await caller.bench.list();
    if (options.json) printJson(io, list);
    else io.out(renderList(list, width));
    return;
  }
  if (options.forget !== undefined) {
    const id = typeof options.forget === 'string' ? options.forget : undefined;
    const { removed } = await caller.bench.forget(id ? { id } : {});
    if (id && removed === 0) throw new UsageError(`no measurement "${id}" (see weightplan bench --list)`);
    if (options.json) printJson(io, { removed });
    else io.out(`forgot ${removed} measurement${removed === 1 ? '' : 's'}`);
    return;
  }
  const threads = count('--threads', options.threads, 1, 1024);
  const gpuLayers = count('--gpu-layers', options.gpuLayers, 0, 1024);
  let result: BenchResult;
  if (options.endpoint !== undefined) {
    if (options.synthetic !== undefined)
      throw new UsageError('--endpoint measures a running server: give --model ID to name what it runs, not --synthetic');
    result = await caller.bench.endpoint({
      url: options.endpoint,
      ...(options.endpointKind ? { kind: options.endpointKind } : {}),
      ...(options.endpointModel ? { endpointModel: options.endpointModel } : {}),
      ...(options.model ? { model: options.model } : {}),
      ...(options.precision ? { precision: options.precision } : {}),
      ...(process.env.WEIGHTPLAN_ENDPOINT_API_KEY ? { apiKey: process.env.WEIGHTPLAN_ENDPOINT_API_KEY } : {}),
      ...settings(options),
    });
  } else {
    if (options.synthetic === undefined && options.model === undefined) {
      throw new UsageError(
        'give --synthetic MODEL --precision QUANT, --model PATH.gguf, --endpoint URL, --list or --forget (see weightplan bench --help)',
      );
    }
    result = await caller.bench.run({
      ...(options.synthetic !== undefined ? { synthetic: options.synthetic } : {}),
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.precision ? { precision: options.precision } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(gpuLayers !== undefined ? { gpuLayers } : {}),
      ...settings(options),
    });
  }
  if (options.json) printJson(io, result);
  else io.out(renderBenchResult(result, width));
}

export async function runBenchInstall(
  options: { backend?: BenchOptions['backend']; json?: boolean },
  caller: Caller,
  io: CliIo,
): Promise<void> {
  const installed = await caller.bench.install(options.backend ? { backend: options.backend } : undefined);
  if (options.json) printJson(io, installed);
  else
    io.out(
      `${installed.alreadyInstalled ? 'already installed' : 'installed'}: ${installed.packages.join(', ')} ${installed.version} in ${installed.directory}`,
    );
}

const MAX_IMPORT_BYTES = 8_000_000;

export async function runBenchImport(
  file: string,
  options: { model?: string; precision?: string; json?: boolean },
  caller: Caller,
  io: CliIo,
): Promise<void> {
  let text: string;
  try {
    if (statSync(file).size > MAX_IMPORT_BYTES) throw new UsageError(`${file} is larger than 8 MB: llama-bench output is a few KB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const result = await caller.bench.import({
    text,
    ...(options.model ? { model: options.model } : {}),
    ...(options.precision ? { precision: options.precision } : {}),
  });
  if (options.json) {
    printJson(io, result);
    return;
  }
  io.out(
    `read ${result.rows} llama-bench ${result.format} rows; imported ${result.imported.length} measurement${result.imported.length === 1 ? '' : 's'}`,
  );
  for (const m of result.imported) {
    io.out(`  ${m.id}  ${m.model.id} ${m.precision}: generation ${formatRate(m.measured.decodeTokensPerSecond.median)}`);
  }
  for (const s of result.skipped) io.out(`  skipped ${s.row}: ${s.reason}`);
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal, one line per phase elsewhere (logs, CI), so a
 * first run's install and a slow CPU's repetitions never look like a hang.
 */
export function benchProgressRenderer(io: CliIo, terminal: boolean): (progress: BenchProgress) => void {
  let lastPhase = '';
  const label: Record<BenchProgress['phase'], string> = {
    install: 'installing llama.cpp (node-llama-cpp, first run only)',
    write: 'writing the synthetic GGUF',
    load: 'loading the model',
    'warm-up': 'warming up',
    prompt: 'prompt processing',
    generate: 'generation',
    request: 'requests',
  };
  return (progress) => {
    if (terminal) {
      const share = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
      const filled = Math.round(share * 20);
      process.stderr.write(
        `\r${label[progress.phase].padEnd(56)} [${'#'.repeat(filled)}${' '.repeat(20 - filled)}] ${progress.done}/${progress.total}`,
      );
      if (progress.phase === 'generate' && progress.done === progress.total) process.stderr.write('\n');
    } else if (progress.phase !== lastPhase) {
      io.err(`bench: ${label[progress.phase]}...`);
    }
    lastPhase = progress.phase;
  };
}
