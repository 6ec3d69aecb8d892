import { describe, expect, it } from 'vitest';
import { parseLlamaBench, precisionOfModelType } from './llama-bench-import.js';

// What llama-bench prints for `-m Llama-3.2-1B-Instruct-Q8_0.gguf -t 2 -p 512 -n 128` in each -o format
// (field list of llama-bench.cpp's test::get_fields; values from a 2-core Zen 4 run).
const record = {
  build_commit: '8cf427ff',
  build_number: 5163,
  cpu_info: 'AMD EPYC 9R14 96-Core Processor',
  gpu_info: '',
  backends: 'CPU',
  model_filename: 'models/Llama-3.2-1B-Instruct-Q8_0.gguf',
  model_type: 'llama 1B Q8_0',
  model_size: 1313251328,
  model_n_params: 1235814400,
  n_batch: 2048,
  n_ubatch: 512,
  n_threads: 2,
  cpu_mask: '0x0',
  cpu_strict: false,
  poll: 50,
  type_k: 'f16',
  type_v: 'f16',
  n_gpu_layers: 99,
  split_mode: 'layer',
  main_gpu: 0,
  no_kv_offload: false,
  flash_attn: false,
  tensor_split: '0.00',
  use_mmap: true,
  embeddings: false,
  n_prompt: 512,
  n_gen: 0,
  n_depth: 0,
  test_time: '2026-11-29T10:00:00Z',
  avg_ns: 5002463000,
  stddev_ns: 20518000,
  avg_ts: 102.35,
  stddev_ts: 0.42,
  samples_ns: [4982463000, 5002463000, 5022463000],
  samples_ts: [102.76, 102.35, 101.94],
};
const tg = { ...record, n_prompt: 0, n_gen: 128, avg_ns: 6768000000, avg_ts: 18.91, stddev_ts: 0.1, samples_ts: [18.8, 18.91, 19.02] };

const markdown = `| model                          |       size |     params | backend    | threads |            test |                  t/s |
| ------------------------------ | ---------: | ---------: | ---------- | ------: | --------------: | -------------------: |
| llama 1B Q8_0                  |   1.22 GiB |     1.24 B | CPU        |       2 |           pp512 |        102.35 ± 0.42 |
| llama 1B Q8_0                  |   1.22 GiB |     1.24 B | CPU        |       2 |           tg128 |         18.91 ± 0.10 |
| qwen3 8B Q4_K - Medium         |   4.68 GiB |     8.19 B | CUDA       |      99 |    pp512 @ d4096 |      3012.55 ± 12.02 |

build: 8cf427ff (5163)
`;

function csv(rows: Array<Record<string, unknown>>): string {
  const names = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => `"${(Array.isArray(v) ? v.join(';') : String(v)).replace(/"/g, '""')}"`;
  return [names.join(','), ...rows.map((r) => names.map((n) => cell(r[n])).join(','))].join('\n');
}

describe('llama-bench import', () => {
  it('reads -o json: exact bytes and parameters, threads, layers, the rate with its spread and samples', () => {
    const { format, rows } = parseLlamaBench(JSON.stringify([record, tg], null, 2));
    expect(format).toBe('json');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      modelType: 'llama 1B Q8_0',
      modelBytes: 1313251328,
      parameterCount: 1235814400,
      exact: true,
      threads: 2,
      gpuLayers: 99,
      promptTokens: 512,
      genTokens: 0,
      tokensPerSecond: 102.35,
      stddevTokensPerSecond: 0.42,
      buildCommit: '8cf427ff',
      cpuInfo: 'AMD EPYC 9R14 96-Core Processor',
    });
    expect(rows[1]?.samplesTokensPerSecond).toEqual([18.8, 18.91, 19.02]);
  });

  it('reads -o jsonl and -o csv to the same rows', () => {
    const json = parseLlamaBench(JSON.stringify([record, tg])).rows;
    expect(parseLlamaBench(`${JSON.stringify(record)}\n${JSON.stringify(tg)}\n`)).toEqual({ format: 'jsonl', rows: json });
    expect(parseLlamaBench(csv([record, tg]))).toEqual({ format: 'csv', rows: json });
  });

  it('reads the Markdown table, with its rounded sizes, the build line, pp+depth tests and the ngl column', () => {
    const { format, rows } = parseLlamaBench(markdown);
    expect(format).toBe('markdown');
    expect(rows.map((r) => [r.promptTokens, r.genTokens, r.depthTokens, r.tokensPerSecond])).toEqual([
      [512, 0, 0, 102.35],
      [0, 128, 0, 18.91],
      [512, 0, 4096, 3012.55],
    ]);
    expect(rows[0]).toMatchObject({
      exact: false,
      parameterCount: 1.24e9,
      threads: 2,
      buildCommit: '8cf427ff',
      stddevTokensPerSecond: 0.42,
    });
    expect(rows[0]?.modelBytes).toBeCloseTo(1.22 * 2 ** 30, 0);
  });

  it('names the precision of a llama.cpp model type', () => {
    expect(precisionOfModelType('llama 1B Q8_0')).toBe('Q8_0');
    expect(precisionOfModelType('qwen3 8B Q4_K - Medium')).toBe('Q4_K_M');
    expect(precisionOfModelType('llama 8B Q3_K - Large')).toBe('Q3_K_L');
    expect(precisionOfModelType('llama 8B IQ4_XS - 4.25 bpw')).toBe('IQ4_XS');
    expect(precisionOfModelType('llama 1B all F32')).toBe('F32');
    expect(precisionOfModelType('llama 1B BF16')).toBe('BF16');
    expect(precisionOfModelType('llama ?B')).toBeUndefined();
  });

  it('refuses other files in one line saying what it expected', () => {
    expect(() => parseLlamaBench('hello')).toThrow(/not llama-bench output: expected its JSON/);
    expect(() => parseLlamaBench('[{"model_type": "llama 1B Q8_0"}]')).toThrow(/result 1: model_size/);
    expect(() => parseLlamaBench('{"a":1}\nnot json')).toThrow(/line 1: model_type|line 2 is not JSON/);
    expect(() => parseLlamaBench('| model | size |\n| --- | --- |')).toThrow(/no "params" column/);
    expect(() => parseLlamaBench('[]')).toThrow(/holds no results/);
  });
});
