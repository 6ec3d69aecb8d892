// `npm run bench:serving [-- --write]`: the serving-engine part of `bench:accuracy` on its own (seconds, not
// minutes): fits the vLLM classes on vLLM's single-stream rows and the serving rows, scores them in-sample
// and leave-one-GPU-out, and prints the serving section of docs/accuracy.md. With --write, replaces the
// vLLM entries of calibrated-speed-constants.ts (the vLLM fit does not depend on any other engine's rows, so
// they equal what the full run writes).
import { writeFileSync } from 'node:fs';
import { SPEED_CONSTANTS } from '@weightplan/estimator';
import { throughputCases } from './cases.js';
import { evaluate, heldOutPredictions, withHeldOutBands } from './evaluate.js';
import { enginesFor, fitSpeedTable, predictWith, prepareProbes } from './fit.js';
import { servingCases } from './serving-cases.js';
import { servingSection } from './serving-report.js';
import { calibratedConstantsSource, replaceEngineConstants } from './write-constants.js';

const root = new URL('../../../', import.meta.url);
const started = performance.now();

const singleStream = throughputCases().cases.filter((c) => c.request.runtime === 'vllm' || c.request.runtime === 'sglang');
const probes = prepareProbes([...singleStream, ...servingCases()]);
const before = new Map(probes.map((p) => [p, predictWith(p, SPEED_CONSTANTS)] as const));
const fitted = fitSpeedTable(probes, enginesFor(probes));
const heldOut = heldOutPredictions(probes);
const table = withHeldOutBands(fitted, evaluate(probes, fitted, heldOut));
const results = evaluate(probes, table, heldOut);

console.log(servingSection(results, before, table).join('\n'));
if (process.argv.includes('--write')) {
  // The shipped calibrated entries: defaults are all 'extrapolated'.
  const shipped = Object.fromEntries(Object.entries(SPEED_CONSTANTS).filter(([, c]) => c.basis === 'calibrated'));
  writeFileSync(
    new URL('packages/estimator/src/calibrated-speed-constants.ts', root),
    calibratedConstantsSource(replaceEngineConstants(shipped, table, 'vllm/')),
  );
  console.log('\nwrote the vLLM entries of calibrated-speed-constants.ts');
}
console.log(`\n${probes.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
