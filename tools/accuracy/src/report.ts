import type { SpeedConstants, SpeedTable } from '@weightplan/estimator';
import type { SkippedRow } from './cases.js';
import { cpuSection, isCpuRow } from './cpu-report.js';
import type { RowResult } from './evaluate.js';
import { type FileSizeCheck, fileSizeTable } from './file-sizes.js';
import type { ProbeCase } from './fit.js';
import type { MemoryAccuracy } from './memory-accuracy.js';
import { type ErrorSummary, summarize } from './metrics.js';
import { servingSection } from './serving-report.js';

const pct = (value: number | null) => (value === null || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(1)}%`);

type Mode = 'inSample' | 'heldOut' | 'oneConstant';

function summary(results: RowResult[], mode: Mode): ErrorSummary {
  return summarize(
    results
      .filter((r) => (mode === 'oneConstant' ? r.oneConstant !== null : true))
      .map((r) => {
        const predicted = mode === 'inSample' ? r.inSample : mode === 'heldOut' ? r.heldOut : (r.oneConstant ?? Number.NaN);
        const band = mode === 'inSample' ? r.inSampleBand : mode === 'heldOut' ? r.heldOutBand : Number.NaN;
        return mode === 'oneConstant'
          ? { measured: r.measured, predicted }
          : { measured: r.measured, predicted, low: predicted / (1 + band), high: predicted * (1 + band) };
      }),
  );
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export interface AccuracyFigures {
  decode: { inSample: ErrorSummary; heldOut: ErrorSummary; oneConstant: ErrorSummary };
  prefill: { inSample: ErrorSummary; heldOut: ErrorSummary };
}

export function headlineFigures(results: RowResult[]): AccuracyFigures {
  const tg = results.filter((r) => r.probe.case.metric === 'tg');
  const pp = results.filter((r) => r.probe.case.metric === 'pp');
  return {
    decode: { inSample: summary(tg, 'inSample'), heldOut: summary(tg, 'heldOut'), oneConstant: summary(tg, 'oneConstant') },
    prefill: { inSample: summary(pp, 'inSample'), heldOut: summary(pp, 'heldOut') },
  };
}

function metricTable(results: RowResult[], withBaseline: boolean): string[] {
  const head = [
    'group (backend, hardware class)',
    'rows',
    'median',
    'p90',
    '≤25%',
    'band covers',
    'LOGO median',
    'LOGO p90',
    'LOGO ≤25%',
    'LOGO band covers',
  ];
  if (withBaseline) head.push('1-const median', '1-const p90', '1-const ≤25%');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const row = (label: string, rs: RowResult[]) => {
    const a = summary(rs, 'inSample');
    const b = summary(rs, 'heldOut');
    const cells = [
      label,
      String(rs.length),
      pct(a.medianApe),
      pct(a.p90Ape),
      pct(a.within25),
      pct(a.bandCoverage),
      pct(b.medianApe),
      pct(b.p90Ape),
      pct(b.within25),
      pct(b.bandCoverage),
    ];
    if (withBaseline) {
      const c = summary(rs, 'oneConstant');
      cells.push(pct(c.medianApe), pct(c.p90Ape), pct(c.within25));
    }
    lines.push(`| ${cells.join(' | ')} |`);
  };
  for (const [group, rs] of groupBy(results, (r) => r.probe.case.group)) row(group, rs);
  row('**all rows**', results);
  return lines;
}

function heldOutByGpu(results: RowResult[]): string[] {
  const lines = ['| GPU left out | tg rows | tg median | tg ≤25% | pp rows | pp median | pp ≤25% |', '|---|---|---|---|---|---|---|'];
  for (const [gpu, rs] of groupBy(results, (r) => r.probe.case.hardwareId)) {
    const tg = summary(
      rs.filter((r) => r.probe.case.metric === 'tg'),
      'heldOut',
    );
    const pp = summary(
      rs.filter((r) => r.probe.case.metric === 'pp'),
      'heldOut',
    );
    lines.push(
      `| ${gpu} | ${tg.rows} | ${pct(tg.medianApe)} | ${pct(tg.within25)} | ${pp.rows} | ${pct(pp.medianApe)} | ${pct(pp.within25)} |`,
    );
  }
  return lines;
}

function constantsTable(table: Record<string, SpeedConstants>): string[] {
  const lines = [
    '| class | bandwidth reached | dequant FLOP/weight (k-quant) | µs per layer | µs per token | prefill efficiency (f16 / k-quant) | prefill TFLOPS per kW | band measured / unmeasured (tg) | evidence |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [key, c] of Object.entries(table)) {
    if (c.basis !== 'calibrated') continue;
    lines.push(
      `| \`${key}\` | ${pct(c.weightBandwidthEfficiency)} | ${(c.dequantFlopsPerWeight.kquant ?? c.dequantFlopsPerWeight.default).toFixed(2)} | ${(c.decodeSecondsPerLayer * 1e6).toFixed(0)} | ${(c.decodeSecondsPerToken * 1e6).toFixed(0)} | ${pct(c.prefillEfficiency.f16 ?? c.prefillEfficiency.default)} / ${pct(c.prefillEfficiency.kquant ?? c.prefillEfficiency.default)} | ${Number.isFinite(c.prefillFlopsPerWatt) ? (c.prefillFlopsPerWatt / 1e9).toFixed(0) : '–'} | ±${pct(c.measuredBandRelative)} / ±${pct(c.bandRelative)} | ${c.evidence} |`,
    );
  }
  return lines;
}

