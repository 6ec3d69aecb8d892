import {
  DEFAULT_SPEED_CONSTANTS,
  prepareSpeedProbe,
  probeServingSeconds,
  probeSpeeds,
  type SpeedConstants,
  type SpeedProbe,
  type SpeedTable,
  servingLoad,
} from '@weightplan/estimator';
import type { ThroughputCase } from './cases.js';
import { nelderMead } from './nelder-mead.js';
import type { ServingCase } from './serving-cases.js';

/** A measurement with its constants-independent part prepared once. */
export interface ProbeCase {
  case: ThroughputCase | ServingCase;
  probe: SpeedProbe;
  /** Speed-constant classes of the GPU that ran it, most specific first. */
  classKeys: string[];
}

export function prepareProbes(cases: Array<ThroughputCase | ServingCase>): ProbeCase[] {
  return cases.map((c) => {
    const probe = prepareSpeedProbe(c.request);
    const gpu = probe.placement.assignments.find((a) => a.device.kind === 'gpu') ?? probe.placement.assignments[0];
    return { case: c, probe, classKeys: gpu?.device.classKeys ?? [] };
  });
}

/** Generation measurements: single-stream `tg` rows and serving rows (which also depend on prefill). */
export const isDecodeCase = (p: ProbeCase) => p.case.metric === 'tg' || p.case.metric === 'serve';

export function predictWith(p: ProbeCase, table: SpeedTable): number {
  const c = p.case;
  if (c.metric === 'serve') {
    // The probe decodes `concurrency` sequences per step and times one request's prompt, alone and inside the batch.
    const load = servingLoad({
      ...probeServingSeconds(p.probe, table),
      concurrency: c.serving.concurrency,
      outputTokens: c.serving.outputTokens,
    });
    return c.serving.metric === 'tpot_ms' ? 1 / load.timePerOutputTokenSeconds : load.aggregateOutputTokensPerSecond;
  }
  const speeds = probeSpeeds(p.probe, table, c.metric === 'tg' ? 'decode' : 'prefill');
  return c.metric === 'tg' ? speeds.decodeTokensPerSecond : speeds.prefillTokensPerSecond;
}

/** A fitted quantity: a path into SpeedConstants and the physically sensible range it may take. */
interface Parameter {
  path: string;
  min: number;
  max: number;
  /**
   * Where the search starts when the inherited value sits at a bound (the logistic map is flat there, so
   * the simplex would never leave it).
   */
  start?: number;
}

const DECODE_PARAMETERS: Parameter[] = [
  { path: 'weightBandwidthEfficiency', min: 0.2, max: 1 },
  { path: 'dequantFlopsPerWeight.kquant', min: 0, max: 40 },
  { path: 'dequantFlopsPerWeight.legacy', min: 0, max: 40 },
  { path: 'dequantFlopsPerWeight.f16', min: 0, max: 10 },
  { path: 'decodeSecondsPerLayer', min: 0, max: 1e-3 },
  { path: 'decodeSecondsPerToken', min: 0, max: 20e-3 },
  { path: 'kvBandwidthEfficiency.noFlash', min: 0.05, max: 1 },
  { path: 'syncSecondsPerPeer', min: 0, max: 500e-6 },
];

const PREFILL_PARAMETERS: Parameter[] = [
  { path: 'prefillEfficiency.f16', min: 0.02, max: 1 },
  { path: 'prefillEfficiency.kquant', min: 0.02, max: 1 },
  { path: 'prefillEfficiency.legacy', min: 0.02, max: 1 },
  { path: 'prefillAttentionEfficiency.noFlash', min: 0.005, max: 1 },
  { path: 'prefillAttentionBytesPerScore', min: 0, max: 64 },
  { path: 'prefillFlopsPerWatt', min: 5e10, max: 5e12 },
];

