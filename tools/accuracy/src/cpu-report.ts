import { estimate, type SpeedConstants, type SpeedTable } from '@weightplan/estimator';
import type { RowResult } from './evaluate.js';
import { summarize } from './metrics.js';

/** CPU-only rows: scored and reported as their own class (the GPU targets above do not include them). */
export const isCpuRow = (r: RowResult) => r.probe.case.row.backend === 'llama.cpp CPU';

const pct = (value: number | null) => (value === null || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(1)}%`);
const ratio = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');

/**
 * The prediction for a CPU row as if `detect --measure` had measured `bandwidthBytesPerSecond` on that
 * machine: the bandwidth then counts as measured, so the class's copy-to-stream correction applies
 * instead of the DIMM-peak efficiency.
 */
export function withMeasuredBandwidth(r: RowResult, bandwidthBytesPerSecond: number, table: SpeedTable): number {
  const request = r.probe.case.request;
  const e = estimate({
    ...request,
    speedTable: table,
    hardware: {
      ...request.hardware,
      memory: { ...request.hardware.memory, bandwidthBytesPerSecond, bandwidthBasis: 'measured' },
    },
  });
  const t = e.throughput;
  if (!t) return Number.NaN;
  return r.probe.case.metric === 'tg' ? t.decodeTokensPerSecond : t.prefillTokensPerSecond;
}

/** The docs/accuracy.md section on the CPU class. */
export function cpuSection(results: RowResult[], table: SpeedTable): string[] {
  const cpu = results.filter(isCpuRow);
  if (cpu.length === 0) return [];
  const constants = table['llama.cpp/cpu'] as SpeedConstants | undefined;
  const score = (rs: RowResult[], mode: 'inSample' | 'heldOut') =>
    summarize(rs.map((r) => ({ measured: r.measured, predicted: mode === 'inSample' ? r.inSample : r.heldOut })));
  const lines = [
    '## The CPU class (llama.cpp, CPU only)',
    '',
    'CPU rows are scored apart from the GPU targets above. A CPU is described by its threads (llama.cpp runs one',
    'per physical core), its FP32 FLOP per cycle per core (from the SIMD flags *and* the core generation: Zen 4 runs',
    'AVX-512 on 256-bit datapaths, 32 FLOP/cycle like AVX2; Intel server cores and desktop/server Zen 5 have two',
    '512-bit FMA units, 64; Apple M and Neoverse V cores 32; other NEON cores 16), its clock (3 GHz assumed where',
    'the OS reports none, as in most VMs) and its memory bandwidth. Generation streams the weights at',
    'min(DIMM peak × efficiency, threads × bandwidth per thread), or, where `detect --measure` measured the bandwidth,',
    'at the measured copy rate × a copy-to-read-stream correction (not the peak efficiency a second time); each',
    "format's dot products set a compute floor (max of the two, as a core's loads overlap its arithmetic). Prompt",
    "processing runs at each format's share of the FP32 peak (above 1 where llama.cpp's quantised kernels use int8).",
    '',
    '| CPU left out | tg rows | in-sample median | LOCO median | LOCO within 30% | pp rows | in-sample median | LOCO median |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const byCpu = new Map<string, RowResult[]>();
  for (const r of cpu) byCpu.set(r.probe.case.hardwareId, [...(byCpu.get(r.probe.case.hardwareId) ?? []), r]);
  const row = (label: string, rs: RowResult[]) => {
    const tg = rs.filter((r) => r.probe.case.metric === 'tg');
    const pp = rs.filter((r) => r.probe.case.metric === 'pp');
    const within30 = tg.filter((r) => Math.abs(r.heldOut / r.measured - 1) <= 0.3).length / Math.max(1, tg.length);
    lines.push(
      `| ${label} | ${tg.length} | ${pct(score(tg, 'inSample').medianApe)} | ${pct(score(tg, 'heldOut').medianApe)} | ${pct(within30)} | ${pp.length} | ${pct(score(pp, 'inSample').medianApe)} | ${pct(score(pp, 'heldOut').medianApe)} |`,
    );
  };
  for (const [id, rs] of [...byCpu.entries()].sort(([a], [b]) => a.localeCompare(b))) row(id, rs);
  row('**all CPU rows**', cpu);
  lines.push(
    '',
    'LOCO: leave-one-CPU-out, the CPU predicted with constants fitted on the other CPUs only.',
    '',
    '### Every CPU row',
    '',
    'Ratios are predicted ÷ measured. "measured 34 / 25 GB/s": the same row with the bandwidth `detect --measure` would',
    'report (34 GB/s is what a STREAM-style copy reaches on the 2-vCPU VM, 25 GB/s a typical reading of the',
    "0.3-second copy test there); it only applies to the VM's rows.",
    '',
    '| CPU | model | quant | test | threads | measured t/s | in-sample | LOCO | measured 34 GB/s | measured 25 GB/s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of cpu) {
    const row = r.probe.case.row;
    if (!('tokens' in row)) continue;
    const vm = row.hardware.includes('VM');
    const measured = (bandwidth: number) => (vm && constants ? ratio(withMeasuredBandwidth(r, bandwidth, table) / r.measured) : '–');
    lines.push(
      `| ${row.hardware} | ${row.model} | ${row.quant} | ${row.metric}${row.tokens} | ${row.threads ?? '–'} | ${row.tokensPerSecond} | ${ratio(r.inSample / r.measured)} | ${ratio(r.heldOut / r.measured)} | ${measured(34e9)} | ${measured(25e9)} |`,
    );
  }
  if (constants) {
    const perCore = constants.perCoreBandwidthBytesPerSecond;
    lines.push(
      '',
      `Fitted: ${pct(constants.weightBandwidthEfficiency)} of the DIMM peak, at most ${perCore === undefined ? '–' : (perCore / 1e9).toFixed(1)} GB/s per thread;`,
      `${(constants.measuredBandwidthEfficiency ?? 1).toFixed(2)} × a measured copy rate; dot-product work per weight (FP32-equivalent operations)`,
      `Q8_0 ${(constants.dequantFlopsPerWeight.q8 ?? Number.NaN).toFixed(2)}, Q4_0/Q5_0 ${(constants.dequantFlopsPerWeight.legacy ?? Number.NaN).toFixed(2)}, F16 ${(constants.dequantFlopsPerWeight.f16 ?? Number.NaN).toFixed(2)};`,
      `${(constants.decodeSecondsPerLayer * 1e6).toFixed(0)} µs per layer and ${(constants.decodeSecondsPerToken * 1e3).toFixed(1)} ms per token; prompt processing at`,
      `${ratio(constants.prefillEfficiency.f16 ?? Number.NaN)} (F16), ${ratio(constants.prefillEfficiency.q8 ?? Number.NaN)} (Q8_0) and ${ratio(constants.prefillEfficiency.legacy ?? Number.NaN)} (Q4_0/Q5_0) × the FP32 peak.`,
      '',
      'Known limits: the published rows (ik_llama.cpp PRs #54 and #121, mainline llama.cpp of September and December',
      '2024) process prompts 1.5–3.5× slower than the model predicts from the 2025 build on the VM (llama.cpp has since repacked Q4_0/Q8_0 weights',
      'for AVX2/AVX-512 and NEON GEMMs), and the Threadripper PRO 5975WX generates at about half the bandwidth its eight',
      'DDR4 channels and the per-thread figure allow (probably the fabric link of each chiplet its threads sit on). The',
      "source rows' memory configurations are not stated; the platforms' rated maxima are assumed. Personal calibration",
      '(`bench` measurements of the machine itself) is what closes these gaps.',
    );
  }
  return lines;
}
