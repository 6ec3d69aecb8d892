import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInModels, getPrecision } from '@weightplan/weights';
import { describe, expect, it, onTestFinished } from 'vitest';
import { localBench } from './local-bench.js';
import type { BenchProgress } from './measure-gguf.js';
import { installedRunner, runnerDirectory } from './runner-install.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

// CI installs the runner (.ci/run: packages/bench/scripts/install-runner.ts into WEIGHTPLAN_RUNNER_DIR);
// elsewhere the test runs where `weightplan bench install` has put it, and says why it skips otherwise.
const directory = runnerDirectory('cpu');
const runner = installedRunner(directory);
const reason = runner
  ? ''
  : ` (skipped: no llama.cpp runner in ${directory}; run \`weightplan bench install\` or set WEIGHTPLAN_RUNNER_DIR)`;

describe.skipIf(!runner)(`a real synthetic bench on the CPU${reason}`, () => {
  it('writes Qwen2.5 0.5B at Q4_0, runs llama.cpp on it, reports rates, and deletes the file', { timeout: 600_000 }, async () => {
    const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('weightplan-bench-')));
    const phases = new Set<BenchProgress['phase']>();
    const bench = localBench({ onProgress: (p) => phases.add(p.phase) });
    const run = await bench.measureSynthetic({
      model: builtInModels().get('Qwen/Qwen2.5-0.5B-Instruct'),
      precision: getPrecision('Q4_0'),
      backend: 'cpu',
      settings: { promptTokens: 32, genTokens: 4, repetitions: 2, threads: 2, gpuLayers: 0, flashAttention: false, batchTokens: 512 },
      memoryBytes: 2 ** 30,
    });
    expect(run.runtimeVersion).toBe('node-llama-cpp 3.22.1 (cpu)');
    expect(run.decodeTokensPerSecond.samples).toHaveLength(2);
    expect(run.decodeTokensPerSecond.median).toBeGreaterThan(0);
    expect(run.prefillTokensPerSecond?.median).toBeGreaterThan(0);
    expect([...phases]).toEqual(expect.arrayContaining(['write', 'load', 'warm-up', 'prompt', 'generate']));
    const after = readdirSync(tmpdir()).filter((name) => name.startsWith('weightplan-bench-') && !before.has(name));
    expect(after).toEqual([]);
  });
});

describe('without a runner', () => {
  it('says in one line that none is installed, naming the command that installs one', async () => {
    const folder = join(testDirectory('wp-no-runner-'), 'runner');
    // No npm on the PATH: the install the bench tries first fails, in one line.
    const bench = localBench({ env: { WEIGHTPLAN_RUNNER_DIR: folder, PATH: '' } });
    await expect(
      bench.measureFile({
        path: '/nonexistent/model.gguf',
        vocabSize: 32_000,
        backend: 'cpu',
        settings: { promptTokens: 8, genTokens: 8, repetitions: 1, threads: 1, gpuLayers: 0, flashAttention: false, batchTokens: 512 },
      }),
    ).rejects.toThrow(/^cannot install llama.cpp for the bench: npm is not on the PATH/);
    expect(existsSync(join(folder, 'weightplan-runner.json'))).toBe(false);
  });
});