/** A hardware class refines only what its spec sheet can plausibly shift: bandwidth reached and launch cost; prefill scale. */
const CLASS_DECODE_PARAMETERS: Parameter[] = [
  { path: 'weightBandwidthEfficiency', min: 0.2, max: 1 },
  { path: 'decodeSecondsPerLayer', min: 0, max: 1e-3 },
];
/**
 * Sustained prefill throughput per watt differs by generation and memory (process node, clocks under
 * dense tensor load): measured pp512 of Llama 3 8B Q4_K_M works out to 0.17-0.20 TFLOP/s per board watt
 * on every Ampere GDDR card but 0.22-0.31 on Ada, a tighter spread than any share of the peak, so each
 * class fits its own limit. The search starts at 0.3 TFLOP/s/W, inside that range.
 */
const CLASS_PREFILL_PARAMETERS: Parameter[] = [
  { path: '*prefillScale', min: 0.2, max: 3 },
  { path: 'prefillFlopsPerWatt', min: 5e10, max: 5e12, start: 3e11 },
];

/**
 * Attention kernels differ by GPU architecture within one backend (llama.cpp's ROCm flash attention without
 * rocWMMA, Vulkan's cooperative-matrix paths, SYCL on Xe2), and only prompts that follow a deep cache show it:
 * at 16k cached tokens attention outweighs the matrix products, at 512 it is a few percent. A class with at
 * least two such prompts (4096 cached tokens or more) fits its own no-flash attention rate; one without keeps
 * its parent's. Known limit: `finish` derives the flash-attention rate as twice the no-flash one, so deep
 * prompts run with flash attention (every such row so far) do not move it yet; fitting the flash rate itself
 * on those rows is the next step (docs/accuracy.md, leave-one-GPU-out section).
 */
export const DEEP_PROMPT_CACHED_TOKENS = 4096;
export function classPrefillParameters(rows: ProbeCase[]): Parameter[] {
  const deep = rows.filter((c) => c.case.metric === 'pp' && c.case.row.kvDepth >= DEEP_PROMPT_CACHED_TOKENS);
  return deep.length >= 2
    ? [...CLASS_PREFILL_PARAMETERS, { path: 'prefillAttentionEfficiency.noFlash', min: 0.005, max: 1 }]
    : CLASS_PREFILL_PARAMETERS;
}

/** A constant's current value; a per-family entry not set yet starts from the record's default. */
function getPath(constants: SpeedConstants, path: string): number {
  const [head = '', tail] = path.split('.');
  const record = constants as unknown as Record<string, number | Record<string, number>>;
  const value = record[head];
  if (!tail) return typeof value === 'number' ? value : 0;
  if (typeof value !== 'object') return 0;
  return value[tail] ?? value.default ?? 0;
}

function withPath(constants: SpeedConstants, path: string, value: number): SpeedConstants {
  if (path === '*prefillScale') {
    const scaled = Object.fromEntries(Object.entries(constants.prefillEfficiency).map(([k, v]) => [k, Math.min(1, (v ?? 0) * value)]));
    return { ...constants, prefillEfficiency: scaled as SpeedConstants['prefillEfficiency'] };
  }
  const [head, tail] = path.split('.') as [keyof SpeedConstants, string | undefined];
  if (!tail) return { ...constants, [head]: value };
  return { ...constants, [head]: { ...(constants[head] as object), [tail]: value } };
}

// Parameters move in an unbounded space and map into [min, max] through a logistic curve.
const toUnit = (value: number, p: Parameter) => {
  const u = Math.min(0.999, Math.max(0.001, (value - p.min) / (p.max - p.min)));
  return Math.log(u / (1 - u));
};
const fromUnit = (x: number, p: Parameter) => p.min + (p.max - p.min) / (1 + Math.exp(-x));

function meanAbsLogError(cases: ProbeCase[], table: SpeedTable): number {
  let sum = 0;
  for (const c of cases) {
    const predicted = predictWith(c, table);
    sum += Number.isFinite(predicted) && predicted > 0 ? Math.abs(Math.log(predicted / c.case.measured)) : 10;
  }
  return sum / Math.max(1, cases.length);
}

