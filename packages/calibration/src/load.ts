import { readFileSync } from 'node:fs';
import { parseCsv } from './parse-csv.js';
import {
  type GgufSizeRow,
  GgufSizeRowSchema,
  type MemoryRow,
  MemoryRowSchema,
  type ServingRow,
  ServingRowSchema,
  type ThroughputRow,
  ThroughputRowSchema,
  type WeightFileSizeRow,
  WeightFileSizeRowSchema,
} from './rows.js';

function readCsv(file: string): Array<Record<string, string>> {
  return parseCsv(readFileSync(new URL(`../data/${file}`, import.meta.url), 'utf8'));
}

function parseFlashAttention(value: string): boolean | null {
  if (value.startsWith('1')) return true;
  if (value.startsWith('0')) return false;
  return null;
}

export function loadThroughputRows(): ThroughputRow[] {
  return readCsv('throughput.csv').map((raw, index) => {
    const parsed = ThroughputRowSchema.safeParse({
      sourceUrl: raw.source_url,
      hardware: raw.hardware,
      hardwareCount: raw.hardware_count,
      backend: raw.backend,
      model: raw.model,
      quant: raw.quant,
      tokens: raw.context_or_prompt_len,
      metric: raw.metric,
      tokensPerSecond: raw.tokens_per_s,
      kvDepth: raw.kv_depth,
      flashAttention: parseFlashAttention(raw.flash_attn ?? ''),
      engineVersion: raw.engine_version,
      threads: raw.threads ? raw.threads : null,
      suspect: (raw.notes ?? '').includes('QUALITY_FLAG=suspect'),
      notes: raw.notes,
    });
    if (!parsed.success) throw new Error(`throughput.csv row ${index + 2}: ${parsed.error.message}`);
    return parsed.data;
  });
}

export function loadMemoryRows(): MemoryRow[] {
  return readCsv('memory_llamacpp_reported.csv').map((raw, index) => {
    const parsed = MemoryRowSchema.safeParse({
      sourceUrl: raw.source_url,
      hardware: raw.hardware,
      hardwareCount: raw.hardware_count,
      backend: raw.backend,
      model: raw.model,
      quant: raw.quant,
      contextTokens: raw.n_ctx,
      kvCacheType: raw.kv_cache_type,
      weightsMib: raw.weights_mib,
      kvCacheMib: raw.kv_cache_mib,
      computeBufferMib: raw.compute_buffer_mib,
      totalMib: raw.total_reported_mib,
      notes: raw.notes,
    });
    if (!parsed.success) throw new Error(`memory_llamacpp_reported.csv row ${index + 2}: ${parsed.error.message}`);
    return parsed.data;
  });
}

const SIZE_UNITS: Record<string, number> = { bytes: 1, GB: 1e9, GiB: 1024 ** 3, MB: 1e6, MiB: 1024 ** 2 };

/** "4.92 GB" -> bytes, with the relative rounding error of the printed figure. */
export function parseSize(text: string): { bytes: number; relativeRounding: number; unit: string } {
  const match = /^\s*([\d.]+)\s*(bytes|GB|GiB|MB|MiB)\s*$/.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`unrecognised size "${text}": expected a number and bytes, GB, GiB, MB or MiB`);
  const value = Number(match[1]);
  const decimals = match[1].includes('.') ? (match[1].split('.')[1]?.length ?? 0) : 0;
  const unit = match[2];
  return { bytes: value * (SIZE_UNITS[unit] ?? 1), relativeRounding: unit === 'bytes' ? 0 : (0.5 * 10 ** -decimals) / value, unit };
}

export function loadGgufSizeRows(): GgufSizeRow[] {
  return readCsv('gguf_sizes.csv').map((raw, index) => {
    const size = parseSize(raw.file_size_bytes_or_gb ?? '');
    const parsed = GgufSizeRowSchema.safeParse({
      sourceUrl: raw.source_url,
      model: raw.model,
      quant: raw.quant,
      bytes: size.bytes,
      measures: size.unit === 'GiB' ? 'tensor-data' : 'file',
      relativeRounding: size.relativeRounding,
      notes: raw.notes,
    });
    if (!parsed.success) throw new Error(`gguf_sizes.csv row ${index + 2}: ${parsed.error.message}`);
    return parsed.data;
  });
}

/** Published sizes of weight files in every format (GGUF recipes, MXFP4, AWQ/GPTQ, FP8, NVFP4, MLX). */
export function loadWeightFileSizeRows(): WeightFileSizeRow[] {
  return readCsv('weight_file_sizes.csv').map((raw, index) => {
    const size = parseSize(raw.size ?? '');
    const parsed = WeightFileSizeRowSchema.safeParse({
      sourceUrl: raw.source_url,
      modelId: raw.model_id,
      precision: raw.precision,
      bytes: size.bytes,
      measures: raw.measures,
      relativeRounding: size.relativeRounding,
      notes: raw.notes,
    });
    if (!parsed.success) throw new Error(`weight_file_sizes.csv row ${index + 2}: ${parsed.error.message}`);
    return parsed.data;
  });
}

/** Serving-engine rows from CSV text (columns read by name); the line number and the schema's complaint on a bad row. */
export function parseServingRows(csvText: string, file = 'serving_throughput.csv'): ServingRow[] {
  return parseCsv(csvText).map((raw, index) => {
    const parsed = ServingRowSchema.safeParse({
      sourceUrl: raw.source_url,
      hardware: raw.hardware,
      hardwareCount: raw.hardware_count,
      backend: raw.backend,
      engineVersion: raw.engine_version,
      model: raw.model,
      quant: raw.quant,
      inputTokens: raw.input_tokens,
      outputTokens: raw.output_tokens,
      concurrency: raw.concurrency,
      metric: raw.metric,
      value: raw.value,
      notes: raw.notes,
    });
    if (!parsed.success) throw new Error(`${file} row ${index + 2}: ${parsed.error.message}`);
    return parsed.data;
  });
}

/** vLLM and SGLang under load: single-stream and batched throughput at a stated concurrency. */
export function loadServingRows(): ServingRow[] {
  return parseServingRows(readFileSync(new URL('../data/serving_throughput.csv', import.meta.url), 'utf8'));
}
