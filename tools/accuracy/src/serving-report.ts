import type { SpeedConstants } from '@weightplan/estimator';
import type { RowResult } from './evaluate.js';
import type { ProbeCase } from './fit.js';
import { summarize } from './metrics.js';
import type { ServingCase } from './serving-cases.js';

const pct = (value: number | null) => (value === null || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(1)}%`);

/** Rows of a serving engine (vLLM, SGLang): serving rows and the single-stream `tg` rows of vLLM. */
export const isServingEngineRow = (r: RowResult) => r.probe.case.metric === 'serve' || /^(vLLM|SGLang)/.test(r.probe.case.row.backend);

const servingOf = (r: RowResult): ServingCase['serving'] | null => (r.probe.case.metric === 'serve' ? r.probe.case.serving : null);

/** Single-stream: a `tg` row, or a serving row at concurrency 1. */
export const isSingleStream = (r: RowResult) => (servingOf(r)?.concurrency ?? 1) === 1;

type Mode = 'inSample' | 'heldOut' | 'before';

function summary(results: RowResult[], mode: Mode, before: ReadonlyMap<ProbeCase, number>) {
  return summarize(
    results.map((r) => {
      const predicted = mode === 'inSample' ? r.inSample : mode === 'heldOut' ? r.heldOut : (before.get(r.probe) ?? Number.NaN);
      const band = mode === 'inSample' ? r.inSampleBand : mode === 'heldOut' ? r.heldOutBand : Number.NaN;
      return mode === 'before'
        ? { measured: r.measured, predicted }
        : { measured: r.measured, predicted, low: predicted / (1 + band), high: predicted * (1 + band) };
    }),
  );
}

/**
 * Where doubling the concurrency stops paying: the first step along the measured concurrencies whose
 * throughput gain, per doubling, is under 1.5×, reported as the concurrency before it (as `servingCapacity`
 * does on its doublings); null when every step still pays.
 */
export function kneeOf(points: Array<{ concurrency: number; tokensPerSecond: number }>): number | null {
  const sorted = [...points].sort((a, b) => a.concurrency - b.concurrency);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const here = sorted[i];
    const next = sorted[i + 1];
    if (!here || !next) continue;
    const doublings = Math.log2(next.concurrency / here.concurrency);
    if ((next.tokensPerSecond / here.tokensPerSecond) ** (1 / doublings) < 1.5) return here.concurrency;
  }
  return null;
}

function sweeps(results: RowResult[]): Map<string, RowResult[]> {
  const groups = new Map<string, RowResult[]>();
  for (const r of results) {
    const s = servingOf(r);
    if (s?.metric !== 'output_tok_s') continue;
    const row = r.probe.case.row;
    // Output lengths that ended at EOS differ a little from one concurrency to the next: one sweep still.
    const key = `${row.hardware} · ${row.backend} · ${row.model} ${row.quant} · ${s.inputTokens} in`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return new Map([...groups.entries()].filter(([, rs]) => rs.length >= 3).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The serving section of docs/accuracy.md (also printed by `npm run bench:serving`): single-stream and
 * batched rows of vLLM and SGLang, in-sample, leave-one-GPU-out and with the constants the run started
 * from; per GPU; the knee of each measured concurrency sweep against the held-out prediction's; and the band
 * each vLLM class gives a GPU nobody measured.
 */
export function servingSection(
  results: RowResult[],
  before: ReadonlyMap<ProbeCase, number>,
  table: Record<string, SpeedConstants>,
): string[] {
  const rows = results.filter(isServingEngineRow);
  const single = rows.filter(isSingleStream);
  const batched = rows.filter((r) => !isSingleStream(r));
  const line = (label: string, rs: RowResult[]) => {
    const a = summary(rs, 'inSample', before);
    const b = summary(rs, 'heldOut', before);
    const c = summary(rs, 'before', before);
    return `| ${label} | ${rs.length} | ${pct(c.medianApe)} | ${pct(a.medianApe)} | ${pct(a.p90Ape)} | ${pct(b.medianApe)} | ${pct(b.p90Ape)} | ${pct(b.within25)} | ${pct(b.bandCoverage)} |`;
  };
  const lines = [
    '## Serving engines (vLLM, SGLang): single-stream and batched',
    '',
    'Rows of `serving_throughput.csv` (aggregate output tokens/s, or 1/TPOT, at a stated concurrency and prompt/output',
    "length) and vLLM's single-stream `tg` rows. A serving row is predicted as a closed loop (`servingLoad`): each",
    'decode step carries `concurrency` sequences at the mean context (prompt + half the output), and while one request',
    'generates, the other slots each process one prompt. SGLang shares the vLLM constants. "Start" is the prediction with',
    'the constants in the tree when the run began.',
    '',
    '| rows | n | start median | in-sample median | in-sample p90 | LOGO median | LOGO p90 | LOGO ≤25% | LOGO band covers |',
    '|---|---|---|---|---|---|---|---|---|',
    line('single-stream (concurrency 1)', single),
    line('batched (concurrency > 1)', batched),
    line('**all serving-engine rows**', rows),
    '',
    '### Per GPU, left out',
    '',
    '| GPU | engines | single-stream rows | LOGO median | batched rows | LOGO median | LOGO worst |',
    '|---|---|---|---|---|---|---|',
  ];
  const byGpu = new Map<string, RowResult[]>();
  for (const r of rows) byGpu.set(r.probe.case.hardwareId, [...(byGpu.get(r.probe.case.hardwareId) ?? []), r]);
  for (const [gpu, rs] of [...byGpu.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const s = summary(rs.filter(isSingleStream), 'heldOut', before);
    const b = summary(
      rs.filter((r) => !isSingleStream(r)),
      'heldOut',
      before,
    );
    const worst = Math.max(...rs.map((r) => Math.abs(r.heldOut / r.measured - 1)));
    const engines = [...new Set(rs.map((r) => r.probe.case.row.backend))].sort().join(', ');
    lines.push(`| ${gpu} | ${engines} | ${s.rows} | ${pct(s.medianApe)} | ${b.rows} | ${pct(b.medianApe)} | ${pct(worst)} |`);
  }
  lines.push(
    '',
    '### Serving-capacity knee per measured sweep',
    '',
    'Knee: the last concurrency before a step whose throughput gain per doubling is under 1.5× ("–": every measured step',
    'still pays). Predicted with the GPU left out, at the same concurrencies.',
    '',
    '| sweep | concurrencies | measured tok/s | LOGO predicted tok/s | measured knee | predicted knee |',
    '|---|---|---|---|---|---|',
  );
  for (const [key, rs] of sweeps(rows)) {
    const sorted = [...rs].sort((a, b) => (servingOf(a)?.concurrency ?? 0) - (servingOf(b)?.concurrency ?? 0));
    const at = (pick: (r: RowResult) => number) =>
      sorted.map((r) => ({ concurrency: servingOf(r)?.concurrency ?? 1, tokensPerSecond: pick(r) }));
    const knee = (k: number | null) => (k === null ? '–' : String(k));
    lines.push(
      `| ${key} | ${sorted.map((r) => servingOf(r)?.concurrency).join(', ')} | ${sorted.map((r) => r.measured.toFixed(0)).join(', ')} | ${sorted.map((r) => r.heldOut.toFixed(0)).join(', ')} | ${knee(kneeOf(at((r) => r.measured)))} | ${knee(kneeOf(at((r) => r.heldOut)))} |`,
    );
  }
  lines.push(
    '',
    '### Bands of the vLLM classes',
    '',
    'The generation band an estimate carries: measured GPUs get the in-sample band, any other GPU the unmeasured one',
    '(85th percentile of the leave-one-GPU-out errors of the rows the class covers).',
    '',
    '| class | rows behind it | band, measured GPU | band, unmeasured GPU | µs per layer | µs per token | bandwidth reached | KV (flash) | prefill efficiency (f16 / other) |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const [key, c] of Object.entries(table)) {
    if (!key.startsWith('vllm/') || c.basis !== 'calibrated') continue;
    const n = rows.filter((r) => r.probe.classKeys.includes(key)).length;
    lines.push(
      `| \`${key}\` | ${n} | ±${pct(c.measuredBandRelative)} | ±${pct(c.bandRelative)} | ${(c.decodeSecondsPerLayer * 1e6).toFixed(0)} | ${(c.decodeSecondsPerToken * 1e6).toFixed(0)} | ${pct(c.weightBandwidthEfficiency)} | ${pct(c.kvBandwidthEfficiency.flash)} | ${pct(c.prefillEfficiency.f16 ?? c.prefillEfficiency.default)} / ${pct(c.prefillEfficiency.default)} |`,
    );
  }
  return lines;
}
