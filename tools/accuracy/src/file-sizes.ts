import { loadWeightFileSizeRows } from '@weightplan/calibration';
import { builtInModels, getPrecision, weightsFootprint } from '@weightplan/weights';

/** One published weight file set against the size its format's recipe predicts. */
export interface FileSizeCheck {
  modelId: string;
  precision: string;
  /** Where the layout is documented: the recipe's storage kind ("gguf", "experts", "linear", "mlx"). */
  storage: string;
  publishedBytes: number;
  predictedBytes: number;
  /** Signed: (predicted - published) / published. */
  relativeError: number;
  sourceUrl: string;
}

/** Every row of `weight_file_sizes.csv` scored against the tensor-by-tensor prediction. */
export function fileSizeChecks(): FileSizeCheck[] {
  const models = builtInModels();
  return loadWeightFileSizeRows().map((row) => {
    const precision = getPrecision(row.precision);
    // Every tensor the checkpoint stores, the MTP layers inference skips included.
    const predicted = weightsFootprint(models.get(row.modelId).architecture, precision).checkpointBytes;
    return {
      modelId: row.modelId,
      precision: precision.id,
      storage: precision.storage.kind,
      publishedBytes: row.bytes,
      predictedBytes: predicted,
      relativeError: (predicted - row.bytes) / row.bytes,
      sourceUrl: row.sourceUrl,
    };
  });
}

const GB = 1e9;

/** Markdown table of the checks: one line per published file, worst error in the caption. */
export function fileSizeTable(checks: FileSizeCheck[]): string[] {
  const worst = Math.max(...checks.map((c) => Math.abs(c.relativeError)));
  const lines = [
    `${checks.length} published files, target within 1%, worst ${(worst * 100).toFixed(2)}%. Download sizes of GGUF files include`,
    'their metadata (tokenizer, chat template: 10–100 MB), so a prediction of tensor data alone sits slightly under them;',
    'safetensors index totals are tensor data only, and count the multi-token-prediction layers a release stores beside the',
    "decoder (DeepSeek-V3's layer 61), which inference without speculative decoding does not load. Not yet checked against a",
    'published byte count: AWQ/GPTQ, compressed-tensors FP8 (per-channel), NVFP4 and MLX 8-bit layouts, and unsloth dynamic',
    '(UD) GGUFs, whose exact sizes come from reading their headers (`inspect`, Hub look-up) rather than from a recipe.',
    '',
    '| model | precision (layout) | published | predicted | error | source |',
    '|---|---|---|---|---|---|',
  ];
  for (const c of checks) {
    lines.push(
      `| ${c.modelId} | ${c.precision} (${c.storage}) | ${(c.publishedBytes / GB).toFixed(3)} GB | ${(c.predictedBytes / GB).toFixed(3)} GB | ${c.relativeError >= 0 ? '+' : ''}${(c.relativeError * 100).toFixed(2)}% | ${c.sourceUrl} |`,
    );
  }
  return lines;
}
