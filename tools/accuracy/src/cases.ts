import { calibrationModelId, loadThroughputRows, type ThroughputRow } from '@weightplan/calibration';
import type { Backend, EstimateRequest, Runtime } from '@weightplan/estimator';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision } from '@weightplan/weights';
import { cpuRigProfile } from './cpu-rigs.js';

const GiB = 1024 ** 3;

/** One measurement turned into the estimate request that should reproduce it. */
export interface ThroughputCase {
  row: ThroughputRow;
  metric: 'tg' | 'pp';
  measured: number;
  request: EstimateRequest;
  /** Spec id of the measured GPU: leave-one-GPU-out holds out every row of one id. */
  hardwareId: string;
  /** "llama.cpp CUDA, NVIDIA Ampere (GDDR)" style group for the report. */
  group: string;
}

export interface SkippedRow {
  row: ThroughputRow;
  reason: string;
}

const RUNTIMES: Record<string, { runtime: Runtime; backend?: Backend }> = {
  'llama.cpp CUDA': { runtime: 'llama.cpp', backend: 'cuda' },
  'llama.cpp Metal': { runtime: 'llama.cpp', backend: 'metal' },
  'llama.cpp Vulkan': { runtime: 'llama.cpp', backend: 'vulkan' },
  'llama.cpp ROCm': { runtime: 'llama.cpp', backend: 'rocm' },
  'llama.cpp SYCL': { runtime: 'llama.cpp', backend: 'sycl' },
  'llama.cpp CPU': { runtime: 'llama.cpp' },
  vLLM: { runtime: 'vllm', backend: 'cuda' },
};

const PRECISIONS: Record<string, string> = {
  F16: 'F16',
  FP16: 'F16',
  Q4_K_M: 'Q4_K_M',
  Q4_0: 'Q4_0',
  Q5_0: 'Q5_0',
  Q8_0: 'Q8_0',
  Q4_K_S: 'Q4_K_S',
  'AWQ 4-bit': 'AWQ-INT4',
  'GPTQ 4-bit': 'GPTQ-INT4',
  // gpt-oss GGUFs: experts in MXFP4 as released, the rest at Q8_0 (llama.cpp's MXFP4_MOE file type).
  MXFP4_MOE: 'MXFP4_MOE',
};

const GENERATION_LABELS: Record<string, string> = {
  'nvidia-turing': 'NVIDIA Turing',
  'nvidia-ampere': 'NVIDIA Ampere',
  'nvidia-ada': 'NVIDIA Ada',
  'apple-m1': 'Apple M1',
  'apple-m2': 'Apple M2',
  'apple-m3': 'Apple M3',
  'apple-m4': 'Apple M4',
  'nvidia-hopper': 'NVIDIA Hopper',
  'nvidia-blackwell': 'NVIDIA Blackwell',
  'amd-rdna2': 'AMD RDNA 2',
  'amd-rdna3': 'AMD RDNA 3',
  'amd-rdna3.5': 'AMD RDNA 3.5',
  'amd-rdna4': 'AMD RDNA 4',
  'amd-cdna2': 'AMD CDNA 2',
  'amd-cdna3': 'AMD CDNA 3',
  'nvidia-volta': 'NVIDIA Volta',
  'intel-xe-hpg': 'Intel Xe-HPG (Arc A)',
  'intel-xe2': 'Intel Xe2 (Arc B)',
};

const CPU_LABELS: Record<string, string> = {
  zen3: 'Zen 3 (AVX2)',
  zen4: 'Zen 4 (AVX-512 on 256-bit)',
  'apple-m': 'Apple M (NEON)',
};

/**
 * llama.cpp builds before b1875 (2024-01-13, PR #4766 "--split-mode") split each matrix by rows over the
 * GPUs; the October 2023 rows name a commit, not a build number.
 */
export function isRowSplitEra(engineVersion: string): boolean {
  const build = /llama\.cpp b(\d+)/.exec(engineVersion);
  if (build?.[1]) return Number(build[1]) < 1875;
  return /llama\.cpp commit/.test(engineVersion) && /2023/.test(engineVersion);
}

