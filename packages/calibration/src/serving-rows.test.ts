import { describe, expect, it } from 'vitest';
import { loadServingRows, parseServingRows } from './load.js';
import { CALIBRATION_MODEL_IDS } from './model-names.js';

const HEADER =
  'source_url,hardware,hardware_count,backend,engine_version,model,quant,input_tokens,output_tokens,concurrency,metric,value,notes';

describe('the serving-engine data (vLLM, SGLang under load)', () => {
  it('parses every row: 30 measurements on six GPUs, two engines, single-stream and batched', () => {
    const rows = loadServingRows();
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((row) => row.hardware)).size).toBe(6);
    expect(new Set(rows.map((row) => row.backend))).toEqual(new Set(['vLLM', 'vLLM ROCm', 'SGLang']));
    expect(rows.filter((row) => row.concurrency === 1)).toHaveLength(6);
    expect(rows.filter((row) => row.metric === 'tpot_ms')).toHaveLength(2);
  });

  it('cites a specific commit of every source', () => {
    for (const row of loadServingRows()) expect(row.sourceUrl, row.notes).toMatch(/\/blob\/[0-9a-f]{40}\//);
  });

  it('maps every model it measured to a catalog id', () => {
    for (const row of loadServingRows()) expect(CALIBRATION_MODEL_IDS[row.model], row.model).toBeDefined();
  });

  it('reads a row by column name', () => {
    const [row] = parseServingRows(
      `${HEADER}\nhttps://example.org/x,NVIDIA L4,1,vLLM,vLLM v0.8.5,Qwen2.5-7B-Instruct,FP16,200,128,16,output_tok_s,254.33,"a, quoted note"\n`,
    );
    expect(row).toMatchObject({ hardware: 'NVIDIA L4', concurrency: 16, inputTokens: 200, outputTokens: 128, value: 254.33 });
    expect(row?.notes).toBe('a, quoted note');
  });

  it('says which row is wrong and why: an unknown engine, a zero concurrency, a metric it does not know', () => {
    const line = (backend: string, concurrency: string, metric: string) =>
      `${HEADER}\nhttps://example.org/x,NVIDIA L4,1,${backend},v1,Qwen2.5-7B-Instruct,FP16,200,128,${concurrency},${metric},254.33,\n`;
    expect(() => parseServingRows(line('TGI', '16', 'output_tok_s'))).toThrow(/serving_throughput\.csv row 2: .*backend/s);
    expect(() => parseServingRows(line('vLLM', '0', 'output_tok_s'))).toThrow(/row 2: .*concurrency/s);
    expect(() => parseServingRows(line('vLLM', '16', 'req_s'))).toThrow(/row 2: .*metric/s);
  });
});
