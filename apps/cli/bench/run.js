// `npm run bench`: times the CLI's core paths on the built packages. Targets live here, not in tests.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimate, recommend } from '@weightplan/estimator';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { detectHardware } from '@weightplan/hardware/detect';
import { builtInModels, getPrecision, storedTensors } from '@weightplan/weights';
import { writeGguf, writeSafetensors } from '@weightplan/weights/testing';

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

// Inspecting a file reads only its header: a sparse 141 GB GGUF (Llama 3 70B F16) and a sparse 141 GB
// safetensors file, each inspected in a fresh process (cold caches, its own peak memory).
const folder = mkdtempSync(join(tmpdir(), 'weightplan-bench-'));
const big = builtInModels().get('meta-llama/Meta-Llama-3-70B-Instruct');
const tensors = storedTensors(big.architecture, getPrecision('F16'));
const ggufPath = join(folder, 'llama-3-70b-f16.gguf');
await writeGguf(
  ggufPath,
  {
    'general.architecture': 'llama',
    'llama.block_count': 80,
    'llama.context_length': 8192,
    'llama.embedding_length': 8192,
    'llama.attention.head_count': 64,
    'llama.attention.head_count_kv': 8,
    'llama.vocab_size': 128256,
    'tokenizer.ggml.tokens': { strings: Array.from({ length: 128256 }, (_, i) => `token-${i}`) },
  },
  tensors.map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type })),
);
const stFolder = join(folder, 'safetensors');
execFileSync('mkdir', ['-p', stFolder]);
const { writeFileSync } = await import('node:fs');
writeFileSync(
  join(stFolder, 'config.json'),
  JSON.stringify({
    model_type: 'llama',
    hidden_size: 8192,
    intermediate_size: 28672,
    num_attention_heads: 64,
    num_hidden_layers: 80,
    num_key_value_heads: 8,
    vocab_size: 128256,
    tie_word_embeddings: false,
  }),
);
await writeSafetensors(
  join(stFolder, 'model.safetensors'),
  tensors.map((s) => ({ name: s.tensor.name, dtype: 'BF16', shape: [...s.tensor.shape].reverse() })),
);
const inspectOnce = (path) =>
  JSON.parse(execFileSync(process.execPath, [new URL('./inspect-once.js', import.meta.url).pathname, path], { encoding: 'utf8' }));
const inspections = [
  ['inspect a sparse 141 GB GGUF (header only)', ggufPath],
  ['inspect a sparse 141 GB safetensors + config.json', stFolder],
].map(([label, path]) => {
  const runs = Array.from({ length: 5 }, () => inspectOnce(path)).sort((a, b) => a.milliseconds - b.milliseconds);
  return { label, median: runs[2], worst: runs[4] };
});
rmSync(folder, { recursive: true, force: true });

console.log('benchmark                                                         median     p95');
for (const r of results) console.log(`${r.label.padEnd(64)} ${r.medianMs.toFixed(3).padStart(8)} ms ${r.p95Ms.toFixed(3).padStart(8)} ms`);
console.log(`${'recommend sweep, first call (cold caches)'.padEnd(64)} ${coldMs.toFixed(1).padStart(8)} ms`);
console.log(`${'detect this machine (no --measure)'.padEnd(64)} ${detectMs.toFixed(1).padStart(8)} ms`);
for (const i of inspections) {
  console.log(
    `${i.label.padEnd(64)} ${i.median.milliseconds.toFixed(1).padStart(8)} ms ${i.worst.milliseconds.toFixed(1).padStart(8)} ms  (file ${(i.median.fileBytes / 1e9).toFixed(0)} GB, peak RSS ${(i.median.maxRssBytes / 1024 ** 2).toFixed(0)} MiB)`,
  );
}
const sweep = results[1];
console.log(`\ntarget: recommend sweep under 20 ms -> ${sweep.medianMs < 20 ? 'met' : 'NOT met'} (${sweep.medianMs.toFixed(1)} ms)`);
for (const i of inspections) {
  const met = i.median.milliseconds < 100 && i.median.maxRssBytes < 100 * 1024 ** 2;
  console.log(`target: ${i.label} under 100 ms and 100 MB -> ${met ? 'met' : 'NOT met'}`);
}
