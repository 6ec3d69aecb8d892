import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore, type Store } from '@weightplan/api';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { PostgresStore } from '@weightplan/store/postgres';
import { startTestPostgres } from '@weightplan/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeightplanServer, type WeightplanServer } from './create-server.js';

/*
 * A worker thread builds its own context: it must see the server's stored data exactly as the main thread
 * does (the same config directory or the same database), including an import the main thread finished a
 * moment ago, while the worker still had the catalog cached.
 */

const machine = buildWhatIfProfile({ gpu: 'RTX 4090' });
const postgres = await startTestPostgres();
if (!postgres.ok) console.warn(`PostgreSQL worker-store tests skipped: ${postgres.reason}`);

// A model no catalog has, from a config.json under --allow-dir: importing it writes the store's catalog.
const weights = mkdtempSync(join(tmpdir(), 'wp-worker-store-weights-'));
const configDirectory = mkdtempSync(join(tmpdir(), 'wp-worker-store-config-'));
const modelFolder = join(weights, 'acme-lab-13b');
mkdirSync(modelFolder);
writeFileSync(
  join(modelFolder, 'config.json'),
  JSON.stringify({
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: 5120,
    intermediate_size: 13824,
    num_attention_heads: 40,
    num_hidden_layers: 40,
    num_key_value_heads: 40,
    vocab_size: 32000,
    max_position_embeddings: 4096,
    torch_dtype: 'float16',
  }),
);

interface Answer {
  status: number;
  body: string;
}

async function post(base: string, path: string, body: unknown, user = 'alice'): Promise<Answer> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-weightplan-user': user },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}

const STORES: Array<[string, () => Promise<{ store: Store; close: () => Promise<void> } | undefined>]> = [
  [
    // What `weightplan serve` passes without --database-url: the config directory as it is at each call.
    'the config directory (FileStore)',
    async () => {
      process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
      const store = new FileStore();
      return { store, close: () => store.close() };
    },
  ],
  [
    'PostgreSQL (PostgresStore)',
    async () => {
      if (!postgres.ok) return undefined;
      const store = await PostgresStore.open(await postgres.server.createDatabase());
      return { store, close: () => store.close() };
    },
  ],
];

afterAll(() => {
  if (postgres.ok) postgres.server.stop();
  for (const directory of [weights, configDirectory]) rmSync(directory, { recursive: true, force: true });
});

