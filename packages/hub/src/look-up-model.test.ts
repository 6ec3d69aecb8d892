import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInModels, getPrecision, weightsFootprint } from '@weightplan/weights';
import { inspectWeights } from '@weightplan/weights/files';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { HubError } from './hub-error.js';
import type { HubLookup, HubModelLookup } from './hub-lookup.js';
import { lookUpModel } from './look-up-model.js';
import {
  fixtureRepos,
  gemma3VisionRepo,
  qwen3AwqRepo,
  qwen3GgufRepo,
  qwen3Repo,
  type StandInHub,
  type StandInRepo,
  startStandInHub,
} from './testing/index.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

let hub: StandInHub;
beforeAll(async () => {
  hub = await startStandInHub({ repos: fixtureRepos() });
});
afterAll(async () => {
  await hub.close();
});

const cacheDir = () => testDirectory('weightplan-hub-cache-');
const catalog = (id: string) => builtInModels().get(id);

function model(lookup: HubLookup): HubModelLookup {
  if (lookup.kind !== 'model') throw new Error(`expected a model, got ${lookup.kind}`);
  return lookup;
}

async function hubError(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubError);
  expect((error as Error).message).not.toContain('\n');
  return error as HubError;
}

/** Requests the stand-in saw during `run`. */
async function observe<T>(run: () => Promise<T>): Promise<{ result: T; seen: StandInHub['requests'] }> {
  const from = hub.requests.length;
  const result = await run();
  return { result, seen: hub.requests.slice(from) };
}

/** Writes a stand-in repository's files to a folder (data regions sparse), for `inspectWeights`. */
async function writeRepo(repo: StandInRepo): Promise<string> {
  const folder = testDirectory('weightplan-hub-local-');
  for (const file of repo.files) {
    const handle = await open(join(folder, file.path), 'w');
    await handle.write(file.head, 0, file.head.length, 0);
    await handle.truncate(file.size);
    await handle.close();
  }
  return folder;
}

