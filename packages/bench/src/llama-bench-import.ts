import { z } from 'zod';
import { BenchError } from './bench-error.js';

/** One llama-bench result row, in units: what every output format of llama-bench carries. */
export interface LlamaBenchRow {
  /** llama.cpp's description of the model: "llama 1B Q8_0", "qwen3 8B Q4_K - Medium". */
  modelType: string;
  modelFilename: string | null;
  /** Tensor bytes (llama_model_size); from the Markdown table only to its rounding (two decimals of GiB). */
  modelBytes: number;
  /** Parameters (llama_model_n_params); the Markdown table rounds them (1.24 B). */
  parameterCount: number;
  /** Whether the two figures above are exact (JSON, JSONL, CSV) or rounded (Markdown). */
  exact: boolean;
  backend: string;
  threads: number | null;
  gpuLayers: number | null;
  /** Prompt tokens processed (pp512: 512), tokens generated (tg128: 128), tokens already in the context (d4096). */
  promptTokens: number;
  genTokens: number;
  depthTokens: number;
  tokensPerSecond: number;
  stddevTokensPerSecond: number;
  samplesTokensPerSecond: number[];
  buildCommit: string | null;
  cpuInfo: string | null;
  gpuInfo: string | null;
  flashAttention: boolean | null;
}

export type LlamaBenchFormat = 'json' | 'jsonl' | 'csv' | 'markdown';

const Num = z.coerce.number().refine(Number.isFinite, 'must be a number');
const Flag = z.union([
  z.boolean(),
  z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true'),
  z.number().transform((v) => v !== 0),
]);

/** The fields of llama-bench's JSON/JSONL/CSV records that are read (test.cpp, `test::get_fields`). */
const RecordSchema = z.object({
  build_commit: z.string().optional(),
  cpu_info: z.string().optional(),
  gpu_info: z.string().optional(),
  backends: z.string().optional(),
  model_filename: z.string().optional(),
  model_type: z.string().min(1),
  model_size: Num,
  model_n_params: Num,
  n_threads: Num.optional(),
  n_gpu_layers: Num.optional(),
  flash_attn: Flag.optional(),
  n_prompt: Num,
  n_gen: Num,
  n_depth: Num.optional(),
  avg_ts: Num,
  stddev_ts: Num.optional(),
  samples_ts: z.union([z.array(Num), z.string()]).optional(),
});

function fromRecord(value: unknown, where: string): LlamaBenchRow {
  const parsed = RecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BenchError(
      'parse',
      `${where}: ${issue?.path.join('.') || 'record'} ${issue?.message ?? 'is invalid'} (expected llama-bench output)`,
    );
  }
  const r = parsed.data;
  const samples = typeof r.samples_ts === 'string' ? parseSampleList(r.samples_ts) : (r.samples_ts ?? []);
  return {
    modelType: r.model_type,
    modelFilename: r.model_filename ?? null,
    modelBytes: r.model_size,
    parameterCount: r.model_n_params,
    exact: true,
    backend: r.backends ?? 'unknown',
    threads: r.n_threads ?? null,
    gpuLayers: r.n_gpu_layers ?? null,
    promptTokens: r.n_prompt,
    genTokens: r.n_gen,
    depthTokens: r.n_depth ?? 0,
    tokensPerSecond: r.avg_ts,
    stddevTokensPerSecond: r.stddev_ts ?? 0,
    samplesTokensPerSecond: samples,
    buildCommit: r.build_commit ?? null,
    cpuInfo: r.cpu_info ?? null,
    gpuInfo: r.gpu_info ?? null,
    flashAttention: r.flash_attn ?? null,
  };
}

/** CSV keeps the sample lists as "[1.0, 2.0]" or "1.0;2.0" depending on the version. */
function parseSampleList(text: string): number[] {
  return text
    .replace(/[[\]]/g, '')
    .split(/[,;\s]+/)
    .filter((x) => x !== '')
    .map(Number)
    .filter(Number.isFinite);
}

/** RFC 4180 fields: quoted with doubled quotes inside, or bare. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

const UNIT: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
const COUNT: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

/** The test column: "pp512", "tg128", "pp512+tg128", each optionally "@ d4096". */
function parseTest(test: string, where: string): { promptTokens: number; genTokens: number; depthTokens: number } {
  const match = /^(?:pp(\d+))?\+?(?:tg(\d+))?(?:\s*@\s*d(\d+))?$/.exec(test.trim());
  if (!match || (match[1] === undefined && match[2] === undefined)) {
    throw new BenchError('parse', `${where}: test "${test}" is not a llama-bench test (pp512, tg128, pp512+tg128)`);
  }
  return { promptTokens: Number(match[1] ?? 0), genTokens: Number(match[2] ?? 0), depthTokens: Number(match[3] ?? 0) };
}

