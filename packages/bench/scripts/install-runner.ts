// Installs the bench's llama.cpp runner (node-llama-cpp, one binary package) where WEIGHTPLAN_RUNNER_DIR
// points, so CI's tests exercise the real binary: `.ci/run` runs this after `npm ci`, before `npm test`.
// Usage: node --conditions=@weightplan/source --import tsx packages/bench/scripts/install-runner.ts [backend]
import { installRunner, RunnerBackendSchema, runnerDirectory } from '../src/index.js';

const backend = RunnerBackendSchema.parse(process.argv[2] ?? 'cpu');
const directory = runnerDirectory(backend);
const started = Date.now();
const installed = await installRunner(backend, {
  directory,
  onProgress: ({ fetched }) => {
    if (fetched % 10 === 0) process.stderr.write(`  ${fetched} packages fetched\n`);
  },
});
process.stderr.write(
  `llama.cpp runner ${installed.packages.join(', ')} in ${directory} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