describe('lookUpModel on a sharded safetensors repository', () => {
  it('reads Qwen/Qwen3-8B exactly (8,190,735,360 parameters, 16,381,470,720 bytes of BF16) from model info, config.json and one range read per shard', async () => {
    const { result, seen } = await observe(() => lookUpModel('Qwen/Qwen3-8B', { endpoint: hub.endpoint, cacheDir: null }));
    const { inspect, fetch } = model(result);
    expect(inspect.parameterCount).toBe(catalog('Qwen/Qwen3-8B').parameterCount);
    expect(inspect.parameterCount).toBe(8_190_735_360);
    expect(inspect.weightsBytes).toBe(16_381_470_720);
    expect(inspect.byDtype).toEqual([{ type: 'BF16', tensors: 399, parameters: 8_190_735_360, bytes: 16_381_470_720 }]);
    expect(inspect.files.map((f) => f.path)).toEqual([1, 2, 3, 4, 5].map((i) => `Qwen/Qwen3-8B/model-0000${i}-of-00005.safetensors`));
    expect(inspect.spec).toMatchObject({ id: 'Qwen/Qwen3-8B', publisher: 'Qwen', origin: 'imported', license: { id: 'apache-2.0' } });
    expect(inspect.spec.architecture).toMatchObject({ modelType: 'qwen3', layers: 36, kvHeads: 8, headDim: 128, qkNorm: true });
    expect(inspect.warnings).toEqual([]);
    // Model info, config.json, then one range per shard: the index is redundant with a complete conventional set.
    expect(fetch.requests).toBe(2 + 5);
    expect(fetch.bytesRead).toBeLessThan(5 * 1024 * 1024);
    expect(seen.some((r) => r.path.includes('index.json') || r.path.includes('/tree/'))).toBe(false);
    const shardReads = seen.filter((r) => r.path.includes('.safetensors'));
    expect(shardReads.every((r) => r.range?.startsWith('bytes=0-'))).toBe(true);
  });

  it('gives the same description as inspecting the same files on disk', async () => {
    const remote = model(await lookUpModel('Qwen/Qwen3-8B', { endpoint: hub.endpoint, cacheDir: null })).inspect;
    const local = await inspectWeights(await writeRepo(qwen3Repo()));
    expect(remote.parameterCount).toBe(local.parameterCount);
    expect(remote.weightsBytes).toBe(local.weightsBytes);
    expect(remote.byDtype).toEqual(local.byDtype);
    expect(remote.spec.architecture).toEqual(local.spec.architecture);
    expect(remote.precision?.storage).toEqual(local.precision?.storage);
  });

  it('reads an AWQ repository: quantization_config, packed int4 words counted as parameters, exact bytes', async () => {
    const { inspect } = model(await lookUpModel('Qwen/Qwen3-8B-AWQ', { endpoint: hub.endpoint, cacheDir: null }));
    const expectedBytes = qwen3AwqRepo()
      .files.filter((f) => f.path.endsWith('.safetensors'))
      .reduce((sum, f) => sum + f.size - f.head.length, 0);
    expect(inspect.quantization).toEqual({ method: 'awq', bits: 4, groupSize: 128 });
    expect(inspect.parameterCount).toBe(8_190_735_360);
    expect(inspect.weightsBytes).toBe(expectedBytes);
    expect(inspect.precision?.dominantType).toBe('AWQ');
    expect(inspect.byDtype.map((d) => d.type)).toEqual(['I32', 'F16']);
  });

  it('sends the token to the Hub only, never to the host large files redirect to', async () => {
    const { result, seen } = await observe(() =>
      lookUpModel('meta-llama/Llama-3.2-1B-Instruct', { endpoint: hub.endpoint, token: hub.token, cacheDir: null }),
    );
    expect(model(result).inspect.parameterCount).toBe(catalog('meta-llama/Llama-3.2-1B-Instruct').parameterCount);
    const cdn = seen.filter((r) => r.server === 'cdn');
    expect(cdn.length).toBeGreaterThan(0);
    expect(cdn.every((r) => r.authorization === undefined)).toBe(true);
    expect(seen.filter((r) => r.server === 'hub').every((r) => r.authorization === `Bearer ${hub.token}`)).toBe(true);
  });
});

