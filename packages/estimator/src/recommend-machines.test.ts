import { buildWhatIfProfile, type HardwareProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision, QUALITY_SIGNALS } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { launchCommand } from './launch-command.js';
import { checkLaunchCommand } from './launch-flags.js';
import { recommend } from './recommend.js';
import type { UseCase } from './use-case.js';

const GiB = 1024 ** 3;
const models = builtInModels().models;

// Machines people actually plan for.
const MACHINES: Record<string, HardwareProfile> = {
  'a 12 GB gaming laptop': buildWhatIfProfile({ gpu: 'RTX 4080 Laptop', ramBytes: 32 * GiB }),
  'one RTX 4090 with 64 GB of RAM': buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
  'a Mac Studio M2 Ultra with 192 GB': buildWhatIfProfile({ gpu: 'Apple M2 Ultra (76-core GPU)', ramBytes: 192 * GiB }),
  'two H100 SXM': buildWhatIfProfile({ gpu: '2x H100 SXM', ramBytes: 512 * GiB }),
  'eight H100 SXM': buildWhatIfProfile({ gpu: '8x H100 SXM', ramBytes: 2048 * GiB }),
  'a CPU-only server with 16 GB': buildWhatIfProfile({ gpu: 'none', ramBytes: 16 * GiB }),
};

function top(machine: string, useCase: UseCase = 'chat', limit = 5) {
  const hardware = MACHINES[machine];
  if (!hardware) throw new Error(machine);
  return recommend({ hardware, models, useCase, limit, qualitySignals: QUALITY_SIGNALS });
}

describe.each(Object.keys(MACHINES))('recommendations for %s', (machine) => {
  it.each(['chat', 'coding', 'rag', 'batch'] as UseCase[])(
    '%s: every answer fits, meets the constraints, and launches with documented flags',
    (useCase) => {
      const result = top(machine, useCase);
      const c = result.constraints;
      for (const r of result.recommendations) {
        const e = r.estimate;
        expect(e.placement.fit).not.toBe('no-fit');
        expect(r.throughput.decodeTokensPerSecond).toBeGreaterThanOrEqual(c.minDecodeTokensPerSecond);
        if (c.maxTimeToFirstTokenSeconds !== null)
          expect(r.throughput.timeToFirstTokenSeconds).toBeLessThanOrEqual(c.maxTimeToFirstTokenSeconds);
        expect(e.scenario.contextTokens).toBe(c.contextTokens);
        expect(e.scenario.concurrency).toBe(c.concurrency);
        const model = models.find((m) => m.id === r.modelId) ?? models[0]!;
        const launch = launchCommand(e, { model, precision: getPrecision(r.precision), hardware: MACHINES[machine]! });
        expect(launch.command, launch.unavailable?.reason).not.toBeNull();
        if (launch.runtime !== 'transformers')
          expect(checkLaunchCommand(launch.runtime, launch.command ?? ''), launch.command ?? '').toEqual([]);
      }
    },
  );
});

describe('recommendations are not absurd', () => {
  it('never recommends a safety classifier (Llama Guard, gpt-oss-safeguard) as the model to run', () => {
    // gpt-oss-safeguard-120b has gpt-oss-120b's exact tensors: it fits wherever gpt-oss-120b does.
    const result = top('a Mac Studio M2 Ultra with 192 GB', 'chat', 50);
    const ids = [...result.recommendations.map((r) => r.modelId), ...result.rejected.map((r) => r.modelId)];
    expect(ids).toContain('openai/gpt-oss-120b');
    expect(ids.filter((id) => /safeguard|Llama-Guard/i.test(id))).toEqual([]);
  });

  it('never tells a 16 GB CPU box to run a dense 70B model', () => {
    const result = top('a CPU-only server with 16 GB', 'chat', 10);
    for (const r of result.recommendations) expect(r.activeParameterCount).toBeLessThan(20e9);
    expect(result.recommendations.every((r) => r.target === 'cpu')).toBe(true);
  });

  it('offers eight H100s the largest models', () => {
    const result = top('eight H100 SXM', 'chat', 3);
    expect(Math.max(...result.recommendations.map((r) => r.parameterCount))).toBeGreaterThan(200e9);
  });

  it('gives a Mac Studio with 192 GB a model of at least 30B on its unified memory', () => {
    const [best] = top('a Mac Studio M2 Ultra with 192 GB').recommendations;
    expect(best?.parameterCount).toBeGreaterThan(30e9);
    expect(best?.target).toBe('gpu');
  });

  it('keeps a 12 GB laptop on models that fit it, GPU first', () => {
    const result = top('a 12 GB gaming laptop');
    expect(result.recommendations.length).toBeGreaterThan(2);
    expect(result.recommendations[0]?.fit).not.toBe('offload');
  });

  it('serves more sequences at once for batch work than for chat, and says so', () => {
    const batch = top('one RTX 4090 with 64 GB of RAM', 'batch');
    expect(batch.constraints.concurrency).toBe(16);
    expect(batch.recommendations[0]?.reasons.some((reason) => /16 sequences at once/.test(reason))).toBe(true);
  });

  it('cites the published score where a model has one', () => {
    // The catalog's newest large models (Qwen3-Coder 480B, Kimi K2, DeepSeek-V3.1, GLM-4.6) have no published
    // score yet and fill the first ten places on this machine, so look further down the list.
    const withSignal = top('eight H100 SXM', 'chat', 20).recommendations.find((r) => r.qualitySignal !== null);
    expect(withSignal?.reasons.some((reason) => reason.startsWith('published quality:'))).toBe(true);
  });
});
