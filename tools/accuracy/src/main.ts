// `npm run bench:accuracy [-- --write]`: scores the estimator on every calibration row, in-sample and
// leave-one-GPU-out, next to the one-constant rule; writes docs/accuracy.md and its scatter plot; with
// --write, also regenerates packages/estimator/src/calibrated-speed-constants.ts from the fit.
import { writeFileSync } from 'node:fs';
import { SPEED_CONSTANTS, type SpeedConstants } from '@weightplan/estimator';
import { throughputCases } from './cases.js';
import { isCpuRow } from './cpu-report.js';
import { evaluate, heldOutPredictions, withHeldOutBands } from './evaluate.js';
import { fileSizeChecks } from './file-sizes.js';
import { fitSpeedTable, predictWith, prepareProbes } from './fit.js';
import { memoryAccuracy } from './memory-accuracy.js';
import { accuracyMarkdown, headlineFigures } from './report.js';
import { scatterSvg } from './scatter-svg.js';
import { servingCases } from './serving-cases.js';
import { calibratedConstantsSource } from './write-constants.js';

const root = new URL('../../../', import.meta.url);
const write = process.argv.includes('--write');
const started = performance.now();

const { cases, skipped } = throughputCases();
const probes = prepareProbes([...cases, ...servingCases()]);
// The serving section compares the fit with the constants in the tree when the run started.
const before = new Map(probes.map((p) => [p, predictWith(p, SPEED_CONSTANTS)] as const));
const fitted = fitSpeedTable(probes);
// Held-out predictions first, then the unmeasured-GPU bands they imply, then the scores with those bands.
const heldOut = heldOutPredictions(probes);
const table = withHeldOutBands(fitted, evaluate(probes, fitted, heldOut));
const results = evaluate(probes, table, heldOut);
const memory = memoryAccuracy();
const fileSizes = fileSizeChecks();

const calibrated = Object.fromEntries(Object.entries(table).filter(([, c]) => c.basis === 'calibrated')) as Record<string, SpeedConstants>;
if (write) writeFileSync(new URL('packages/estimator/src/calibrated-speed-constants.ts', root), calibratedConstantsSource(calibrated));

const tg = results.filter((r) => r.probe.case.metric === 'tg');
const pp = results.filter((r) => r.probe.case.metric === 'pp');
writeFileSync(
  new URL('docs/accuracy-scatter.svg', root),
  scatterSvg([
    {
      title: 'Generation (tg)',
      unit: 'tokens/s',
      series: [
        { label: 'leave-one-GPU-out', color: '#d95f02', points: tg.map((r) => ({ measured: r.measured, predicted: r.heldOut })) },
        { label: 'in-sample', color: '#1b9e77', points: tg.map((r) => ({ measured: r.measured, predicted: r.inSample })) },
        {
          label: 'one-constant rule',
          color: '#7570b3',
          points: tg.map((r) => ({ measured: r.measured, predicted: r.oneConstant ?? Number.NaN })),
        },
      ],
    },
    {
      title: 'Prompt processing (pp)',
      unit: 'tokens/s',
      series: [
        { label: 'leave-one-GPU-out', color: '#d95f02', points: pp.map((r) => ({ measured: r.measured, predicted: r.heldOut })) },
        { label: 'in-sample', color: '#1b9e77', points: pp.map((r) => ({ measured: r.measured, predicted: r.inSample })) },
      ],
    },
  ]),
);
writeFileSync(
  new URL('docs/accuracy.md', root),
  accuracyMarkdown({
    results,
    skipped,
    memory,
    fileSizes,
    table: calibrated,
    speedTable: table,
    before,
    generatedOn: new Date().toISOString().slice(0, 10),
  }),
);

const f = headlineFigures(results.filter((r) => !isCpuRow(r) && r.probe.case.metric !== 'serve'));
const cpuTg = results.filter((r) => isCpuRow(r) && r.probe.case.metric === 'tg');
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
console.log(`rows: ${results.length} scored, ${skipped.length} skipped`);
console.log('                       in-sample   leave-one-GPU-out   one-constant');
console.log(
  `tg median error        ${pct(f.decode.inSample.medianApe).padStart(8)}   ${pct(f.decode.heldOut.medianApe).padStart(16)}   ${pct(f.decode.oneConstant.medianApe).padStart(12)}`,
);
console.log(
  `tg p90 error           ${pct(f.decode.inSample.p90Ape).padStart(8)}   ${pct(f.decode.heldOut.p90Ape).padStart(16)}   ${pct(f.decode.oneConstant.p90Ape).padStart(12)}`,
);
console.log(
  `tg within 25%          ${pct(f.decode.inSample.within25).padStart(8)}   ${pct(f.decode.heldOut.within25).padStart(16)}   ${pct(f.decode.oneConstant.within25).padStart(12)}`,
);
console.log(
  `tg band coverage       ${pct(f.decode.inSample.bandCoverage).padStart(8)}   ${pct(f.decode.heldOut.bandCoverage).padStart(16)}`,
);
console.log(`pp median error        ${pct(f.prefill.inSample.medianApe).padStart(8)}   ${pct(f.prefill.heldOut.medianApe).padStart(16)}`);
console.log(`pp within 25%          ${pct(f.prefill.inSample.within25).padStart(8)}   ${pct(f.prefill.heldOut.within25).padStart(16)}`);
console.log(
  `pp band coverage       ${pct(f.prefill.inSample.bandCoverage).padStart(8)}   ${pct(f.prefill.heldOut.bandCoverage).padStart(16)}`,
);
console.log(
  `CPU tg: ${cpuTg.length} rows, leave-one-CPU-out within 30%: ${pct(cpuTg.filter((r) => Math.abs(r.heldOut / r.measured - 1) <= 0.3).length / Math.max(1, cpuTg.length))}`,
);
console.log(
  `GGUF sizes: max error ${pct(memory.ggufMaxError)}; KV vs llama.cpp: max ${memory.kvMaxDifferenceMib.toFixed(2)} MiB; total memory: max ${pct(memory.totalMaxError)}`,
);
console.log(
  `weight file sizes: ${fileSizes.length} published files, max error ${pct(Math.max(...fileSizes.map((c) => Math.abs(c.relativeError))))}`,
);
console.log(
  `wrote docs/accuracy.md and docs/accuracy-scatter.svg${write ? ' and calibrated-speed-constants.ts' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
