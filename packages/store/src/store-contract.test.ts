import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWhatIfProfile } from '@weightplan/hardware';
import type { HubLookup } from '@weightplan/hub';
import type { MeasurementDraft, PlanDraft } from '@weightplan/user-data';
import { builtInModels, OPEN_MODELS } from '@weightplan/weights';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { FileStore } from './file-store.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { Store } from './store.js';
import { StoreConflictError } from './store-errors.js';
import { exportStore, importStore, parseStoreExport } from './store-export.js';
import { startTestPostgres, type TestPostgres } from './testing/index.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

const draft: PlanDraft = {
  name: 'Team chat box: Qwen3 32B',
  model: 'Qwen/Qwen3-32B',
  precision: 'Q5_K_M',
  hardware: { whatIf: { gpu: 'RTX 3090', ramGb: 64 } },
  scenario: { contextTokens: 16_384, concurrency: 2, kvCacheType: 'q8_0' },
};
const alice = { actor: 'alice' };
const tokensPerSecond = (median: number) => ({ median, min: median, max: median, stddev: 0, samples: [median] });
/** A bench run of Llama 3.2 1B on a 24 GiB CPU-only box, as `weightplan bench` records it. */
const measurementDraft = (precision: string, decodeTokensPerSecond = 19): MeasurementDraft => ({
  hardware: buildWhatIfProfile({ gpu: 'none', ramBytes: 24 * 2 ** 30 }),
  source: 'synthetic',
  runtime: 'llama.cpp',
  runtimeVersion: 'node-llama-cpp 3.22.1',
  subject: 'meta-llama/Llama-3.2-1B-Instruct',
  model: builtInModels().get('meta-llama/Llama-3.2-1B-Instruct'),
  precision,
  settings: { threads: 2, gpuLayers: 0, promptTokens: 512, genTokens: 128, contextTokens: 640, flashAttention: false, backend: 'cpu' },
  measured: {
    decodeTokensPerSecond: tokensPerSecond(decodeTokensPerSecond),
    prefillTokensPerSecond: tokensPerSecond(100),
    repetitions: 1,
    warmupRuns: 1,
  },
  predicted: null,
});
const bob = { actor: 'bob' };
const at = (iso: string) => ({ actor: 'alice', now: new Date(iso) });

