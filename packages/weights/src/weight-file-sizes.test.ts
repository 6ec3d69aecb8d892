import { loadWeightFileSizeRows } from '@weightplan/calibration';
import { describe, expect, it } from 'vitest';
import { builtInModels, getPrecision } from './lookup.js';
import { weightsFootprint } from './weight-bytes.js';

// Published file sizes in every format (packages/calibration/data/weight_file_sizes.csv, each row with its URL).
const rows = loadWeightFileSizeRows();

describe('predicted weight bytes against published files of every format', () => {
  it.each(rows.map((row) => [`${row.modelId} ${row.precision} (${row.sourceUrl})`, row] as const))('%s is within 1%', (_label, row) => {
    const model = builtInModels().get(row.modelId);
    // A download holds every tensor the checkpoint stores, MTP layers that inference skips included.
    const predicted = weightsFootprint(model.architecture, getPrecision(row.precision)).checkpointBytes;
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

  it("counts DeepSeek-V3's stored MTP layer in the checkpoint, not in the weights inference loads", () => {
    const arch = builtInModels().get('deepseek-ai/DeepSeek-V3').architecture;
    const bf16 = weightsFootprint(arch, getPrecision('BF16'));
    // The Hub counts 684,531,386,000 parameters in the FP8 release: the 671,026,419,200 of the main model, the
    // 41,540,496 fp32 block scales, and layer 61 as stored. Layer 61 is layer 60's 11,507,286,272 parameters plus
    // eh_proj (7168 x 14336), enorm, hnorm and shared_head.norm (3 x 7168) and its own embedding and head
    // (2 x 129280 x 7168): 13,463,426,304 in all, 2 bytes each in bf16.
    const layer60 = 11_507_286_272;
    const mtpParameters = layer60 + 7168 * 14336 + 3 * 7168 + 2 * 129280 * 7168;
    expect(mtpParameters).toBe(684_531_386_000 - 671_026_419_200 - 41_540_496);
    expect(bf16.totalBytes).toBe(2 * 671_026_419_200);
    expect(bf16.checkpointBytes - bf16.totalBytes).toBe(2 * mtpParameters);
    // FP8: the layer is stored like layer 60 (FP8 with 128 x 128 block scales); what only the module has stays bf16.
    const fp8 = weightsFootprint(arch, getPrecision('FP8'));
    const ownBf16 = 2 * (7168 * 14336 + 3 * 7168 + 2 * 129280 * 7168);
    expect(fp8.checkpointBytes - fp8.totalBytes - ownBf16).toBeGreaterThan(layer60);
    expect(fp8.checkpointBytes - fp8.totalBytes - ownBf16).toBeLessThan(layer60 * 1.01);
    // llama.cpp's converter drops the layer: a GGUF holds only what inference loads.
    const q4 = weightsFootprint(arch, getPrecision('Q4_K_M'));
    expect(q4.checkpointBytes).toBe(q4.totalBytes);
  });
});
