// `npm run bench`: times the CLI's core paths on the built packages. Targets live here, not in tests.
import { estimate, recommend } from '@weightplan/estimator';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { detectHardware } from '@weightplan/hardware/detect';
import { builtInModels, getPrecision } from '@weightplan/weights';

const GiB = 1024 ** 3;

function measure(label, iterations, fn) {
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const p95 = samples[Math.floor(samples.length * 0.95)];
  return { label, iterations, medianMs: median, p95Ms: p95 };
}

const models = builtInModels();
const hardware = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
const request = { model: models.get('llama-3-8b'), precision: getPrecision('Q4_K_M'), hardware, contextTokens: 8192 };

const coldStarted = process.hrtime.bigint();
recommend({ hardware, models: models.models });
const coldMs = Number(process.hrtime.bigint() - coldStarted) / 1e6;

const results = [
  measure('estimate: Llama 3 8B Q4_K_M on RTX 4090', 2000, () => estimate(request)),
  measure(`recommend sweep: ${models.models.length} models x precision ladder on RTX 4090`, 50, () =>
    recommend({ hardware, models: models.models }),
  ),
  measure('recommend sweep on a CPU-only 32 GB machine', 50, () =>
    recommend({ hardware: buildWhatIfProfile({ gpu: 'none', ramBytes: 32 * GiB }), models: models.models }),
  ),
];

const detectStarted = process.hrtime.bigint();
await detectHardware();
const detectMs = Number(process.hrtime.bigint() - detectStarted) / 1e6;

console.log('benchmark                                                         median     p95');
for (const r of results) console.log(`${r.label.padEnd(64)} ${r.medianMs.toFixed(3).padStart(8)} ms ${r.p95Ms.toFixed(3).padStart(8)} ms`);
console.log(`${'recommend sweep, first call (cold caches)'.padEnd(64)} ${coldMs.toFixed(1).padStart(8)} ms`);
console.log(`${'detect this machine (no --measure)'.padEnd(64)} ${detectMs.toFixed(1).padStart(8)} ms`);
const sweep = results[1];
console.log(`\ntarget: recommend sweep under 20 ms -> ${sweep.medianMs < 20 ? 'met' : 'NOT met'} (${sweep.medianMs.toFixed(1)} ms)`);
