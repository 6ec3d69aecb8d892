import { calibrationModelId, loadGgufSizeRows } from '@weightplan/calibration';
import { describe, expect, it } from 'vitest';
import { builtInModels, getPrecision } from './lookup.js';
import { weightsFootprint } from './weight-bytes.js';

// Published GGUF sizes (llama.cpp's quantize table and bartowski's download listings).
const rows = loadGgufSizeRows();

describe('predicted GGUF sizes against published files', () => {
  it.each(rows.map((row) => [`${row.model} ${row.quant}`, row] as const))('%s is within 2%', (_label, row) => {
    const model = builtInModels().get(calibrationModelId(row.model));
    const predicted = weightsFootprint(model.architecture, getPrecision(row.quant)).totalBytes;
    // A download listing includes a few MB of metadata (tokenizer) on top of the tensor data.
    const relativeError = Math.abs(predicted - row.bytes) / row.bytes;
    expect(relativeError, `predicted ${(predicted / 1e9).toFixed(3)} GB, published ${(row.bytes / 1e9).toFixed(3)} GB`).toBeLessThan(0.02);
  });
});
