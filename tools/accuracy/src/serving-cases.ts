import { calibrationModelId, loadServingRows, type ServingRow } from '@weightplan/calibration';
import type { Backend, EstimateRequest, Runtime } from '@weightplan/estimator';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision } from '@weightplan/weights';

const GiB = 1024 ** 3;

/** What a serving row measured: `concurrency` requests in flight, each with its prompt and its output. */
export interface ServingSpec {
  concurrency: number;
  inputTokens: number;
  outputTokens: number;
  /** `output_tok_s`: all requests together; `tpot_ms`: one request's time per token after its first, scored as 1/TPOT. */
  metric: ServingRow['metric'];
}

/** One serving measurement as the estimate request that should reproduce it. */
export interface ServingCase {
  row: ServingRow;
  metric: 'serve';
  /** Tokens per second: the aggregate output throughput, or 1000 / TPOT for a `tpot_ms` row. */
  measured: number;
  request: EstimateRequest;
  hardwareId: string;
  group: string;
  serving: ServingSpec;
}

const ENGINES: Record<ServingRow['backend'], { runtime: Runtime; backend: Backend }> = {
  vLLM: { runtime: 'vllm', backend: 'cuda' },
  'vLLM ROCm': { runtime: 'vllm', backend: 'rocm' },
  SGLang: { runtime: 'sglang', backend: 'cuda' },
};

const PRECISIONS: Record<string, string> = { FP16: 'F16', BF16: 'BF16', MXFP4: 'MXFP4', FP8: 'FP8', 'AWQ 4-bit': 'AWQ-INT4' };

/**
 * Serving rows as estimate requests: `concurrency` sequences decoded together, each holding its prompt and
 * half its output on average (the cache grows from the prompt to prompt + output), the prompt timed as one
 * request's prefill. vLLM and SGLang run flash-attention kernels (FlashAttention, FlashInfer, Triton), so the
 * KV cache is read at the flash rate. A precision Weightplan does not model is an error, not a skipped row:
 * serving rows are few and each was chosen to be scored.
 */
export function servingCases(rows: ServingRow[] = loadServingRows()): ServingCase[] {
  const models = builtInModels();
  return rows.map((row) => {
    const engine = ENGINES[row.backend];
    const precisionId = PRECISIONS[row.quant];
    if (!precisionId) throw new Error(`serving row ${row.sourceUrl}: precision "${row.quant}" has no Weightplan precision`);
    const hardware = buildWhatIfProfile({ gpu: row.hardware, gpuCount: row.hardwareCount, ramBytes: 512 * GiB });
    const gpu = hardware.gpus[0];
    const contextTokens = row.inputTokens + Math.round(row.outputTokens / 2);
    return {
      row,
      metric: 'serve' as const,
      measured: row.metric === 'tpot_ms' ? 1000 / row.value : row.value,
      hardwareId: gpu?.specId ?? row.hardware,
      group: `${row.backend}, ${gpu?.name ?? row.hardware}`,
      serving: { concurrency: row.concurrency, inputTokens: row.inputTokens, outputTokens: row.outputTokens, metric: row.metric },
      request: {
        model: models.get(calibrationModelId(row.model)),
        precision: getPrecision(precisionId),
        hardware,
        runtime: engine.runtime,
        backend: engine.backend,
        contextTokens,
        promptTokens: row.inputTokens,
        concurrency: row.concurrency,
        flashAttention: true,
      },
    };
  });
}
