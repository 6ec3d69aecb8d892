import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { appRouter } from './router.js';
import { createCallerFactory } from './trpc.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
const caller = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [] });

beforeEach(() => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-api-limits-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  return () => rmSync(configDirectory, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The one-line message clients get for invalid input (the error formatter's, from the zod issues). */
function invalid(error: TRPCError): string {
  expect(error.code).toBe('BAD_REQUEST');
  expect(error.cause).toBeInstanceOf(ZodError);
  return (error.cause as ZodError).issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

describe('work amplification: input sizes are capped in the schemas', () => {
  it('refuses 1,024 GPUs on 256 nodes with 400, naming both limits', async () => {
    const error = await failure(
      caller.estimate({ model: 'llama-3-8b', precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'H100 SXM', gpus: 1024, nodes: 256 } } }),
    );
    expect(invalid(error)).toBe(
      'hardware.whatIf.gpus: at most 72 GPUs per node (a GB200 NVL72 rack); use nodes for more; hardware.whatIf.nodes: at most 64 nodes; ' +
        'hardware.whatIf.nodes: at most 576 GPUs in all, GPUs per node x nodes (eight GB200 NVL72 racks)',
    );
  });

  it('still plans the largest real systems: eight 72-GPU NVL72 racks', async () => {
    const e = await caller.estimate({
      model: 'deepseek-ai/DeepSeek-V3',
      precision: 'FP8',
      hardware: { whatIf: { gpu: 'GB200', gpus: 72, nodes: 8 } },
    });
    expect(e.hardware.gpus).toHaveLength(72);
    expect(e.hardware.label).toMatch(/^8 nodes of 72x NVIDIA GB200/);
    // 64 nodes of 72 GPUs answered in 1.3 MB; the largest admitted system in about 165 KB.
    expect(JSON.stringify(e).length).toBeLessThan(250_000);
    const refused = await failure(caller.hardware.profile({ gpu: 'GB200', gpus: 72, nodes: 9 }));
    expect(invalid(refused)).toBe('nodes: at most 576 GPUs in all, GPUs per node x nodes (eight GB200 NVL72 racks)');
  });

  it('refuses a GPU list that adds up to more than a node holds', async () => {
    const error = await failure(caller.hardware.profile({ gpu: '40x H100 SXM, 40x H100 PCIe' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/has 80 GPUs: at most 72 per node/);
  });

  it('caps fit matrices at 100 models and 16 precisions, and drops duplicates', async () => {
    const tooWide = await failure(
      caller.fitMatrix({
        modelIds: Array.from({ length: 500 }, () => 'llama-3-8b'),
        precisions: Array.from({ length: 64 }, () => 'Q4_K_M'),
      }),
    );
    expect(invalid(tooWide)).toBe(
      'modelIds: at most 100 models; leave out modelIds for the whole catalog; precisions: at most 16 precisions',
    );
    const matrix = await caller.fitMatrix({
      modelIds: Array.from({ length: 100 }, (_, i) => (i % 2 ? 'llama-3-8b' : 'meta-llama/Meta-Llama-3-8B-Instruct')),
      precisions: Array.from({ length: 16 }, (_, i) => (i % 2 ? 'Q4_K_M' : 'Q8_0')),
    });
    expect(matrix.rows).toHaveLength(1);
    expect(matrix.precisions).toEqual(['Q8_0', 'Q4_K_M']);
  });

  it('caps context at 2^24 tokens, saying so', async () => {
    const error = await failure(caller.estimate({ model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: 2 ** 24 + 1 }));
    expect(invalid(error)).toBe('contextTokens: at most 16,777,216 tokens (2^24)');
  });

  it('answers a 4,096-character unknown model name, still calling it unknown, without echoing it', async () => {
    const name = `llama-3-8b-${'x'.repeat(4085)}`;
    // Matching looks at the first MAX_MATCHED_NAME_CHARS characters only (packages/match tests the bound; it
    // took 0.5 s a name unbounded, about 20 ms bounded): here, what the caller is told.
    const error = await failure(caller.estimate({ model: name, precision: 'Q4_K_M' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/^unknown model "llama-3-8b-x+\.\.\. \(4096 characters\)".*closest known: /);
    expect(error.message.length).toBeLessThan(1000);
  });
});

describe('estimate without precision', () => {
  it('is a 400 that says to give one, not a 500', async () => {
    const error = await failure(caller.estimate({ model: 'llama-3-8b' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/give a precision for meta-llama\/Meta-Llama-3-8B-Instruct/);
  });
});

describe('unbounded storage: plans and profiles are listed a page at a time', () => {
  const draft = {
    name: 'Box',
    model: 'llama-3-8b',
    precision: 'Q4_K_M',
    hardware: { whatIf: { gpu: 'RTX 4090' } },
    scenario: { contextTokens: 4096 },
  };

  it('pages plans with limit and nextCursor, and refuses pages above 200', async () => {
    for (let i = 0; i < 3; i++) await caller.plans.save({ ...draft, name: `Box ${i}` });
    const first = await caller.plans.list({ limit: 2 });
    expect(first.plans).toHaveLength(2);
    expect(first.total).toBe(3);
    const second = await caller.plans.list({ limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.plans).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.plans, ...second.plans].map((p) => p.name))).toEqual(new Set(['Box 0', 'Box 1', 'Box 2']));
    expect((await caller.plans.list()).plans).toHaveLength(3);
    expect(invalid(await failure(caller.plans.list({ limit: 201 })))).toBe('limit: at most 200 per page; follow nextCursor for more');
    expect((await failure(caller.plans.list({ cursor: 'garbage' }))).code).toBe('BAD_REQUEST');
  });

  it('refuses notes over 20,000 characters', async () => {
    const error = await failure(caller.plans.save({ ...draft, notes: 'n'.repeat(20_001) }));
    expect(invalid(error)).toBe('notes: Too big: expected string to have <=20000 characters');
  });

  it('pages saved machines the same way', async () => {
    for (const name of ['A', 'B', 'C']) await caller.profiles.save({ name, hardware: { whatIf: { gpu: 'RTX 4090' } } });
    const first = await caller.profiles.list({ limit: 2 });
    expect(first.profiles.map((p) => p.name)).toEqual(['A', 'B']);
    expect((await caller.profiles.list({ limit: 2, cursor: first.nextCursor ?? '' })).profiles.map((p) => p.name)).toEqual(['C']);
  });
});