/** docs/accuracy.md: every figure computed by the benchmark from the calibration rows. */
export function accuracyMarkdown(options: {
  results: RowResult[];
  skipped: SkippedRow[];
  memory: MemoryAccuracy;
  fileSizes: FileSizeCheck[];
  table: Record<string, SpeedConstants>;
  /** The full table the CPU section predicts with (defaults included). */
  speedTable: SpeedTable;
  /** Predictions with the constants in the tree when the run started (the serving section's "start"). */
  before: ReadonlyMap<ProbeCase, number>;
  generatedOn: string;
}): string {
  const { skipped, memory, table, fileSizes } = options;
  // The GPU targets and tables cover llama-bench style GPU rows; the CPU class and the serving rows have
  // sections of their own.
  const results = options.results.filter((r) => !isCpuRow(r) && r.probe.case.metric !== 'serve');
  const f = headlineFigures(results);
  const tg = results.filter((r) => r.probe.case.metric === 'tg');
  const pp = results.filter((r) => r.probe.case.metric === 'pp');
  const skippedReasons = [...groupBy(skipped, (s) => s.reason).entries()].map(([reason, rows]) => `${rows.length} rows: ${reason}`);
  const lines = [
    '# Estimator accuracy',
    '',
    `Generated by \`npm run bench:accuracy\` on ${options.generatedOn} from the public measurements in`,
    '`packages/calibration/data` (each row cites its source). Do not edit: rerun the benchmark.',
    '',
    `${results.length} GPU throughput rows scored (${tg.length} generation \`tg\`, ${pp.length} prompt processing \`pp\`) and ${options.results.filter(isCpuRow).length} CPU rows, ${options.results.filter((r) => r.probe.case.metric === 'serve').length} serving-engine rows (below); ${skipped.length} skipped (${skippedReasons.join('; ')}).`,
    '',
    'Three predictions per row:',
    '- **in-sample**: the shipped constants, fitted on every row;',
    '- **leave-one-GPU-out (LOGO)**: constants fitted without any row of that GPU, so the GPU is predicted from its',
    '  class and its spec sheet alone, as a card nobody measured would be; its band is the one the shipped constants',
    '  give an unmeasured GPU of the class, which is derived from these same held-out errors;',
    '- **one-constant rule** (generation only): memory bandwidth ÷ model size × 0.55, the rule other tools use.',
    '',
    '## Targets',
    '',
    '| metric | target | in-sample | leave-one-GPU-out | one-constant rule |',
    '|---|---|---|---|---|',
    `| generation: median error | ≤ 10% | ${pct(f.decode.inSample.medianApe)} | ${pct(f.decode.heldOut.medianApe)} | ${pct(f.decode.oneConstant.medianApe)} |`,
    `| generation: rows within 25% | ≥ 85% | ${pct(f.decode.inSample.within25)} | ${pct(f.decode.heldOut.within25)} | ${pct(f.decode.oneConstant.within25)} |`,
    `| generation: 90th percentile error | | ${pct(f.decode.inSample.p90Ape)} | ${pct(f.decode.heldOut.p90Ape)} | ${pct(f.decode.oneConstant.p90Ape)} |`,
    `| prompt processing: median error | ≤ 12% leave-one-GPU-out | ${pct(f.prefill.inSample.medianApe)} | ${pct(f.prefill.heldOut.medianApe)} | no prediction |`,
    `| prompt processing: 90th percentile error | ≤ 35% leave-one-GPU-out | ${pct(f.prefill.inSample.p90Ape)} | ${pct(f.prefill.heldOut.p90Ape)} | no prediction |`,
    `| low–high band contains the measurement (tg / pp) | ≥ 80% | ${pct(f.decode.inSample.bandCoverage)} / ${pct(f.prefill.inSample.bandCoverage)} | ${pct(f.decode.heldOut.bandCoverage)} / ${pct(f.prefill.heldOut.bandCoverage)} | – |`,
    `| GGUF weight bytes | every row within 2% | max ${pct(memory.ggufMaxError)}, median ${pct(memory.ggufMedianError)} over ${memory.ggufRows} files | | |`,
    `| KV cache bytes vs llama.cpp's report | equal | max difference ${memory.kvMaxDifferenceMib.toFixed(2)} MiB over ${memory.memoryRows} reports (Metal rounds buffers to pages) | | |`,
    `| total memory vs llama.cpp's report | within 10% | max ${pct(memory.totalMaxError)}, median ${pct(memory.totalMedianError)} | | |`,
    `| weight file sizes, every format | every file within 1% | max ${pct(Math.max(...fileSizes.map((c) => Math.abs(c.relativeError))))} over ${fileSizes.length} files | | |`,
    '',
    '![Predicted against measured tokens/s](accuracy-scatter.svg)',
    '',
    '## Weight file sizes by format',
    '',
    ...fileSizeTable(fileSizes),
    '',
    '## Generation (`tg`) by backend and hardware class',
    '',
    ...metricTable(tg, true),
    '',
    '## Prompt processing (`pp`) by backend and hardware class',
    '',
    ...metricTable(pp, false),
    '',
    '## Leave-one-GPU-out, per GPU',
    '',
    'Each GPU predicted with constants fitted on the other GPUs only. A GPU that is alone in its class (one AMD card',
    'per backend, the one Hopper card, the one Vulkan NVIDIA card) is predicted from the constants of its engine',
    'and memory family, fitted on other vendors or generations: its error is what an unmeasured class costs, and',
    'the band for unmeasured GPUs of such a class reflects it. RDNA 4 is one card, the Radeon AI PRO R9700 (the RX',
    '9070 XT is the same Navi 48 chip with 16 GB), and Xe2 one, the Arc Pro B70 (the B580 is the smaller BMG-G21): held',
    'out, each is its whole class. Known gaps there: on the B70, gpt-oss (MXFP4 experts) generates at 45-53 tokens/s',
    'on both SYCL and Vulkan against 87-106 for the denser Llama 2 7B Q4_0, a kernel shortfall for that format on',
    'Intel that no spec sheet predicts; and a 2048-token Llama 2 7B prompt after 16,384 cached tokens runs 4.7x',
    '(R9700, ROCm) to 10x (B70, Vulkan) slower than pp512 from an empty cache, where attention at the matrix rate',
    'would cost 1.7x: their attention kernels are far below it, and the flash-attention rate, derived as twice the',
    'fitted no-flash rate, does not learn it from these flash-attention rows yet (over-predicted 1.3-5x). Classes',
    'with no row at all (Apple M4; discrete Blackwell: RTX 50 series, RTX PRO',
    '6000, B200; the one Blackwell measured is the GB10 with LPDDR5X) are not in these tables: their estimates borrow',
    'constants and are marked extrapolated; no llama-bench log for them was found in a source that could be cited.',
    '',
    ...heldOutByGpu(results),
    '',
    '## Fitted constants',
    '',
    'Per engine and hardware class (`engine/backend:generation:memory`, `*` = any generation), never per card. The',
    'unmeasured band is the 85th percentile of the leave-one-GPU-out error of the class; the measured band, of its',
    'in-sample error.',
    '',
    ...constantsTable(table),
    '',
    ...servingSection(options.results, options.before, table),
    '',
    ...cpuSection(options.results, options.speedTable),
    '',
    '## Method',
    '',
    '- Generation time per token = weight bytes read ÷ (bandwidth × efficiency) + dequantisation work ÷ FP32 throughput',
    '  + KV bytes read ÷ (bandwidth × KV efficiency) + per-layer and per-token launch costs (+ GPU synchronisation',
    '  under tensor parallelism or row split). A `tgN` row averages the cache growing from `kv_depth` to `kv_depth+N`,',
    '  scored at the midpoint.',
    '- Prompt processing = weight FLOPs ÷ min(peak × efficiency, board power × FLOPs per watt) + attention (FLOPs, or',
    '  without flash attention the score matrix going through memory) + one pass over the weights per micro-batch;',
    "  llama.cpp's layer split pipelines micro-batches across GPUs. Quantised weights on the dequantise + BLAS path",
    '  (CUDA builds before llama.cpp PR #8075 of June 2024, ROCm) also write every weight out as FP16 once per',
    '  micro-batch and multiply at the FP16 rate; on the fused path (MMQ on int8 tensor cores, Metal, Vulkan) they',
    '  multiply at their own rate. Each row is timed on the path its build used.',
    '- Constants are fitted by Nelder–Mead on the mean absolute log error, engine/backend first (all its rows), then',
    '  memory family and generation × memory class (bandwidth efficiency, launch cost, a prefill scale and a prefill',
    '  limit per board watt).',
    '- llama.cpp rows from before January 2024 with several GPUs used the row split (the only mode then) and are',
    '  scored as such.',
  ];
  return `${lines.join('\n')}\n`;
}