/** Fits `parameters` of `table[key]` to minimise the mean absolute log error on `cases`. */
function fitKey(table: Record<string, SpeedConstants>, key: string, parameters: Parameter[], cases: ProbeCase[]): void {
  const base = table[key];
  if (!base || cases.length === 0) return;
  const startValues = parameters.map((p) => {
    if (p.path === '*prefillScale') return 1;
    const inherited = getPath(base, p.path);
    const margin = 0.01 * (p.max - p.min);
    const atBound = !Number.isFinite(inherited) || inherited <= p.min + margin || inherited >= p.max - margin;
    return atBound && p.start !== undefined ? p.start : inherited;
  });
  const start = parameters.map((p, i) => toUnit(startValues[i] ?? p.min, p));
  const apply = (x: number[]) => parameters.reduce((constants, p, i) => withPath(constants, p.path, fromUnit(x[i] ?? 0, p)), base);
  // A light pull towards the starting point keeps parameters the data cannot see where physics put them.
  const objective = (x: number[]) => {
    table[key] = apply(x);
    const pull = x.reduce((sum, v, i) => sum + (v - (start[i] ?? 0)) ** 2, 0) * 2e-3;
    return meanAbsLogError(cases, table) + pull;
  };
  // Restarting from the best point with a fresh simplex escapes the collapsed simplices Nelder–Mead
  // ends in on an objective built from piecewise models.
  let best = start;
  for (const step of [0.8, 0.4, 0.2]) best = nelderMead(objective, best, { iterations: 120 * parameters.length, step }).x;
  table[key] = apply(best);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * Band half-width b such that 85% of `ratios` (measured / predicted) lie within [1/(1+b), 1+b]: the 85th
 * percentile of |ln ratio|, back on the ratio scale.
 */
export function bandFromRatios(ratios: number[]): number {
  if (ratios.length === 0) return 0.3;
  return Math.max(
    0.05,
    Math.exp(
      quantile(
        ratios.map((r) => Math.abs(Math.log(r))),
        0.85,
      ),
    ) - 1,
  );
}

function bandOf(cases: ProbeCase[], table: SpeedTable): number {
  return bandFromRatios(cases.map((c) => c.case.measured / predictWith(c, table)));
}

/**
 * The CPU class: bandwidth reached (of the DIMMs' peak, and per thread), each format's dot-product work
 * in generation, the fixed costs, and each format's share of the FP32 peak in prompt processing (above 1
 * where llama.cpp's quantised kernels run in int8).
 */
const CPU_DECODE_PARAMETERS: Parameter[] = [
  { path: 'weightBandwidthEfficiency', min: 0.2, max: 1 },
  { path: 'perCoreBandwidthBytesPerSecond', min: 3e9, max: 80e9 },
  { path: 'dequantFlopsPerWeight.q8', min: 0.2, max: 30 },
  { path: 'dequantFlopsPerWeight.legacy', min: 0.2, max: 30 },
  { path: 'dequantFlopsPerWeight.f16', min: 0, max: 10 },
  { path: 'decodeSecondsPerLayer', min: 0, max: 1e-3 },
  { path: 'decodeSecondsPerToken', min: 0, max: 30e-3 },
];
const CPU_PREFILL_PARAMETERS: Parameter[] = [
  { path: 'prefillEfficiency.f16', min: 0.05, max: 3 },
  { path: 'prefillEfficiency.q8', min: 0.05, max: 3 },
  { path: 'prefillEfficiency.legacy', min: 0.05, max: 3 },
];

/**
 * vLLM and SGLang: no prompt-processing rows, but serving rows, whose batched steps turn compute-bound and
 * whose throughput includes every request's prompt, so prefill efficiency is fitted with the generation
 * constants; FP16/BF16, MXFP4 experts and AWQ each have their own dequantisation cost (other formats keep
 * the default); a
 * mixture-of-experts layer has a fixed cost of its own (gpt-oss-20b decodes no faster on a B200 than on an
 * H200: its single-stream step is launch-bound, not bandwidth-bound); the KV cache is
 * read by flash kernels in serving rows and by the 2023 paged-attention kernel in the single-stream rows.
 */
const VLLM_DECODE_PARAMETERS: Parameter[] = [
  { path: 'weightBandwidthEfficiency', min: 0.2, max: 1 },
  { path: 'dequantFlopsPerWeight.f16', min: 0, max: 10 },
  { path: 'dequantFlopsPerWeight.mxfp4', min: 0, max: 40 },
  { path: 'dequantFlopsPerWeight.int4-gpu', min: 0, max: 40 },
  { path: 'decodeSecondsPerLayer', min: 0, max: 1e-3 },
  { path: 'decodeSecondsPerToken', min: 0, max: 20e-3 },
  { path: 'decodeSecondsPerMoeLayer', min: 0, max: 1e-3, start: 50e-6 },
  { path: 'kvBandwidthEfficiency.noFlash', min: 0.05, max: 1 },
  { path: 'kvBandwidthEfficiency.flash', min: 0.05, max: 1 },
  { path: 'syncSecondsPerPeer', min: 0, max: 500e-6 },
  { path: 'prefillEfficiency.f16', min: 0.02, max: 1 },
  { path: 'prefillEfficiency.mxfp4', min: 0.02, max: 1 },
];

/**
 * What a vLLM class (one GPU generation, or one vendor) refines on its own rows: its launch cost and the
 * dequantisation cost of packed formats, and its bandwidth share only when its rows include 16-bit weights,
 * where nothing else is read. A class measured on one packed format alone (gpt-oss MXFP4 on a B200 or an
 * MI300X) cannot tell slow bandwidth from slow unpacking, and a dense BF16 model on that GPU would inherit
 * the wrong one.
 */
function vllmClassParameters(rows: ProbeCase[]): Parameter[] {
  const families = [...new Set(rows.map((r) => r.probe.speed.family))].sort();
  return [
    ...(families.includes('f16') ? [{ path: 'weightBandwidthEfficiency', min: 0.2, max: 1 }] : []),
    { path: 'decodeSecondsPerLayer', min: 0, max: 1e-3 },
    // Each packed format it was measured on, and no other: an FP8 model must not inherit MXFP4's unpacking.
    ...families.filter((f) => f !== 'f16' && f !== 'f32').map((f) => ({ path: `dequantFlopsPerWeight.${f}`, min: 0, max: 40 })),
  ];
}

/** Engine/backend keys the calibration data can fit, with the backend default each starts from. */
interface EngineKey {
  key: string;
  /** A default backend ("cuda") or an engine fitted earlier in this list ("vllm/cuda"). */
  from: string;
  label: string;
  /** Parameters of its own instead of the GPU ones; no per-generation subclasses. */
  parameters?: { decode: Parameter[]; prefill: Parameter[] };
  /** Generation parameters of its own when it has several GPUs; subclasses are still fitted. */
  decodeParameters?: Parameter[];
  /** Its rows fit the flash-attention KV rate themselves (instead of deriving it from the weight rate). */
  fitsFlashKv?: boolean;
  /** With no rows (its only GPU left out), it takes the constants of `from`, marked extrapolated. */
  seedWhenEmpty?: boolean;
  /** What its classes (and the engine itself, on one GPU) refine, given their rows; default CLASS_DECODE_PARAMETERS. */
  classDecodeParameters?: (rows: ProbeCase[]) => Parameter[];
}

const ENGINE_KEYS: EngineKey[] = [
  { key: 'llama.cpp/cuda', from: 'cuda', label: 'NVIDIA, llama.cpp CUDA' },
  { key: 'llama.cpp/metal', from: 'metal', label: 'Apple Silicon, llama.cpp Metal' },
  { key: 'llama.cpp/vulkan', from: 'cuda', label: 'llama.cpp Vulkan' },
  // HIP is the CUDA code compiled for AMD: it starts from the CUDA defaults, as Vulkan does.
  { key: 'llama.cpp/rocm', from: 'cuda', label: 'AMD, llama.cpp ROCm' },
  // SYCL is Intel's oneAPI port of the same kernels; like Vulkan it starts from the CUDA defaults.
  { key: 'llama.cpp/sycl', from: 'cuda', label: 'Intel, llama.cpp SYCL' },
  {
    key: 'vllm/cuda',
    from: 'cuda',
    label: 'NVIDIA, vLLM',
    decodeParameters: VLLM_DECODE_PARAMETERS,
    fitsFlashKv: true,
    classDecodeParameters: vllmClassParameters,
  },
  // ROCm vLLM starts from the CUDA fit: the same engine, scheduler and paged KV cache on other kernels.
  {
    key: 'vllm/rocm',
    from: 'vllm/cuda',
    label: 'AMD, vLLM ROCm',
    fitsFlashKv: true,
    seedWhenEmpty: true,
    classDecodeParameters: vllmClassParameters,
  },
  {
    key: 'llama.cpp/cpu',
    from: 'cpu',
    label: 'CPU, llama.cpp',
    parameters: { decode: CPU_DECODE_PARAMETERS, prefill: CPU_PREFILL_PARAMETERS },
  },
];

function describeEvidence(cases: ProbeCase[]): string {
  const gpus = [...new Set(cases.map((c) => c.case.row.hardware.replace(/\s*\(.*\)$/, '')))];
  const versions = [...new Set(cases.map((c) => c.case.row.engineVersion.split(' (')[0] ?? ''))].sort();
  return `${cases.length} measurements on ${gpus.join(', ')}; ${versions[0]}${versions.length > 1 ? ` to ${versions[versions.length - 1]}` : ''}`;
}

function classLabel(key: string, engineLabel: string): string {
  const [, generation = '', memory = ''] = key.split(':');
  const name = generation === '*' ? 'all generations' : generation.replace(/^[a-z]+-/, '').replace(/^\w/, (c) => c.toUpperCase());
  return `${engineLabel}, ${name} (${memory.toUpperCase()})`;
}

/**
 * The engine keys that predict `cases` (those among their class keys), with every engine each starts from:
 * fitting only these gives the same constants for these rows as fitting everything.
 */
export function enginesFor(cases: ProbeCase[]): Set<string> {
  const keys = new Set<string>();
  for (const engine of ENGINE_KEYS) if (cases.some((c) => c.classKeys.includes(engine.key))) keys.add(engine.key);
  for (let grew = true; grew; ) {
    grew = false;
    for (const engine of ENGINE_KEYS)
      if (keys.has(engine.key) && ENGINE_KEYS.some((e) => e.key === engine.from) && !keys.has(engine.from)) {
        keys.add(engine.from);
        grew = true;
      }
  }
  return keys;
}

/**
 * Fits speed constants on `cases` (`only`: just these engine keys). Each engine/backend is fitted on all its rows (decode constants on
 * `tg` rows, then prefill constants on `pp` rows) when at least two GPUs back it, else only the few
 * constants a class may shift. Then each memory family across generations ("*:hbm") and each
 * generation x memory class refine bandwidth efficiency, launch overhead and a prefill scale on their own
 * rows. Whatever has no rows keeps the defaults and stays "extrapolated".
 */
export function fitSpeedTable(cases: ProbeCase[], only?: ReadonlySet<string>): Record<string, SpeedConstants> {
  const table: Record<string, SpeedConstants> = { ...DEFAULT_SPEED_CONSTANTS };
  for (const engine of ENGINE_KEYS) {
    if (only && !only.has(engine.key)) continue;
    const mine = cases.filter((c) => c.classKeys.includes(engine.key));
    const base = table[engine.from];
    if (mine.length === 0) {
      if (engine.seedWhenEmpty && base)
        table[engine.key] = {
          ...base,
          label: `${engine.label} (no measurements: ${base.label} constants)`,
          basis: 'extrapolated',
          measuredHardware: [],
        };
      continue;
    }
    if (!base) continue;
    table[engine.key] = { ...base, label: engine.label };
    const enoughHardware = new Set(mine.map((c) => c.case.hardwareId)).size >= 2;
    fitKey(
      table,
      engine.key,
      engine.parameters?.decode ??
        (enoughHardware
          ? (engine.decodeParameters ?? DECODE_PARAMETERS)
          : (engine.classDecodeParameters?.(mine.filter(isDecodeCase)) ?? CLASS_DECODE_PARAMETERS)),
      mine.filter(isDecodeCase),
    );
    fitKey(
      table,
      engine.key,
      engine.parameters?.prefill ?? (enoughHardware ? PREFILL_PARAMETERS : classPrefillParameters(mine)),
      mine.filter((c) => c.case.metric === 'pp'),
    );
    finish(table, engine.key, mine, engine.fitsFlashKv);
    if (engine.parameters) continue;

    // Memory family first (index 1 of the class keys), then generation x memory (index 0).
    for (const level of [1, 0]) {
      const keys = [...new Set(mine.map((c) => c.classKeys[level] ?? ''))].filter(Boolean);
      for (const classKey of keys) {
        const own = mine.filter((c) => c.classKeys[level] === classKey);
        if (own.length < 4) continue;
        const parentKey = level === 0 ? (own[0]?.classKeys[1] ?? engine.key) : engine.key;
        const parent = table[parentKey] ?? table[engine.key];
        if (!parent) continue;
        table[classKey] = { ...parent, label: classLabel(classKey, engine.label) };
        const decodeRows = own.filter(isDecodeCase);
        fitKey(table, classKey, engine.classDecodeParameters?.(decodeRows) ?? CLASS_DECODE_PARAMETERS, decodeRows);
        fitKey(
          table,
          classKey,
          classPrefillParameters(own),
          own.filter((c) => c.case.metric === 'pp'),
        );
        finish(table, classKey, own, engine.fitsFlashKv);
      }
    }
  }
  return table;
}

/** Rules for what the data cannot show, then bands and evidence. */
function finish(table: Record<string, SpeedConstants>, key: string, cases: ProbeCase[], fitsFlashKv = false): void {
  const c = table[key];
  if (!c) return;
  table[key] = {
    ...c,
    // Families without measurements borrow the k-quant cost; flash attention reads the cache at weight-streaming efficiency.
    dequantFlopsPerWeight: { ...c.dequantFlopsPerWeight, default: c.dequantFlopsPerWeight.kquant ?? c.dequantFlopsPerWeight.default },
    prefillEfficiency: { ...c.prefillEfficiency, default: c.prefillEfficiency.kquant ?? c.prefillEfficiency.default },
    kvBandwidthEfficiency: {
      noFlash: c.kvBandwidthEfficiency.noFlash,
      flash: fitsFlashKv ? c.kvBandwidthEfficiency.flash : Math.max(c.kvBandwidthEfficiency.noFlash, c.weightBandwidthEfficiency),
    },
    prefillAttentionEfficiency: {
      noFlash: c.prefillAttentionEfficiency.noFlash,
      flash: Math.min(1, 2 * c.prefillAttentionEfficiency.noFlash),
    },
    basis: 'calibrated',
    evidence: describeEvidence(cases),
  };
  const decodeCases = cases.filter(isDecodeCase);
  const prefillCases = cases.filter((x) => x.case.metric === 'pp');
  const fitted = table[key] as SpeedConstants;
  const measuredBand = bandOf(decodeCases, table);
  const measuredPrefillBand = bandOf(prefillCases, table);
  table[key] = {
    ...fitted,
    measuredHardware: [...new Set(cases.map((x) => x.case.hardwareId))].sort(),
    measuredBandRelative: measuredBand,
    measuredPrefillBandRelative: measuredPrefillBand,
    // Until leave-one-GPU-out sets them, unmeasured GPUs get twice the in-sample spread.
    bandRelative: 2 * measuredBand,
    prefillBandRelative: 2 * measuredPrefillBand,
  };
}