describe('lookUpModel on GGUF repositories', () => {
  const qwen3 = catalog('Qwen/Qwen3-8B');

  it('reads ORG/NAME:QUANT: the Q4_K_M file header, tokenizer vocabulary and all, in a few growing range reads', async () => {
    const lookup = model(await lookUpModel('bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M', { endpoint: hub.endpoint, cacheDir: null }));
    expect(lookup.quant).toBe('Q4_K_M');
    expect(lookup.inspect.format).toBe('gguf');
    expect(lookup.inspect.parameterCount).toBe(qwen3.parameterCount);
    expect(lookup.inspect.weightsBytes).toBe(weightsFootprint(qwen3.architecture, getPrecision('Q4_K_M')).totalBytes);
    expect(lookup.inspect.spec.aliases).toEqual(['bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M']);
    expect(lookup.inspect.warnings).toEqual([]);
    // Model info, then 1 + 2 + 4 MiB reads of a 2.4 MB header.
    expect(lookup.fetch.requests).toBeLessThanOrEqual(5);
    expect(lookup.fetch.bytesRead).toBeLessThan(8 * 1024 * 1024);
  });

  it('reads every part of a split quant, whatever the case of its name', async () => {
    const { inspect } = model(await lookUpModel('bartowski/Qwen_Qwen3-8B-GGUF:q8_0', { endpoint: hub.endpoint, cacheDir: null }));
    expect(inspect.files.map((f) => f.path)).toEqual([
      'bartowski/Qwen_Qwen3-8B-GGUF/Qwen_Qwen3-8B-Q8_0-00001-of-00002.gguf',
      'bartowski/Qwen_Qwen3-8B-GGUF/Qwen_Qwen3-8B-Q8_0-00002-of-00002.gguf',
    ]);
    expect(inspect.parameterCount).toBe(qwen3.parameterCount);
    expect(inspect.weightsBytes).toBe(weightsFootprint(qwen3.architecture, getPrecision('Q8_0')).totalBytes);
    expect(inspect.warnings).toEqual([]);
  });

  it('lists the quantisations with exact sizes when asked without :QUANT', async () => {
    const lookup = await lookUpModel('bartowski/Qwen_Qwen3-8B-GGUF', { endpoint: hub.endpoint, cacheDir: null });
    if (lookup.kind !== 'quants') throw new Error('expected a listing');
    const files = qwen3GgufRepo().files;
    const size = (path: string) => files.find((f) => f.path === path)?.size ?? 0;
    expect(lookup.quants).toEqual([
      { quant: 'Q4_K_M', files: ['Qwen_Qwen3-8B-Q4_K_M.gguf'], bytes: size('Qwen_Qwen3-8B-Q4_K_M.gguf') },
      {
        quant: 'Q8_0',
        files: ['Qwen_Qwen3-8B-Q8_0-00001-of-00002.gguf', 'Qwen_Qwen3-8B-Q8_0-00002-of-00002.gguf'],
        bytes: size('Qwen_Qwen3-8B-Q8_0-00001-of-00002.gguf') + size('Qwen_Qwen3-8B-Q8_0-00002-of-00002.gguf'),
      },
    ]);
    expect(lookup.fetch.requests).toBe(2);
  });

  it('follows the file list across pages', async () => {
    const paged = await startStandInHub({ repos: [qwen3GgufRepo()], treePageSize: 2 });
    try {
      const lookup = await lookUpModel('bartowski/Qwen_Qwen3-8B-GGUF', { endpoint: paged.endpoint, cacheDir: null });
      expect(lookup.kind === 'quants' && lookup.quants.map((q) => q.quant)).toEqual(['Q4_K_M', 'Q8_0']);
      expect(lookup.fetch.requests).toBe(3);
    } finally {
      await paged.close();
    }
  });

  it('names the quantisations on offer when the one asked for is not', async () => {
    const error = await hubError(lookUpModel('bartowski/Qwen_Qwen3-8B-GGUF:Q2_K', { endpoint: hub.endpoint, cacheDir: null }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe('bartowski/Qwen_Qwen3-8B-GGUF offers no Q2_K; it offers Q4_K_M, Q8_0');
  });

  it('counts a vision model mmproj file: Gemma 3 4B is 3,880,263,168 text + 419,816,304 vision parameters', async () => {
    const gemma = catalog('google/gemma-3-4b-it');
    const lookup = model(await lookUpModel('ggml-org/gemma-3-4b-it-GGUF', { endpoint: hub.endpoint, cacheDir: null }));
    const mmproj = gemma3VisionRepo().files.find((f) => f.path === 'mmproj-model-f16.gguf');
    expect(lookup.quant).toBe('Q4_K_M');
    expect(lookup.inspect.spec.multimodalParameterCount).toBe(gemma.multimodalParameterCount);
    expect(lookup.inspect.parameterCount).toBe(gemma.parameterCount);
    expect(lookup.inspect.files.map((f) => f.path)).toContain('ggml-org/gemma-3-4b-it-GGUF/mmproj-model-f16.gguf');
    const mmprojTensorBytes = (mmproj?.size ?? 0) - Math.ceil((mmproj?.head.length ?? 0) / 32) * 32;
    expect(lookup.inspect.weightsBytes).toBe(weightsFootprint(gemma.architecture, getPrecision('Q4_K_M')).totalBytes + mmprojTensorBytes);
    expect(lookup.inspect.warnings).toEqual([]);
  });

  it('caches a repository read without :QUANT under that same request', async () => {
    const dir = cacheDir();
    await lookUpModel('ggml-org/gemma-3-4b-it-GGUF', { endpoint: hub.endpoint, cacheDir: dir });
    const again = await lookUpModel('ggml-org/gemma-3-4b-it-GGUF', { endpoint: hub.endpoint, cacheDir: dir });
    expect(again.source).toBe('cache');
    expect(again.quant).toBe('Q4_K_M');
  });
});

describe('lookUpModel errors', () => {
  it('says a gated repository needs its license accepted and HF_TOKEN', async () => {
    const error = await hubError(lookUpModel('meta-llama/Llama-3.2-1B-Instruct', { endpoint: hub.endpoint, cacheDir: null }));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toBe(
      'meta-llama/Llama-3.2-1B-Instruct: this repository is gated: accept its license on the Hub and set HF_TOKEN',
    );
    const wrongToken = await hubError(
      lookUpModel('meta-llama/Llama-3.2-1B-Instruct', { endpoint: hub.endpoint, token: 'hf_other', cacheDir: null }),
    );
    expect(wrongToken.kind).toBe('forbidden');
  });

  it('says a repository does not exist, with or without a token', async () => {
    for (const token of [undefined, hub.token]) {
      const error = await hubError(lookUpModel('nobody/no-such-model', { endpoint: hub.endpoint, token, cacheDir: null }));
      expect(error.kind).toBe('not-found');
      expect(error.message).toContain(`nobody/no-such-model: no such repository on the Hub at ${hub.endpoint}`);
    }
    const revision = await hubError(lookUpModel('Qwen/Qwen3-8B', { endpoint: hub.endpoint, revision: 'v9', cacheDir: null }));
    expect(revision.message).toBe('Qwen/Qwen3-8B: revision "v9" not found on the Hub');
  });

  it('finds a private repository only with a token that may see it', async () => {
    hub.addRepo({ ...qwen3AwqRepo(), id: 'acme/private-awq', private: true });
    const hidden = await hubError(lookUpModel('acme/private-awq', { endpoint: hub.endpoint, cacheDir: null }));
    expect(hidden.kind).toBe('not-found');
    expect(hidden.message).toBe(`acme/private-awq: no such repository on the Hub at ${hub.endpoint} (a private one needs HF_TOKEN)`);
    const lookup = await lookUpModel('acme/private-awq', { endpoint: hub.endpoint, token: hub.token, cacheDir: null });
    expect(model(lookup).inspect.parameterCount).toBe(8_190_735_360);
  });

  it('gives up on a Hub that does not answer after the per-request timeout, naming the endpoint', async () => {
    const started = performance.now();
    const error = await hubError(lookUpModel('slow/hanging-model', { endpoint: hub.endpoint, timeoutMs: 200, cacheDir: null }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain(`the Hub at ${hub.endpoint} did not answer`);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('says when the endpoint cannot be reached', async () => {
    const dead = await startStandInHub();
    const endpoint = dead.endpoint;
    await dead.close();
    const error = await hubError(lookUpModel('Qwen/Qwen3-8B', { endpoint, cacheDir: null }));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(new RegExp(`^cannot reach the Hub at ${endpoint} \\(ECONNREFUSED\\)`));
  });

  it('reports malformed JSON as such', async () => {
    const error = await hubError(lookUpModel('broken/json-model', { endpoint: hub.endpoint, cacheDir: null }));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/answered GET \/api\/models\/broken\/json-model with malformed JSON/);
  });

  it('rejects what is not a repository id', async () => {
    for (const bad of ['qwen3', 'a/b/c', '../etc/passwd', 'org/na me', 'org/name:Q4 K']) {
      expect((await hubError(lookUpModel(bad, { endpoint: hub.endpoint, cacheDir: null }))).kind).toBe('invalid-reference');
    }
  });
});

describe('the look-up cache', () => {
  it('answers a repeated look-up from the cache after one small request, and a pinned commit with none', async () => {
    const dir = cacheDir();
    const cold = await lookUpModel('Qwen/Qwen3-8B', { endpoint: hub.endpoint, cacheDir: dir });
    expect(cold.source).toBe('hub');
    const warm = await lookUpModel('Qwen/Qwen3-8B', { endpoint: hub.endpoint, cacheDir: dir });
    expect(warm.source).toBe('cache');
    expect(warm.fetch.requests).toBe(1);
    expect(model(warm).inspect).toEqual(model(cold).inspect);
    const pinned = await lookUpModel('Qwen/Qwen3-8B', { endpoint: hub.endpoint, cacheDir: dir, revision: cold.sha });
    expect(pinned.source).toBe('cache');
    expect(pinned.fetch.requests).toBe(0);
    // Generous bound: catches a pathological cache (the target, under 50 ms, is measured, not asserted).
    expect(pinned.fetch.elapsedMilliseconds).toBeLessThan(1_000);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps each quantisation apart', async () => {
    const dir = cacheDir();
    const q4 = model(await lookUpModel('bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M', { endpoint: hub.endpoint, cacheDir: dir }));
    const q8 = model(await lookUpModel('bartowski/Qwen_Qwen3-8B-GGUF:Q8_0', { endpoint: hub.endpoint, cacheDir: dir }));
    expect(q8.source).toBe('hub');
    expect(q8.inspect.weightsBytes).not.toBe(q4.inspect.weightsBytes);
    expect((await lookUpModel('bartowski/Qwen_Qwen3-8B-GGUF:q4_k_m', { endpoint: hub.endpoint, cacheDir: dir })).source).toBe('cache');
  });

  it('answers from the latest cached look-up when the Hub cannot be reached, and says so', async () => {
    const dir = cacheDir();
    await lookUpModel('Qwen/Qwen3-8B-AWQ', { endpoint: hub.endpoint, cacheDir: dir });
    const dead = await startStandInHub();
    await dead.close();
    const offline = await lookUpModel('Qwen/Qwen3-8B-AWQ', { endpoint: dead.endpoint, cacheDir: dir });
    expect(offline.source).toBe('offline-cache');
    expect(offline.warnings.at(-1)).toMatch(
      new RegExp(`^cannot reach the Hub at ${dead.endpoint} .*: answered from the cached look-up of commit [0-9a-f]{12} \\(`),
    );
    expect(model(offline).inspect.parameterCount).toBe(8_190_735_360);
    const slow = await lookUpModel('Qwen/Qwen3-8B-AWQ', { endpoint: hub.endpoint, cacheDir: dir, offline: true });
    expect(slow.source).toBe('offline-cache');
    expect(slow.fetch.requests).toBe(0);
    // Nothing cached for this one: the network error stands.
    expect((await hubError(lookUpModel('Qwen/Qwen3-8B', { endpoint: dead.endpoint, cacheDir: dir }))).kind).toBe('unreachable');
  });

  it('treats a damaged cache entry as a miss and rewrites it', async () => {
    const dir = cacheDir();
    const cold = await lookUpModel('Qwen/Qwen3-8B-AWQ', { endpoint: hub.endpoint, cacheDir: dir });
    for (const name of readdirSync(dir)) writeFileSync(join(dir, name), '{"version":1,"lookup":');
    const again = await lookUpModel('Qwen/Qwen3-8B-AWQ', { endpoint: hub.endpoint, cacheDir: dir });
    expect(again.source).toBe('hub');
    expect(again.sha).toBe(cold.sha);
    expect((await lookUpModel('Qwen/Qwen3-8B-AWQ', { endpoint: hub.endpoint, cacheDir: dir })).source).toBe('cache');
    // A tensor list that is not what was written (checked by a loop, not the schema) is a miss too.
    for (const name of readdirSync(dir)) {
      const entry = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      entry.lookup.inspect.precision.storage.tensors[7].bytes = -1;
      writeFileSync(join(dir, name), JSON.stringify(entry));
    }
    expect((await lookUpModel('Qwen/Qwen3-8B-AWQ', { endpoint: hub.endpoint, cacheDir: dir })).source).toBe('hub');
  });
});
