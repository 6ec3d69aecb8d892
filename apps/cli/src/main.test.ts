import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { describe, expect, it } from 'vitest';
import { cli as run } from './testing/cli-harness.js';
import { testDirectory } from './testing/test-directory.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });

async function cli(...argv: string[]) {
  const { code, out, err } = await run(argv, machine);
  return { code, stdout: out, stderr: err };
}

describe('weightplan estimate', () => {
  it('prints memory, placement and speed, and exits 0', async () => {
    const { code, stdout, stderr } = await cli('estimate', '--model', 'llama-3-8b', '--precision', 'Q4_K_M');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Llama 3 8B Instruct at Q4_K_M');
    expect(stdout).toMatch(/Fits: all 32 layers on NVIDIA GeForce RTX 4090/);
    expect(stdout).toMatch(/Generation: \d+ tok\/s/);
  });

  it('--json gives the contract document', async () => {
    const { code, stdout } = await cli(
      'estimate',
      '--model',
      'llama-3-8b',
      '--precision',
      'q4_k_m',
      '--context',
      '8192',
      '--prompt-tokens',
      '1024',
      '--json',
    );
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.model).toMatchObject({ id: 'meta-llama/Meta-Llama-3-8B-Instruct', parameterCount: 8_030_261_248 });
    expect(doc.precision.id).toBe('Q4_K_M');
    expect(doc.memory).toMatchObject({ kvCacheBytes: GiB });
    for (const key of ['weightsBytes', 'kvCacheBytes', 'activationBytes', 'overheadBytes', 'totalBytes'])
      expect(typeof doc.memory[key]).toBe('number');
    expect(Array.isArray(doc.memory.perDevice)).toBe(true);
    expect(doc.placement.target).toBe('gpu');
    for (const key of ['decodeTokensPerSecond', 'prefillTokensPerSecond', 'timeToFirstTokenSeconds', 'low', 'high'])
      expect(typeof doc.throughput[key]).toBe('number');
    expect(doc.throughput.low).toBeLessThan(doc.throughput.decodeTokensPerSecond);
    expect(doc.throughput.high).toBeGreaterThan(doc.throughput.decodeTokensPerSecond);
    expect(doc.scenario).toMatchObject({ contextTokens: 8192, promptTokens: 1024 });
    expect(doc.warnings).toEqual(expect.any(Array));
    expect(doc.hardware.label).toBe(machine.label);
  });

  it('plans for named hardware with --gpu, --gpus and --ram', async () => {
    const { code, stdout } = await cli(
      'estimate',
      '--model',
      'meta-llama/Meta-Llama-3-70B-Instruct',
      '--precision',
      'Q4_K_M',
      '--gpu',
      'RTX 3090',
      '--gpus',
      '2',
      '--ram',
      '128',
      '--json',
    );
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.placement).toMatchObject({ target: 'multi-gpu', splitMode: 'layer' });
    expect(doc.hardware.gpus).toHaveLength(2);
  });

  it('plans for a Strix Halo named as it is sold, "Ryzen AI Max+ 395": one Radeon 8060S with 128 GB', async () => {
    const { code, stdout, stderr } = await cli(
      'estimate',
      '--model',
      'llama-3-8b',
      '--precision',
      'Q4_K_M',
      '--gpu',
      'Ryzen AI Max+ 395',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.hardware.gpus).toEqual([{ name: 'AMD Radeon 8060S', memoryBytes: 128 * GiB }]);
    expect(doc.hardware.label).toBe('AMD Radeon 8060S, 128 GiB unified memory');
  });

  it('warns, and still answers, when the context exceeds the model maximum', async () => {
    const { code, stdout } = await cli('estimate', '--model', 'llama-3-8b', '--precision', 'Q4_K_M', '--context', '32k', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).warnings.join(' ')).toMatch(/exceeds .* maximum of 8192/);
  });

  it.each([
    [['--model', 'llama-9-8b', '--precision', 'Q4_K_M'], /unknown model "llama-9-8b".*closest known: /],
    [['--model', 'llama-3-8b', '--precision', 'Q4_K_Q'], /unknown precision "Q4_K_Q".*Q4_K_M/],
    [['--model', 'llama-3-8b', '--precision', 'Q4_K_M', '--gpu', 'RTX 4099'], /unknown GPU "RTX 4099".*closest known: NVIDIA GeForce RTX/],
    [
      ['--model', 'llama-3-8b', '--precision', 'Q4_K_M', '--context', '-5'],
      /--context must be a whole number from 1 to 16777216, got "-5"/,
    ],
    [['--model', 'llama-3-8b', '--precision', 'Q4_K_M', '--context', 'NaN'], /--context must be a whole number/],
    [['--model', 'llama-3-8b', '--precision', 'Q4_K_M', '--batch', '0'], /--batch must be a whole number from 1 to 65536/],
    [['--model', 'llama-3-8b', '--precision', 'Q4_K_M', '--ram', '1e12'], /--ram must be a number from 0.5 to 1048576/],
    [['--model', 'llama-3-8b', '--precision', 'Q4_K_M', '--gpu', 'A100'], /GPU name "A100" fits 4 cards/],
    [['--model', 'llama-3-8b', '--precision', 'Q4_K_M', '--runtime', 'tgi'], /--runtime must be one of/],
    [['--precision', 'Q4_K_M'], /give --model or --plan-url/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const { code, stderr, stdout } = await cli('estimate', ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});

describe('weightplan recommend', () => {
  it('ranks models for the hardware, with reasons and the tempting rejections', async () => {
    const { code, stdout } = await cli('recommend', '--json', '--limit', '5');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.hardware.gpus[0].name).toBe('NVIDIA GeForce RTX 4090');
    expect(doc.recommendations).toHaveLength(5);
    for (const r of doc.recommendations) {
      expect(r).toMatchObject({
        modelId: expect.any(String),
        parameterCount: expect.any(Number),
        precision: expect.any(String),
        target: expect.any(String),
        runtime: expect.any(String),
      });
      expect(r.memory.totalBytes).toBeGreaterThan(0);
      expect(r.throughput.decodeTokensPerSecond).toBeGreaterThanOrEqual(10);
      expect(r.reasons.length).toBeGreaterThan(0);
    }
    expect(doc.rejected.length).toBeGreaterThan(0);
    expect(doc.rejected[0]).toMatchObject({ modelId: expect.any(String), precision: expect.any(String), reason: expect.any(String) });
  });

  it('prints a table and explains the first answer', async () => {
    const { code, stdout } = await cli('recommend', '--min-tps', '20');
    expect(code).toBe(0);
    expect(stdout).toContain('Why #1');
    expect(stdout).toContain('Tempting, but rejected');
  });
});

describe('weightplan detect, models and gpus', () => {
  it('detect --json gives the profile with cpu, memory and gpus', async () => {
    const { code, stdout } = await cli('detect', '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.cpu).toMatchObject({ model: expect.any(String), cores: expect.any(Number), threads: expect.any(Number) });
    expect(doc.memory).toMatchObject({ totalBytes: 64 * GiB, availableBytes: expect.any(Number) });
    expect(doc.gpus).toHaveLength(1);
  });

  it('detect --save writes a profile that --hardware reads back', async () => {
    const dir = testDirectory('weightplan-');
    const file = join(dir, 'machine.json');
    expect((await cli('detect', '--save', file)).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).label).toBe(machine.label);
    const { code, stdout } = await cli('estimate', '--model', 'llama-3-8b', '--precision', 'Q8_0', '--hardware', file, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).hardware.label).toBe(machine.label);
  });

  it('rejects a malformed hardware profile with the field at fault', async () => {
    const dir = testDirectory('weightplan-');
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...machine, memory: { ...machine.memory, totalBytes: -1 } }));
    const { code, stderr } = await cli('estimate', '--model', 'llama-3-8b', '--precision', 'Q8_0', '--hardware', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/memory\.totalBytes/);
  });

  it('models --search filters the catalog; --json lists entries with their sources', async () => {
    const { code, stdout } = await cli('models', '--search', 'qwen3', '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.models.length).toBeGreaterThan(5);
    expect(doc.models.every((m: { id: string; sourceUrl: string }) => /qwen3/i.test(m.id) && m.sourceUrl.startsWith('https://'))).toBe(
      true,
    );
  });

  it('gpus lists the spec database', async () => {
    const { code, stdout } = await cli('gpus', '--search', 'H100');
    expect(code).toBe(0);
    expect(stdout).toContain('NVIDIA H100');
  });

  it('unknown commands exit 2', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
  });
});
