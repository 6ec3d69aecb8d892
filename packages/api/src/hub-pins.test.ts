import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { buildWhatIfProfile } from '@weightplan/hardware';
import {
  fixtureSha,
  gatedLlamaRepo,
  qwen3AwqRepo,
  qwen3GgufRepo,
  qwen3Repo,
  type StandInHub,
  type StandInRepo,
  startStandInHub,
} from '@weightplan/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiContext } from './context.js';
import { appRouter } from './router.js';
import { createCallerFactory } from './trpc.js';

/*
 * Models pinned from the Hub (a stand-in on 127.0.0.1 speaking the Hub's documented endpoints): their
 * provenance travels with them, the planner's whole-catalog views include them, and `models.refresh` follows
 * the repository to its next commit — or keeps the entry, and says why, when the Hub cannot be asked.
 */

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
// Qwen3-8B's five bf16 shards under a name no catalog knows, as a fine-tune published this morning would be.
const FRESH = 'acme/Qwen3-8B-Support-Agent';
const QWEN3_8B_PARAMETERS = 8_190_735_360;
const freshRepo = (): StandInRepo => ({ ...qwen3Repo(), id: FRESH, sha: fixtureSha(FRESH) });
const bytesOf = (repo: StandInRepo, pattern: RegExp) => repo.files.filter((f) => pattern.test(f.path)).reduce((s, f) => s + f.size, 0);

let hub: StandInHub;
const suiteStarted = Date.now();
let caller: ReturnType<typeof callerFor>;
const callerFor = (context: Partial<ApiContext>) =>
  createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [], ...context });