/** What every store promises, run against each implementation. */
function contract(name: string, make: () => Promise<Store>, skip?: string) {
  describe.skipIf(skip !== undefined)(`${name} store${skip ? ` (skipped: ${skip})` : ''}`, () => {
    it('saves plans with revision and author, lists newest first a page at a time, and keeps earlier revisions', async () => {
      const store = await make();
      const first = await store.plans.save(draft, at('2026-11-20T10:00:00Z'));
      expect(first).toMatchObject({ revision: 1, savedBy: 'alice', createdAt: '2026-11-20T10:00:00.000Z' });
      const second = await store.plans.save({ ...draft, name: 'Cheaper option' }, at('2026-11-21T10:00:00Z'));
      const edited = await store.plans.save(
        { ...draft, id: first.id, notes: 'ask for budget', revision: 1 },
        { actor: 'bob', now: new Date('2026-11-22T10:00:00Z') },
      );
      expect(edited).toMatchObject({ revision: 2, savedBy: 'bob', createdAt: first.createdAt, notes: 'ask for budget' });
      expect(await store.plans.get(first.id)).toEqual(edited);
      expect((await store.plans.history(first.id)).map((p) => [p.revision, p.savedBy, p.notes])).toEqual([[1, 'alice', '']]);

      const page1 = await store.plans.list({ limit: 1 });
      expect(page1.plans.map((p) => p.id)).toEqual([first.id]);
      expect(page1.total).toBe(2);
      const page2 = await store.plans.list({ limit: 1, cursor: page1.nextCursor ?? undefined });
      expect(page2.plans.map((p) => p.id)).toEqual([second.id]);
      expect(page2.nextCursor).toBeNull();

      expect(await store.plans.remove(second.id)).toBe(true);
      expect(await store.plans.remove(second.id)).toBe(false);
      await expect(store.plans.get(second.id)).rejects.toThrow('no saved plan has this id');
      await store.close();
    });

    it('refuses a save naming a revision that has moved on, and writes nothing', async () => {
      const store = await make();
      const plan = await store.plans.save(draft, alice);
      await store.plans.save({ ...draft, id: plan.id, notes: 'bob was first', revision: 1 }, bob);
      const stale = store.plans.save({ ...draft, id: plan.id, notes: 'alice overwrites', revision: 1 }, alice);
      await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
      await expect(stale).rejects.toThrow('is at revision 2, not the revision 1 you read');
      expect((await store.plans.get(plan.id)).notes).toBe('bob was first');
      await store.plans.remove(plan.id);
      await expect(store.plans.save({ ...draft, id: plan.id, revision: 2 }, alice)).rejects.toThrow('was removed');
      await store.close();
    });

    it('of two concurrent saves of one revision, exactly one lands', async () => {
      const store = await make();
      const plan = await store.plans.save(draft, alice);
      const results = await Promise.allSettled(
        ['a', 'b', 'c', 'd'].map((who) => store.plans.save({ ...draft, id: plan.id, notes: who, revision: 1 }, { actor: who })),
      );
      const landed = results.filter((r) => r.status === 'fulfilled');
      expect(landed).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof StoreConflictError),
      ).toBe(true);
      const saved = await store.plans.get(plan.id);
      expect(saved.revision).toBe(2);
      expect(saved.notes).toBe((landed[0] as PromiseFulfilledResult<{ notes: string }>).value.notes);
      await store.close();
    });

    it('keeps saved machines by name (any case), with revisions, pages and conflicts', async () => {
      const store = await make();
      const box = await store.profiles.save({ name: 'Lab box', hardware: { whatIf: { gpu: 'RTX 4090', ramGb: 64 } } }, alice);
      expect(box).toMatchObject({ revision: 1, savedBy: 'alice' });
      const again = await store.profiles.save(
        { name: 'lab box', hardware: { whatIf: { gpu: 'RTX 4090', gpus: 2, ramGb: 64 } }, revision: 1 },
        bob,
      );
      expect(again).toMatchObject({ revision: 2, savedBy: 'bob' });
      await expect(
        store.profiles.save({ name: 'Lab box', hardware: { whatIf: { gpu: 'RTX 3090' } }, revision: 1 }, alice),
      ).rejects.toBeInstanceOf(StoreConflictError);
      await store.profiles.save({ name: 'Archive', hardware: { whatIf: { gpu: 'RTX 3060', ramGb: 256 } } }, alice);
      const first = await store.profiles.list({ limit: 1 });
      expect(first.profiles.map((p) => p.name)).toEqual(['Archive']);
      const second = await store.profiles.list({ limit: 1, cursor: first.nextCursor ?? undefined });
      expect(second.profiles.map((p) => p.name)).toEqual(['lab box']);
      expect(second.nextCursor).toBeNull();
      expect(await store.profiles.remove('LAB BOX')).toBe(true);
      expect((await store.profiles.all()).map((p) => p.name)).toEqual(['Archive']);
      await store.close();
    });

    it('adds imported models to the catalog index, records who imported them, and removes them', async () => {
      const store = await make();
      const base = OPEN_MODELS[0]!;
      const spec = { ...base, id: 'local/my-llama', name: 'My Llama', aliases: [], origin: 'imported' as const };
      await store.catalog.add({ spec, precision: null }, alice);
      expect((await store.catalog.list()).map((m) => [m.spec.id, m.importedBy])).toEqual([['local/my-llama', 'alice']]);
      expect((await store.catalog.index()).index.get('local/my-llama').name).toBe('My Llama');
      expect(await store.catalog.remove('LOCAL/my-llama')).toBe(true);
      expect((await store.catalog.index()).index.find('local/my-llama')).toBeUndefined();
      await store.close();
    });

    it('opens again from its source, as a server worker thread does: the same records, and a catalog index read again when told', async () => {
      const store = await make();
      const source = store.source();
      expect(source.kind).toBe(store.kind);
      const again =
        source.kind === 'files'
          ? new FileStore(source.directory === undefined ? {} : { directory: source.directory })
          : await PostgresStore.open(source.databaseUrl, { migrate: false, maxConnections: 2 });
      await store.profiles.save({ name: 'box', hardware: { whatIf: { gpu: 'RTX 4090' } } }, alice);
      expect((await again.profiles.all()).map((profile) => profile.name)).toEqual(['box']);
      // The second object has its index cached when the first one imports a model.
      expect((await again.catalog.index()).index.find('local/other-llama')).toBeUndefined();
      const spec = { ...OPEN_MODELS[0]!, id: 'local/other-llama', name: 'Other Llama', aliases: [], origin: 'imported' as const };
      await store.catalog.add({ spec, precision: null }, alice);
      again.forgetCachedCatalog();
      expect((await again.catalog.index()).index.find('local/other-llama')?.name).toBe('Other Llama');
      await again.close();
      await store.close();
    });

    it('keeps a price overlay, fleets and documents of any kind', async () => {
      const store = await make();
      expect(await store.prices.get()).toBeUndefined();
      await store.prices.set({ schemaVersion: 1, apiPrices: [], hardwarePrices: [], cloudInstances: [] } as never, alice);
      expect(await store.prices.get()).toBeDefined();

      const fleet = await store.fleets.save(
        { name: 'Rack A', machines: [{ name: 'gpu-1', hardware: { whatIf: { gpu: 'RTX 4090' } } }] },
        alice,
      );
      expect(fleet).toMatchObject({ revision: 1, savedBy: 'alice' });
      await expect(store.fleets.save({ name: 'rack a', machines: [], revision: 2 }, bob)).rejects.toBeInstanceOf(StoreConflictError);
      expect((await store.fleets.get('RACK A')).machines).toHaveLength(1);
      expect((await store.fleets.list()).items.map((f) => f.name)).toEqual(['Rack A']);
      expect(await store.fleets.remove('rack a')).toBe(true);
      await expect(store.fleets.get('Rack A')).rejects.toThrow('no fleet has this name');

      const noted = await store.documents.put('note', 'rtx4090-llama3-8b', { text: 'fans loud at 128 tok/s' }, alice);
      expect(noted).toMatchObject({ kind: 'note', revision: 1, savedBy: 'alice', body: { text: 'fans loud at 128 tok/s' } });
      await store.documents.put('note', 'a-first', { text: 'first' }, alice);
      await expect(store.documents.put('note', 'rtx4090-llama3-8b', {}, { actor: 'bob', revision: 5 })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect(await store.documents.kinds()).toEqual(['note']);
      const listed = await store.documents.list('note', { limit: 1 });
      expect(listed.items.map((d) => d.id)).toEqual(['a-first']);
      expect(listed.total).toBe(2);
      expect(await store.documents.remove('note', 'a-first')).toBe(true);
      expect(await store.documents.get('note', 'a-first')).toBeUndefined();
      await expect(store.documents.put('Bad Kind', 'x', {}, alice)).rejects.toThrow();
      await store.close();
    });

    it('keeps bench measurements: one per machine, runtime, version, model and precision, newest first, with a version that moves', async () => {
      const store = await make();
      expect(await store.measurements.list()).toEqual([]);
      const empty = await store.measurements.version();
      const first = await store.measurements.save(measurementDraft('Q8_0'), at('2026-11-29T10:00:00Z'));
      const afterFirst = await store.measurements.version();
      expect(afterFirst).not.toBe(empty);
      // A re-run replaces the record (same id), another precision adds one.
      const rerun = await store.measurements.save(measurementDraft('Q8_0', 21), at('2026-11-29T11:00:00Z'));
      expect(rerun.id).toBe(first.id);
      expect(await store.measurements.version()).not.toBe(afterFirst);
      await store.measurements.save(measurementDraft('Q4_0'), at('2026-11-29T12:00:00Z'));
      const listed = await store.measurements.list();
      expect(listed.map((m) => [m.precision, m.measuredAt, m.measured.decodeTokensPerSecond.median])).toEqual([
        ['Q4_0', '2026-11-29T12:00:00.000Z', 19],
        ['Q8_0', '2026-11-29T11:00:00.000Z', 21],
      ]);
      expect(listed[0]?.machineFingerprint).toBe(first.machineFingerprint);
      const beforeForget = await store.measurements.version();
      expect(await store.measurements.forget(first.id.toUpperCase())).toBe(1);
      expect(await store.measurements.version()).not.toBe(beforeForget);
      expect(await store.measurements.forget('000000000000')).toBe(0);
      expect(await store.measurements.forget()).toBe(1);
      expect(await store.measurements.list()).toEqual([]);
      await store.close();
    });

    it('exports everything as one document that imports into an empty store unchanged', async () => {
      const source = await make();
      const plan = await source.plans.save(draft, alice);
      await source.plans.save({ ...draft, id: plan.id, notes: 'second', revision: 1 }, bob);
      await source.profiles.save({ name: 'Lab box', hardware: { whatIf: { gpu: 'RTX 4090' } } }, alice);
      await source.fleets.save({ name: 'Rack A', machines: [{ name: 'gpu-1', hardware: { whatIf: { gpu: 'RTX 4090' } } }] }, alice);
      await source.documents.put('note', 'm1', { text: 'rack A runs warm' }, alice);
      await source.measurements.save(measurementDraft('Q8_0'), at('2026-11-29T10:00:00Z'));
      const exported = await exportStore(source, new Date('2026-11-29T00:00:00Z'));
      const target = await make();
      const summary = await importStore(target, parseStoreExport(JSON.stringify(exported)));
      expect(summary).toMatchObject({ plans: 1, planRevisions: 2, profiles: 1, fleets: 1, documents: 1, measurements: 1 });
      expect(await exportStore(target, new Date('2026-11-29T00:00:00Z'))).toEqual(exported);
      await source.close();
      await target.close();
    });
  });
}

