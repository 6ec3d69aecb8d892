import { calibrationModelId, loadGgufSizeRows, loadMemoryRows } from '@weightplan/calibration';
import { estimate, estimateKvCache } from '@weightplan/estimator';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision, weightsFootprint } from '@weightplan/weights';

const MiB = 1024 ** 2;

export interface MemoryAccuracy {
  ggufRows: number;
  ggufMaxError: number;
  ggufMedianError: number;
  memoryRows: number;
  kvMaxDifferenceMib: number;
  totalMaxError: number;
  totalMedianError: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** GGUF sizes against published files, and memory against llama.cpp's load-time reports. */
export function memoryAccuracy(): MemoryAccuracy {
  const models = builtInModels();
  const gguf = loadGgufSizeRows().map((row) => {
    const model = models.get(calibrationModelId(row.model));
    const predicted = weightsFootprint(model.architecture, getPrecision(row.quant)).totalBytes;
    return Math.abs(predicted - row.bytes) / row.bytes;
  });
  const memory = loadMemoryRows().map((row) => {
    const model = models.get(calibrationModelId(row.model));
    const kv = estimateKvCache(model.architecture, { contextTokens: row.contextTokens, kvCacheType: 'f16' });
    const e = estimate({
      model,
      precision: getPrecision(row.quant),
      hardware: buildWhatIfProfile({ gpu: row.hardware }),
      contextTokens: row.contextTokens,
      flashAttention: false,
    });
    const gpu = e.memory.perDevice.find((d) => d.kind === 'gpu');
    const total = gpu ? (gpu.weightsBytes + gpu.kvCacheBytes + gpu.activationBytes) / MiB : Number.NaN;
    return { kv: Math.abs(kv.totalBytes / MiB - row.kvCacheMib), total: Math.abs(total - row.totalMib) / row.totalMib };
  });
  return {
    ggufRows: gguf.length,
    ggufMaxError: Math.max(...gguf),
    ggufMedianError: median(gguf),
    memoryRows: memory.length,
    kvMaxDifferenceMib: Math.max(...memory.map((m) => m.kv)),
    totalMaxError: Math.max(...memory.map((m) => m.total)),
    totalMedianError: median(memory.map((m) => m.total)),
  };
}