const configDirectory = mkdtempSync(join(tmpdir(), 'wp-api-pins-'));
const cacheDirectory = mkdtempSync(join(tmpdir(), 'wp-api-pins-cache-'));
beforeAll(async () => {
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  hub = await startStandInHub({ repos: [freshRepo(), qwen3GgufRepo(), gatedLlamaRepo()] });
  caller = callerFor({ hub: { endpoint: hub.endpoint, cacheDir: cacheDirectory } });
});
afterAll(async () => {
  await hub.close();
  for (const directory of [configDirectory, cacheDirectory]) rmSync(directory, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('models.hub: a look-up without pinning', () => {
  it('reads a safetensors repository exactly, with the commit it read', async () => {
    const answer = await caller.models.hub({ id: FRESH });
    if (answer.kind !== 'model') throw new Error(`expected a model, got ${answer.kind}`);
    expect(answer.model.parameterCount).toBe(QWEN3_8B_PARAMETERS);
    expect(answer.commit).toBe(fixtureSha(FRESH));
    expect(answer.model.hubSource).toMatchObject({ repo: FRESH, quant: null, revision: 'main', commit: fixtureSha(FRESH) });
    expect(answer.weightsBytes).toBe(QWEN3_8B_PARAMETERS * 2);
    // The quant mix the Inspect view shows: every tensor bf16 here, adding up to the exact bytes.
    expect(answer.byDtype?.map((d) => d.type)).toEqual(['BF16']);
    expect(answer.byDtype?.reduce((sum, d) => sum + d.bytes, 0)).toBe(answer.weightsBytes);
  });

  it('plans a Hub model "as-stored": the weights as read, the same answer as naming no precision', async () => {
    const named = await caller.estimate({ model: FRESH, precision: 'as-stored', hardware: { whatIf: { gpu: 'H100 SXM' } } });
    const unnamed = await caller.estimate({ model: FRESH, hardware: { whatIf: { gpu: 'H100 SXM' } } });
    expect(named.memory.weightsBytes).toBe(QWEN3_8B_PARAMETERS * 2);
    expect(named.memory).toEqual(unnamed.memory);
  });

  it('lists the quantisations of a GGUF repository named without one, with the exact bytes of their files', async () => {
    const answer = await caller.models.hub({ id: 'bartowski/Qwen_Qwen3-8B-GGUF' });
    if (answer.kind !== 'quants') throw new Error(`expected quants, got ${answer.kind}`);
    const repo = qwen3GgufRepo();
    expect(answer.quants.map((q) => [q.quant, q.bytes])).toEqual([
      ['Q4_K_M', bytesOf(repo, /Q4_K_M\.gguf$/)],
      ['Q8_0', bytesOf(repo, /Q8_0-0000[12]-of-00002\.gguf$/)],
    ]);
    expect(answer.quants[1]?.files).toHaveLength(2);
  });

  it('answers a missing repository with the closest catalog names, a gated one with what to do, a malformed id with the form', async () => {
    const missing = await failure(caller.models.hub({ id: 'meta-llama/Meta-Llama-3-8B-Instruckt' }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/no such repository on the Hub .*; closest catalog names: meta-llama\/Meta-Llama-3-8B-Instruct/);
    const gated = await failure(caller.models.hub({ id: gatedLlamaRepo().id }));
    expect(gated.code).toBe('FORBIDDEN');
    expect(gated.message).toBe(
      'meta-llama/Llama-3.2-1B-Instruct: this repository is gated: accept its license on the Hub and set HF_TOKEN',
    );
    const malformed = await failure(caller.models.hub({ id: 'just-a-name' }));
    expect(malformed.code).toBe('BAD_REQUEST');
    expect(malformed.message).toMatch(/not a Hub id: give ORG\/NAME or ORG\/NAME:QUANT/);
  });

  it('is refused by a host that does not reach the Hub', async () => {
    expect((await failure(callerFor({}).models.hub({ id: FRESH }))).code).toBe('FORBIDDEN');
    expect((await failure(callerFor({}).models.refresh({}))).code).toBe('FORBIDDEN');
  });
});

describe('a model pinned from the Hub', () => {
  it('carries its repository, commit and look-up date in the catalog list', async () => {
    const pinned = await caller.models.import({ path: `hf:${FRESH}` });
    expect(pinned.hubSource).toMatchObject({ repo: FRESH, commit: fixtureSha(FRESH) });
    const entry = (await caller.models.list({ kind: 'open', imported: true })).open.find((m) => m.id === FRESH);
    expect(entry?.hubSource?.commit).toBe(fixtureSha(FRESH));
    // When the headers were read: the look-up above, whose answer the cache kept for this commit.
    const lookedUpAt = Date.parse(entry?.hubSource?.lookedUpAt ?? '');
    expect(lookedUpAt).toBeGreaterThanOrEqual(suiteStarted);
    expect(lookedUpAt).toBeLessThanOrEqual(Date.now());
  });

  it('is a row of the fit matrix and a candidate of the recommendations', async () => {
    const matrix = await caller.fitMatrix({ hardware: { whatIf: { gpu: 'RTX 4090' } }, precisions: ['Q4_K_M'] });
    const row = matrix.rows.find((r) => r.modelId === FRESH);
    expect(row?.cells[0]?.fit).toBe('fits');
    const picked = await caller.fitMatrix({ modelIds: [FRESH], hardware: { whatIf: { gpu: 'RTX 4090' } } });
    expect(picked.rows.map((r) => r.modelId)).toEqual([FRESH]);
    const recommended = await caller.recommend({ hardware: { whatIf: { gpu: 'RTX 4090' } }, limit: 1000 });
    expect(recommended.recommendations.map((r) => r.modelId)).toContain(FRESH);
  });

  it('a GGUF quantisation pins under the repository id, with its quant in the provenance', async () => {
    const pinned = await caller.models.import({ path: 'hf:bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M' });
    expect(pinned.hubSource?.quant).toBe('Q4_K_M');
    // The tensor data of the file: its size less the header (metadata and a 152k-token vocabulary, about 2 MB).
    const headerBytes = bytesOf(qwen3GgufRepo(), /Q4_K_M\.gguf$/) - (pinned.hubSource?.weightsBytes ?? 0);
    expect(headerBytes).toBeGreaterThan(1024 ** 2);
    expect(headerBytes).toBeLessThan(4 * 1024 ** 2);
  });
});

describe('models.refresh', () => {
  it('reports every pinned model unchanged while the Hub serves the same commits', async () => {
    const { refreshed } = await caller.models.refresh({});
    expect(refreshed.map((r) => [r.id, r.status]).sort()).toEqual([
      ['acme/Qwen3-8B-Support-Agent', 'unchanged'],
      ['bartowski/Qwen_Qwen3-8B-GGUF', 'unchanged'],
    ]);
  });

  it('keeps every entry and says why when the Hub cannot be reached', async () => {
    const offline = callerFor({ hub: { endpoint: 'http://127.0.0.1:9', cacheDir: null, timeoutMs: 2000 } });
    const { refreshed } = await offline.models.refresh({});
    expect(refreshed.map((r) => r.status)).toEqual(['kept', 'kept']);
    for (const r of refreshed) {
      expect(r.current).toEqual(r.previous);
      expect(r.messages[0]).toMatch(/^kept the entry of commit [0-9a-f]{7}: .*127\.0\.0\.1:9/);
    }
    const entry = (await caller.models.list({ kind: 'open', imported: true })).open.find((m) => m.id === FRESH);
    expect(entry?.hubSource?.commit).toBe(fixtureSha(FRESH));
  });

  it('follows a repository to its new commit and says what changed; the estimate uses the new files', async () => {
    const before = await caller.estimate({ model: FRESH, hardware: { whatIf: { gpu: 'RTX 4090' } } });
    // The publisher replaced the bf16 shards with a 4-bit AWQ checkpoint in a new commit.
    const next = fixtureSha(`${FRESH}@awq`);
    hub.addRepo({ ...qwen3AwqRepo(), id: FRESH, sha: next });
    const { refreshed } = await caller.models.refresh({ id: FRESH });
    expect(refreshed).toHaveLength(1);
    const [outcome] = refreshed;
    expect(outcome?.status).toBe('updated');
    expect(outcome?.previous.commit).toBe(fixtureSha(FRESH));
    expect(outcome?.current.commit).toBe(next);
    const bytes = outcome?.changes.find((c) => c.field === 'weightsBytes');
    expect(bytes?.before).toBe(QWEN3_8B_PARAMETERS * 2);
    // Exact: the shards' tensor data, their headers left out.
    const awqShards = qwen3AwqRepo().files.filter((f) => f.path.endsWith('.safetensors'));
    expect(bytes?.after).toBe(awqShards.reduce((s, f) => s + f.size - f.head.length, 0));
    const after = await caller.estimate({ model: FRESH, hardware: { whatIf: { gpu: 'RTX 4090' } } });
    expect(after.memory.weightsBytes).toBeLessThan(before.memory.weightsBytes / 2);
    const entry = (await caller.models.list({ kind: 'open', imported: true })).open.find((m) => m.id === FRESH);
    expect(entry?.hubSource?.commit).toBe(next);
  });

  it('refuses an id that was not pinned from the Hub, naming what pins one', async () => {
    const error = await failure(caller.models.refresh({ id: 'llama-3-8b' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/was not pinned from the Hub \(models add hf:ORG\/NAME pins one\)/);
  });
});