contract('file', async () => new FileStore({ directory: testDirectory('wp-store-') }));

let postgres: TestPostgres | undefined;
const started = await startTestPostgres();
if (started.ok) postgres = started.server;
else console.warn(`PostgreSQL store tests skipped: ${started.reason}`);
afterAll(() => postgres?.stop());

contract('postgres', async () => PostgresStore.open(await postgres!.createDatabase()), started.ok ? undefined : started.reason);

describe.skipIf(!started.ok)('postgres migrations', () => {
  it('two servers starting at once against an empty database both come up, and each step runs once', async () => {
    const url = await postgres!.createDatabase();
    const [a, b] = await Promise.all([PostgresStore.open(url), PostgresStore.open(url)]);
    const c = await PostgresStore.open(url); // and again: nothing left to do
    const check = await PostgresStore.open(url, { migrate: false });
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    const rows = (await client.query<{ version: number }>('select version from weightplan_schema_migrations order by version')).rows;
    await client.end();
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    // One server's save is the other's: they share the database.
    const plan = await a.plans.save(draft, alice);
    expect((await b.plans.get(plan.id)).name).toBe(draft.name);
    await Promise.all([a.close(), b.close(), c.close(), check.close()]);
  });

  it('shares Hub look-ups between replicas, keyed by repository, commit and quantisation', async () => {
    const url = await postgres!.createDatabase();
    const [a, b] = await Promise.all([PostgresStore.open(url), PostgresStore.open(url)]);
    const lookup = { kind: 'quants', repo: 'Org/Model-GGUF', sha: 'a'.repeat(40), quants: [], fetchedAt: '2026-11-29T00:00:00.000Z' };
    await a.hubCache.put(lookup as unknown as HubLookup, null);
    // A look-up that does not match the Hub's schema is a miss, never an error.
    expect(await b.hubCache.get('org/model-gguf', 'a'.repeat(40), null)).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a URL that is not postgres://', async () => {
    await expect(PostgresStore.open('mysql://x')).rejects.toThrow('must start with postgres://');
  });
});

