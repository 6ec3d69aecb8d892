import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli as run } from '../testing/cli-harness.js';
import { parseVolume } from './compare.js';

let configDirectory: string;
beforeEach(() => {
  configDirectory = mkdtempSync(join(tmpdir(), 'wp-cli-compare-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  return () => rmSync(configDirectory, { recursive: true, force: true });
});

const cli = (...argv: string[]) => run(argv);

describe('weightplan compare', () => {
  it('--json gives the contract: workload, options with cost, speed and quality, break-even', async () => {
    const { code, out } = await cli(
      'compare',
      '--model',
      'llama-3-8b',
      '--model',
      'openai/gpt-4o-mini',
      '--tokens-per-month',
      '400M',
      '--no-cloud',
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.workload).toMatchObject({ inputTokensPerMonth: 300e6, outputTokensPerMonth: 100e6 });
    const kinds = result.options.map((o: { kind: string }) => o.kind).sort();
    expect(kinds).toEqual(['closed', 'open']);
    for (const o of result.options) {
      expect(o.monthlyCost).toBeGreaterThan(0);
      expect(o.costPerMillionTokens).toBeCloseTo(o.monthlyCost / 400, 9);
      expect(o).toHaveProperty('quality');
      expect(o).toHaveProperty('notes');
    }
    expect(result.options.find((o: { kind: string }) => o.kind === 'open').decodeTokensPerSecond).toBeGreaterThan(10);
    expect(result.breakEven).toHaveLength(1);
  });

  it('prints a table, flags old prices and the user’s own', async () => {
    writeFileSync(
      join(configDirectory, 'prices.json'),
      JSON.stringify({
        schemaVersion: 1,
        apiPrices: [{ modelId: 'openai/gpt-4o-mini', inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4, readOn: '2026-11-20' }],
      }),
    );
    const { code, out } = await cli('compare', '--model', 'llama-3-8b', '--model', 'openai/gpt-4o-mini', '--no-cloud');
    expect(code).toBe(0);
    // 75M input x $0.10 + 25M output x $0.40.
    expect(out).toMatch(/GPT-4o mini \(openai API\) .* \$17\.50 /);
    expect(out).toMatch(/2026-11-20 \(yours\)/);
    expect(out).toMatch(/Llama 3 8B Instruct on \(NVIDIA GeForce RTX 4090, 64 GiB RAM\) .*\(stale\)/);
    expect(out).toMatch(/Break-even for Llama 3 8B Instruct/);
    // One RTX 4090 batches the 8 default concurrent requests of an 8B model: one machine, and the line says why.
    expect(out).toMatch(
      /Machines:\n {2}- Llama 3 8B Instruct .*: one machine batches all 8 concurrent requests, .*: one suffices; \S+ mean KLD [\d.]+/,
    );
  });

  it('keeps everything on premises with --on-prem', async () => {
    const { out } = await cli('compare', '--model', 'llama-3-8b', '--model', 'openai/gpt-4o-mini', '--on-prem', '--json');
    const result = JSON.parse(out);
    expect(result.options.map((o: { privacy: string }) => o.privacy)).toEqual(['on-prem']);
  });

  it('rejects bad volumes and shares with the flag and the accepted range', async () => {
    expect(await cli('compare', '--tokens-per-month', '-5')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--tokens-per-month must be a token count/),
    });
    expect(await cli('compare', '--input-share', '1.5')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--input-share must be a number from 0 to 1/),
    });
    expect(parseVolume('--x', '1.5B')).toBe(1.5e9);
    expect(parseVolume('--x', '250k')).toBe(250_000);
  });
});