describe.each(STORES)('heavy calls in worker threads read the server’s store: %s', (name, open) => {
  const skipped = name.startsWith('PostgreSQL') && !postgres.ok;
  let opened: { store: Store; close: () => Promise<void> } | undefined;
  let pooled: WeightplanServer;
  let inThread: WeightplanServer;
  let pooledBase: string;
  let inThreadBase: string;
  let importedId = '';

  beforeAll(async () => {
    if (skipped) return;
    opened = await open();
    if (!opened) return;
    const options = { port: 0, allowDirs: [weights], requestTimeoutMs: 120_000, rateLimitPerMinute: 10_000 };
    const dependencies = { detectHardware: async () => machine, log: () => undefined, store: opened.store };
    pooled = createWeightplanServer({ ...options, workers: 2 }, dependencies);
    inThread = createWeightplanServer({ ...options, workers: 0 }, dependencies);
    [pooledBase, inThreadBase] = await Promise.all([pooled.listen(), inThread.listen()]);
    expect(await pooled.workersReady(120_000)).toBe(true);
  }, 180_000);

  afterAll(async () => {
    if (!opened) return;
    await Promise.all([pooled.close(), inThread.close()]);
    await opened.close();
  });

  it.skipIf(skipped)(
    'an import finished in the main thread is visible to the very next heavy call, with the same answer as in-thread',
    async () => {
      // Fills the sweep worker's cached catalog index just before the import (it would be trusted for a second).
      const before = await post(pooledBase, '/fit-matrix', { modelIds: ['llama-3-8b'], contextTokens: 4096 });
      expect(before.status).toBe(200);
      const imported = await post(pooledBase, '/models/import', { path: modelFolder });
      expect(imported.status, imported.body).toBe(200);
      const id = (JSON.parse(imported.body) as { id: string }).id;
      expect(id).toMatch(/acme-lab-13b/i);
      importedId = id;

      const sweep = { modelIds: [id], contextTokens: 4096 };
      const [fromWorker, fromMainThread] = await Promise.all([
        post(pooledBase, '/fit-matrix', sweep),
        post(inThreadBase, '/fit-matrix', sweep),
      ]);
      expect(fromWorker.status, fromWorker.body).toBe(200);
      expect(fromWorker.body).toContain(id);
      expect(fromWorker.body).toBe(fromMainThread.body);

      const scenario = { model: id, precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090' } } };
      const [quick, quickInThread] = await Promise.all([
        post(pooledBase, '/scenario', scenario),
        post(inThreadBase, '/scenario', scenario),
      ]);
      expect(quick.status, quick.body).toBe(200);
      expect(quick.body).toBe(quickInThread.body);
    },
    120_000,
  );

  it.skipIf(skipped)(
    'a pinned Hub model arriving with a store import is visible to the next sweep in a worker, as in-thread',
    async () => {
      // A pin is a catalog entry carrying its Hub provenance (models import hf:ORG/NAME writes one); here it
      // comes with a store import (no Hub needed), made from the local import above under another id.
      const exported = (await (await fetch(`${pooledBase}/api/v1/store/export`)).json()) as {
        catalog: Array<{ spec: Record<string, unknown> }>;
      };
      const local = exported.catalog.find((entry) => entry.spec.id === importedId);
      expect(local).toBeDefined();
      const pinnedId = 'acme-org/acme-pinned-13b';
      const hubSource = {
        repo: pinnedId,
        quant: null,
        revision: 'main',
        commit: 'c0ffee'.padEnd(40, '0'),
        lookedUpAt: '2026-11-29T12:00:00.000Z',
        weightsBytes: null,
      };
      const pinned = { ...local, spec: { ...local?.spec, id: pinnedId, name: 'Acme Pinned 13B', aliases: [], hubSource } };
      // Warm the sweep worker's cached index just before, as in the first test.
      expect((await post(pooledBase, '/fit-matrix', { modelIds: ['llama-3-8b'], contextTokens: 4096 })).status).toBe(200);
      const imported = await post(pooledBase, '/store/import', { document: JSON.stringify({ ...exported, catalog: [pinned] }) });
      expect(imported.status, imported.body).toBe(200);

      const sweep = { modelIds: [pinnedId], contextTokens: 4096 };
      const [fromWorker, fromMainThread] = await Promise.all([
        post(pooledBase, '/fit-matrix', sweep),
        post(inThreadBase, '/fit-matrix', sweep),
      ]);
      expect(fromWorker.status, fromWorker.body).toBe(200);
      expect(fromWorker.body).toContain(pinnedId);
      expect(fromWorker.body).toBe(fromMainThread.body);
    },
    120_000,
  );

  it.skipIf(skipped)(
    'a removal is visible at once too: the next sweep names the model unknown, as the main thread does',
    async () => {
      const id = importedId;
      expect(id).not.toBe('');
      const removed = await fetch(`${pooledBase}/api/v1/models/imported/${encodeURIComponent(id)}`, { method: 'DELETE' });
      expect(removed.status).toBe(200);
      expect(await removed.json()).toEqual({ removed: true });
      const sweep = { modelIds: [id], contextTokens: 4096 };
      const [fromWorker, fromMainThread] = await Promise.all([
        post(pooledBase, '/fit-matrix', sweep),
        post(inThreadBase, '/fit-matrix', sweep),
      ]);
      expect(fromWorker.status).toBe(404);
      expect(fromWorker.body).toBe(fromMainThread.body);
    },
    120_000,
  );

  it.skipIf(skipped)(
    'a fleet saved through the main thread is planned by a worker as in-thread',
    async () => {
      const saved = await post(pooledBase, '/fleets', {
        name: 'lab',
        machines: [
          { name: 'gpu-1', hardware: { whatIf: { gpu: 'RTX 4090' } } },
          { name: 'gpu-2', hardware: { whatIf: { gpu: 'RTX 3090', ramGb: 64 } } },
        ],
      });
      expect(saved.status, saved.body).toBe(200);
      const plan = { fleet: 'lab', workloads: [{ name: 'chat', model: 'llama-3-8b', precision: 'Q4_K_M' }] };
      const [fromWorker, fromMainThread] = await Promise.all([
        post(pooledBase, '/fleets/plan', plan),
        post(inThreadBase, '/fleets/plan', plan),
      ]);
      expect(fromWorker.status, fromWorker.body).toBe(200);
      expect(fromWorker.body).toContain('gpu-2');
      expect(fromWorker.body).toBe(fromMainThread.body);
      // A fleet the store does not have is the store's 404 in both.
      const missing = { ...plan, fleet: 'no-such-fleet' };
      const [gone, goneInThread] = await Promise.all([
        post(pooledBase, '/fleets/plan', missing),
        post(inThreadBase, '/fleets/plan', missing),
      ]);
      expect(gone.status).toBe(404);
      expect(gone.body).toBe(goneInThread.body);
    },
    120_000,
  );
});