describe('file store keeps the formats existing users have', () => {
  it('writes a plan where and as user-data always has, and its history beside it', async () => {
    const directory = testDirectory('wp-store-files-');
    const store = new FileStore({ directory });
    const plan = await store.plans.save(draft, alice);
    expect(readdirSync(join(directory, 'plans'))).toEqual([`${plan.id}.weightplan.json`]);
    expect(JSON.parse(readFileSync(join(directory, 'plans', `${plan.id}.weightplan.json`), 'utf8'))).toMatchObject({
      schemaVersion: 1,
      id: plan.id,
    });
    await store.plans.save({ ...draft, id: plan.id, revision: 1 }, alice);
    expect(readdirSync(join(directory, 'plans', '.history', plan.id))).toEqual(['1.json']);
  });

  it('reads a plan written before revisions as revision 1, and leaves a damaged profiles file alone', async () => {
    const directory = testDirectory('wp-store-files-');
    const store = new FileStore({ directory });
    const plan = await store.plans.save(draft, alice);
    const file = join(directory, 'plans', `${plan.id}.weightplan.json`);
    const { revision: _r, savedBy: _s, ...old } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(old));
    expect((await store.plans.save({ ...draft, id: plan.id, revision: 1 }, bob)).revision).toBe(2);
    writeFileSync(join(directory, 'profiles.json'), '{"schemaVersion": 1, "profiles": "x"}');
    await expect(store.profiles.save({ name: 'a', hardware: { whatIf: { gpu: 'RTX 4090' } } }, alice)).rejects.toThrow(
      'Weightplan will not overwrite it',
    );
    expect(readFileSync(join(directory, 'profiles.json'), 'utf8')).toBe('{"schemaVersion": 1, "profiles": "x"}');
  });
});