function markdownRows(lines: string[]): LlamaBenchRow[] {
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
  const header = cells(lines[0] ?? '').map((c) => c.toLowerCase());
  const column = (name: string) => header.indexOf(name);
  for (const required of ['model', 'size', 'params', 'test', 't/s']) {
    if (column(required) < 0)
      throw new BenchError('parse', `the Markdown table has no "${required}" column (expected llama-bench's table)`);
  }
  const build = lines.map((l) => /^build:\s*([0-9a-f]+)/.exec(l.trim())?.[1]).find((b) => b !== undefined) ?? null;
  const rows: LlamaBenchRow[] = [];
  for (const [index, line] of lines.entries()) {
    if (index === 0 || !line.trim().startsWith('|') || /^\|[\s\-:|]+\|$/.test(line.trim())) continue;
    const row = cells(line);
    const where = `table row ${index + 1}`;
    const get = (name: string) => (column(name) >= 0 ? row[column(name)] : undefined) ?? '';
    const size = /^([\d.]+)\s*(B|KiB|MiB|GiB|TiB)$/.exec(get('size'));
    const params = /^([\d.]+)\s*([KMBT])$/.exec(get('params'));
    const rate = /^([\d.]+)(?:\s*±\s*([\d.]+))?$/.exec(get('t/s'));
    if (!size || !params || !rate)
      throw new BenchError('parse', `${where}: size, params or t/s is not as llama-bench prints them ("${line.trim().slice(0, 120)}")`);
    const threads = get('threads');
    const ngl = get('ngl');
    const fa = get('fa');
    rows.push({
      modelType: get('model'),
      modelFilename: null,
      modelBytes: Number(size[1]) * (UNIT[size[2] as string] ?? 1),
      parameterCount: Number(params[1]) * (COUNT[params[2] as string] ?? 1),
      exact: false,
      backend: get('backend') || 'unknown',
      threads: threads ? Number(threads) : null,
      gpuLayers: ngl ? Number(ngl) : null,
      ...parseTest(get('test'), where),
      tokensPerSecond: Number(rate[1]),
      stddevTokensPerSecond: Number(rate[2] ?? 0),
      samplesTokensPerSecond: [],
      buildCommit: build,
      cpuInfo: null,
      gpuInfo: null,
      flashAttention: fa ? fa === '1' : null,
    });
  }
  return rows;
}

/** Which of llama-bench's output formats `text` is (-o json, jsonl, csv, md). */
export function detectLlamaBenchFormat(text: string): LlamaBenchFormat {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) return 'jsonl';
  if (trimmed.startsWith('|')) return 'markdown';
  if (/^"?build_commit"?,/.test(trimmed) || /(^|,)"?model_type"?(,|$)/.test(trimmed.split('\n')[0] ?? '')) return 'csv';
  throw new BenchError(
    'parse',
    'the file is not llama-bench output: expected its JSON (-o json), JSONL (-o jsonl), CSV (-o csv) or Markdown table (-o md)',
  );
}

/** Reads llama-bench output in any of its formats; every row, or a one-line error naming the first bad one. */
export function parseLlamaBench(text: string): { format: LlamaBenchFormat; rows: LlamaBenchRow[] } {
  const format = detectLlamaBenchFormat(text);
  let rows: LlamaBenchRow[];
  switch (format) {
    case 'json': {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new BenchError('parse', 'the file starts like llama-bench JSON but is not valid JSON');
      }
      if (!Array.isArray(json)) throw new BenchError('parse', 'llama-bench JSON is an array of results');
      rows = json.map((record, i) => fromRecord(record, `result ${i + 1}`));
      break;
    }
    case 'jsonl':
      rows = text
        .split('\n')
        .map((line, i) => [line.trim(), i] as const)
        .filter(([line]) => line !== '')
        .map(([line, i]) => {
          let json: unknown;
          try {
            json = JSON.parse(line);
          } catch {
            throw new BenchError('parse', `line ${i + 1} is not JSON (llama-bench -o jsonl writes one object per line)`);
          }
          return fromRecord(json, `line ${i + 1}`);
        });
      break;
    case 'csv': {
      const [header, ...body] = csvRows(text);
      rows = body.map((values, i) =>
        fromRecord(Object.fromEntries((header ?? []).map((name, j) => [name, values[j]])), `CSV row ${i + 2}`),
      );
      break;
    }
    case 'markdown':
      rows = markdownRows(text.split('\n').filter((l) => l.trim() !== ''));
      break;
  }
  if (rows.length === 0) throw new BenchError('parse', `the llama-bench ${format} output holds no results`);
  return { format, rows };
}

/**
 * The precision a llama.cpp model type names (llama_model_ftype_name): "Q4_K - Medium" is Q4_K_M, "IQ4_XS -
 * 4.25 bpw" is IQ4_XS, "all F32" is F32; undefined when the type does not end in one.
 */
export function precisionOfModelType(modelType: string): string | undefined {
  const match = /\s(all F32|[A-Z0-9_]+(?: - (?:Small|Medium|Large|[\d.]+ bpw))?)(?: \(guessed\))?$/.exec(modelType.trim());
  if (!match?.[1]) return undefined;
  const name = match[1];
  if (name === 'all F32') return 'F32';
  const sized = /^(\w+) - (Small|Medium|Large)$/.exec(name);
  if (sized) return `${sized[1]}_${(sized[2] as string)[0]}`;
  return name.replace(/ - [\d.]+ bpw$/, '');
}