/**
 * Until llama.cpp PR #8075 (merged 2024-06-24) the CUDA backend multiplied quantised weights in prompt
 * processing by converting them to FP16 and calling cuBLAS; afterwards its MMQ kernels read them directly.
 * Builds below b3000 (late May 2024) and the 2023 commits certainly predate it; the few builds between b3000
 * and the merge would be misread as fused, and none are in the data.
 */
export function isCublasPrefillEra(engineVersion: string): boolean {
  const build = /llama\.cpp b(\d+)/.exec(engineVersion);
  if (build?.[1]) return Number(build[1]) < 3000;
  return /llama\.cpp commit/.test(engineVersion) && /2023/.test(engineVersion);
}

/**
 * Every throughput row the estimator can be asked about, as estimate requests. A `tgN` row averages
 * generation while the cache grows from `kv_depth` to `kv_depth + N`; time per token grows linearly with
 * the cache, so the average speed is the speed at the midpoint, which is the context the request asks at.
 * Rows are skipped, with the reason, when the source flags them as broken or when they measure a runtime
 * Weightplan does not model (MLC LLM, ExLlamaV2).
 */
export function throughputCases(rows: ThroughputRow[] = loadThroughputRows()): { cases: ThroughputCase[]; skipped: SkippedRow[] } {
  const cases: ThroughputCase[] = [];
  const skipped: SkippedRow[] = [];
  const models = builtInModels();
  for (const row of rows) {
    if (row.suspect) {
      skipped.push({ row, reason: 'flagged as a broken run by the source (QUALITY_FLAG=suspect)' });
      continue;
    }
    const engine = RUNTIMES[row.backend];
    if (!engine) {
      skipped.push({ row, reason: `runtime "${row.backend}" is not modelled` });
      continue;
    }
    const precisionId = PRECISIONS[row.quant];
    if (!precisionId) {
      skipped.push({ row, reason: `precision "${row.quant}" is not modelled` });
      continue;
    }
    const cpuOnly = row.backend === 'llama.cpp CPU';
    if (cpuOnly && row.threads === null) {
      skipped.push({ row, reason: 'CPU row without a thread count' });
      continue;
    }
    const hardware = cpuOnly
      ? cpuRigProfile(row.hardware, row.threads ?? 1)
      : buildWhatIfProfile({ gpu: row.hardware, gpuCount: row.hardwareCount, ramBytes: 512 * GiB });
    const gpu = hardware.gpus[0];
    const contextTokens = row.metric === 'tg' ? Math.max(1, Math.round(row.kvDepth + row.tokens / 2)) : row.tokens + row.kvDepth;
    const hardwareClass = cpuOnly
      ? (CPU_LABELS[hardware.cpu.microarchitecture ?? ''] ?? 'CPU')
      : (GENERATION_LABELS[gpu?.generation ?? ''] ?? gpu?.generation ?? 'CPU');
    cases.push({
      row,
      metric: row.metric,
      measured: row.tokensPerSecond,
      hardwareId: gpu?.specId ?? row.hardware,
      group: `${row.backend}, ${hardwareClass}${row.hardwareCount > 1 ? ', multi-GPU' : ''}`,
      request: {
        ...(cpuOnly ? { placement: 'cpu' as const } : {}),
        model: models.get(calibrationModelId(row.model)),
        precision: getPrecision(precisionId),
        hardware,
        runtime: engine.runtime,
        ...(engine.backend ? { backend: engine.backend } : {}),
        contextTokens,
        promptTokens: row.metric === 'pp' ? row.tokens : Math.min(512, contextTokens),
        // llama-bench `ppN @ dD`: the prompt follows D tokens already in the cache and attends over them too.
        ...(row.metric === 'pp' && row.kvDepth > 0 ? { cachedPromptTokens: row.kvDepth } : {}),
        // Before January 2024 llama.cpp split every matrix by rows across GPUs; the layer split came later.
        ...(row.hardwareCount > 1 && engine.runtime === 'llama.cpp' && isRowSplitEra(row.engineVersion)
          ? { splitMode: 'row' as const }
          : {}),
        flashAttention: row.flashAttention ?? false,
        ...(row.backend === 'llama.cpp CUDA' && isCublasPrefillEra(row.engineVersion) ? { quantizedMatmul: 'dequantize' as const } : {}),
      },
    });
  }
  return { cases, skipped };
}
