import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';
import { appRouter } from './router.js';
import { createCallerFactory } from './trpc.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
const allowed = mkdtempSync(join(tmpdir(), 'wp-api-allowed-'));
afterAll(() => rmSync(allowed, { recursive: true, force: true }));
const caller = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [allowed] });

beforeAll(() => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-api-config-'));
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

describe('appRouter', () => {
  it('estimates on the host hardware by default', async () => {
    const e = await caller.estimate({ model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: 8192 });
    expect(e.hardware.label).toBe(machine.label);
    expect(e.memory.kvCacheBytes).toBe(GiB);
    expect(e.placement.fit).toBe('fits');
  });

  it('estimates on a what-if machine', async () => {
    const e = await caller.estimate({
      model: 'meta-llama/Meta-Llama-3-70B-Instruct',
      precision: 'Q4_K_M',
      hardware: { whatIf: { gpu: '2x RTX 3090', ramGb: 128 } },
    });
    expect(e.placement.target).toBe('multi-gpu');
  });

  it('recommends with reasons and rejections', async () => {
    const r = await caller.recommend({ limit: 3 });
    expect(r.recommendations).toHaveLength(3);
    expect(r.recommendations[0]?.reasons.length).toBeGreaterThan(0);
    expect(r.hardware.label).toBe(machine.label);
  });

  it('lists and gets models, open and closed', async () => {
    const { open, closed } = await caller.models.list({ search: 'qwen3' });
    expect(open.length).toBeGreaterThan(3);
    expect(closed).toEqual([]);
    expect((await caller.models.list({ kind: 'closed' })).closed.length).toBeGreaterThanOrEqual(20);
    const { model } = await caller.models.get({ id: 'LLAMA-3-8B' });
    expect(model.id).toBe('meta-llama/Meta-Llama-3-8B-Instruct');
  });

  it('returns every invalid field with its path', async () => {
    const error = await failure(
      caller.estimate({ model: 'llama-3-8b', contextTokens: -5, hardware: { whatIf: { gpu: 'RTX 4090', ramGb: 0 } } } as never),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/contextTokens/);
  });

  it('answers unknown names with NOT_FOUND and the closest known names', async () => {
    const error = await failure(caller.estimate({ model: 'llama-9-8b', precision: 'Q4_K_M' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/closest known/);
    expect((await failure(caller.estimate({ model: 'llama-3-8b', precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'A100' } } }))).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('reads files only under the allowed directories', async () => {
    writeFileSync(
      join(allowed, 'config.json'),
      JSON.stringify({
        model_type: 'llama',
        hidden_size: 4096,
        intermediate_size: 14336,
        num_attention_heads: 32,
        num_hidden_layers: 32,
        num_key_value_heads: 8,
        vocab_size: 128256,
        tie_word_embeddings: false,
      }),
    );
    expect((await caller.inspect({ path: join(allowed, 'config.json') })).parameterCount).toBe(8_030_261_248);
    expect((await failure(caller.inspect({ path: '/etc/passwd' }))).message).toMatch(/outside the directories/);
    expect((await failure(caller.inspect({ path: join(allowed, '..', '..', 'etc', 'passwd') }))).code).toBe('BAD_REQUEST');
    const closedServer = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [] });
    expect((await failure(closedServer.inspect({ path: join(allowed, 'config.json') }))).code).toBe('FORBIDDEN');
  });

  it('answers a config.json claiming 1,000,000,000 layers with a one-line 400 at once, on inspect and estimate (it killed the server)', async () => {
    const hostile = join(mkdtempSync(join(allowed, 'hostile-')), 'config.json');
    writeFileSync(
      hostile,
      JSON.stringify({ model_type: 'llama', hidden_size: 4096, num_attention_heads: 32, num_hidden_layers: 1e9, vocab_size: 128256 }),
    );
    const started = performance.now();
    const inspected = await failure(caller.inspect({ path: hostile }));
    expect(inspected.code).toBe('BAD_REQUEST');
    expect(inspected.message).toBe(`${hostile}: num_hidden_layers must be an integer 1..1024, got 1000000000`);
    const estimated = await failure(
      caller.estimate({ model: hostile, precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090', ramGb: 64 } } }),
    );
    expect(estimated.code).toBe('BAD_REQUEST');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('the OpenAPI document', () => {
  it('documents every REST route', () => {
    const doc = openApiDocument('http://127.0.0.1:4821/api/v1');
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual([
      '/bench/measurements',
      '/compare',
      '/estimate',
      '/finetune',
      '/fit-matrix',
      '/fleets',
      '/fleets/plan',
      '/fleets/{fleet}/machines',
      '/fleets/{fleet}/machines/{machine}',
      '/fleets/{name}',
      '/gpus',
      '/hardware',
      '/hardware/profile',
      '/hub/models/{id}',
      '/info',
      '/inspect',
      '/inspect/header',
      '/models',
      '/models/import',
      '/models/import/header',
      '/models/imported/{id}',
      '/models/refresh',
      '/models/{id}',
      '/plans',
      '/plans/import',
      '/plans/{id}',
      '/plans/{id}/history',
      '/plans/{id}/markdown',
      '/precisions',
      '/profiles',
      '/profiles/{name}',
      '/recommend',
      '/scenario',
      '/store',
      '/store/export',
      '/store/import',
    ]);
  });
});
