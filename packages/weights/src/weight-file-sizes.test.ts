import { loadWeightFileSizeRows } from '@weightplan/calibration';
import { describe, expect, it } from 'vitest';
import { builtInModels, getPrecision } from './lookup.js';
import { weightsFootprint } from './weight-bytes.js';

// Published file sizes in every format (packages/calibration/data/weight_file_sizes.csv, each row with its URL).
const rows = loadWeightFileSizeRows();

describe('predicted weight bytes against published files of every format', () => {
  it.each(rows.map((row) => [`${row.modelId} ${row.precision} (${row.sourceUrl})`, row] as const))('%s is within 1%', (_label, row) => {
    const model = builtInModels().get(row.modelId);
    const predicted = weightsFootprint(model.architecture, getPrecision(row.precision)).totalBytes;
    // A download carries a few MB of metadata (tokenizer, chat template) on top of the tensors, and a rounded
    // figure carries its rounding: both stay far inside 1%.
    const relativeError = Math.abs(predicted - row.bytes) / row.bytes;
    expect(relativeError, `predicted ${(predicted / 1e9).toFixed(3)} GB, published ${(row.bytes / 1e9).toFixed(3)} GB`).toBeLessThan(0.01);
  });

  it('keeps gpt-oss experts at MXFP4 in every GGUF recipe, as the converter and every published quant do', () => {
    const model = builtInModels().get('openai/gpt-oss-120b');
    const q4 = weightsFootprint(model.architecture, getPrecision('Q4_K_M'));
    const mxfp4Share = q4.byType.find((share) => share.type === 'MXFP4');
    expect(mxfp4Share?.tensors).toBe(36 * 3);
    // Without the rule the experts would fall back to Q5_0 (2880 is not a multiple of 256) and the file would be 88 GB.
    expect(q4.totalBytes / 1e9).toBeLessThan(64);
  });
});
