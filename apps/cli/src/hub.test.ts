import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createWeightplanClient } from '@weightplan/client';
import { fixtureSha, qwen3AwqRepo, qwen3GgufRepo, qwen3Repo, type StandInHub, startStandInHub } from '@weightplan/hub/testing';
import { createWeightplanMcpServer } from '@weightplan/mcp';
import { createWeightplanServer, type WeightplanServer } from '@weightplan/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TEST_MACHINE } from './testing/cli-harness.js';
import { testDirectory } from './testing/test-directory.js';

/*
 * A model published today is not in the catalog: every surface looks it up on the Hub (here a stand-in on
 * 127.0.0.1 that speaks the Hub's documented endpoints) and plans it from its exact headers.
 */

// Qwen3-8B's five bf16 shards under a name no catalog knows, as a fine-tune published this morning would be.
const FRESH = 'acme/Qwen3-8B-Support-Agent';
const QWEN3_8B_PARAMETERS = 8_190_735_360;

let hub: StandInHub;
let server: WeightplanServer;
let url: string;
const saved = { ...process.env };
let cacheDirectory: string;

beforeAll(async () => {
  hub = await startStandInHub({ repos: [{ ...qwen3Repo(), id: FRESH, sha: fixtureSha(FRESH) }, qwen3GgufRepo()] });
  process.env.HF_ENDPOINT = hub.endpoint;
  cacheDirectory = mkdtempSync(join(tmpdir(), 'wp-hub-cache-'));
  process.env.XDG_CACHE_HOME = cacheDirectory;
  process.env.HF_TOKEN = '';
  server = createWeightplanServer(
    { port: 0, workers: 0 },
    {
      detectHardware: async () => TEST_MACHINE,
      log: () => {},
      hub: { endpoint: hub.endpoint, cacheDir: join(process.env.XDG_CACHE_HOME, 'server') },
    },
  );
  url = await server.listen();
});
afterAll(async () => {
  await server.close();
  await hub.close();
  process.env = saved;
  rmSync(cacheDirectory, { recursive: true, force: true });
});

describe('a model that is only on the Hub', () => {
  it('HF_ENDPOINT=... weightplan estimate --model ORG/NAME answers from the headers served there, parameter count exact', async () => {
    const { code, out, err } = await cli(['estimate', '--model', FRESH, '--precision', 'Q4_K_M', '--gpu', 'RTX 4090', '--json']);
    expect(code, err).toBe(0);
    const estimate = JSON.parse(out);
    expect(estimate.model.id).toBe(FRESH);
    expect(estimate.model.parameterCount).toBe(QWEN3_8B_PARAMETERS);
    expect(estimate.warnings.some((w: string) => w.startsWith(`${FRESH}: looked up on the Hub, commit`))).toBe(true);
  });

  it('the same id works through REST, tRPC and MCP, with the same numbers', async () => {
    const question = { model: FRESH, precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090' } } };
    const rest = await fetch(`${url}/api/v1/estimate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(question),
    });
    expect(rest.status).toBe(200);
    const fromRest = (await rest.json()) as { model: { parameterCount: number }; memory: { totalBytes: number } };
    const fromTrpc = await createWeightplanClient(url).estimate.mutate(question);
    expect(fromRest.model.parameterCount).toBe(QWEN3_8B_PARAMETERS);
    expect(fromTrpc.memory.totalBytes).toBe(fromRest.memory.totalBytes);

    const mcpServer = createWeightplanMcpServer({
      detectHardware: async () => TEST_MACHINE,
      allowedRoots: [],
      hub: { endpoint: hub.endpoint, cacheDir: null },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcpServer.connect(serverSide);
    const mcp = new Client({ name: 'hub-test', version: '1.0.0' });
    await mcp.connect(clientSide);
    const tool = await mcp.callTool({ name: 'estimate', arguments: question });
    const text = (tool.content as Array<{ text: string }>)[0]?.text ?? '';
    expect(tool.isError, text).toBeFalsy();
    expect(JSON.parse(text.slice(text.indexOf('\n\n') + 2)).memory.totalBytes).toBe(fromRest.memory.totalBytes);
  });

  it('a GGUF repository takes :QUANT; without one it answers which quantisations it offers', async () => {
    const { code, out, err } = await cli(['estimate', '--model', 'bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M', '--gpu', 'RTX 4090', '--json']);
    expect(code, err).toBe(0);
    const estimate = JSON.parse(out);
    expect(estimate.model.parameterCount).toBe(QWEN3_8B_PARAMETERS);
    // The file's own tensor types, not a recipe: Q4_K_M keeps some tensors at Q6_K.
    expect(estimate.memory.weightsByType.map((t: { type: string }) => t.type)).toContain('Q6_K');

    const bare = await cli(['estimate', '--model', 'bartowski/Qwen_Qwen3-8B-GGUF', '--gpu', 'RTX 4090']);
    expect(bare.code).toBe(2);
    expect(bare.err).toMatch(
      /is a GGUF repository: name a quantisation, e\.g\. bartowski\/Qwen_Qwen3-8B-GGUF:\S+; it offers .*Q4_K_M \([\d.]+ GiB\)/,
    );
  });

  it('an id the Hub does not have is a 404-style answer (exit 2), never a stack trace', async () => {
    const { code, err } = await cli(['estimate', '--model', 'nobody/no-such-model', '--precision', 'Q4_K_M', '--gpu', 'RTX 4090']);
    expect(code).toBe(2);
    expect(err).toMatch(/unknown model "nobody\/no-such-model" \(in neither catalog nor on the Hugging Face Hub\); closest known: /);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('offline, a looked-up id still answers from the cache', async () => {
    const before = await cli(['estimate', '--model', FRESH, '--precision', 'Q8_0', '--gpu', 'RTX 4090', '--json']);
    expect(before.code, before.err).toBe(0);
    process.env.HF_ENDPOINT = 'http://127.0.0.1:9'; // nothing listens on the discard port
    const after = await cli(['estimate', '--model', FRESH, '--precision', 'Q8_0', '--gpu', 'RTX 4090', '--json']);
    process.env.HF_ENDPOINT = hub.endpoint;
    expect(after.code, after.err).toBe(0);
    expect(JSON.parse(after.out).memory.totalBytes).toBe(JSON.parse(before.out).memory.totalBytes);
  });
});

describe('the MCP tools', () => {
  async function mcpClient() {
    const mcpServer = createWeightplanMcpServer({
      detectHardware: async () => TEST_MACHINE,
      allowedRoots: [],
      hub: { endpoint: hub.endpoint, cacheDir: null },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcpServer.connect(serverSide);
    const mcp = new Client({ name: 'hub-test', version: '1.0.0' });
    await mcp.connect(clientSide);
    return async (name: string, args: Record<string, unknown>) => {
      const tool = await mcp.callTool({ name, arguments: args });
      const text = (tool.content as Array<{ text: string }>)[0]?.text ?? '';
      const split = text.indexOf('\n\n');
      return {
        isError: tool.isError === true,
        headline: split < 0 ? text : text.slice(0, split),
        body: split < 0 ? null : JSON.parse(text.slice(split + 2)),
      };
    };
  }

  it('models looks a Hub id up: the model with its exact count, or the quantisations of a GGUF repository; a missing one is an error line', async () => {
    const call = await mcpClient();
    const fresh = await call('models', { search: FRESH });
    expect(fresh.isError).toBe(false);
    expect(fresh.headline).toBe(`${FRESH}: looked up on the Hub at commit ${fixtureSha(FRESH).slice(0, 7)}, 8,190,735,360 parameters.`);
    expect(fresh.body.hub).toMatchObject({ kind: 'model', parameterCount: QWEN3_8B_PARAMETERS, commit: fixtureSha(FRESH) });
    const gguf = await call('models', { search: 'bartowski/Qwen_Qwen3-8B-GGUF' });
    expect(gguf.headline).toBe(
      'bartowski/Qwen_Qwen3-8B-GGUF is a GGUF repository; it offers Q4_K_M, Q8_0 (use bartowski/Qwen_Qwen3-8B-GGUF:QUANT).',
    );
    expect(gguf.body.hub.quants.map((q: { id: string }) => q.id)).toEqual([
      'bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M',
      'bartowski/Qwen_Qwen3-8B-GGUF:Q8_0',
    ]);
    const missing = await call('models', { search: 'nobody/no-such-model' });
    expect(missing.isError).toBe(true);
    expect(missing.headline).toMatch(/^nobody\/no-such-model: no such repository on the Hub/);
    // A search that is also shaped like an id: the Hub does not have it, the catalog's matches answer.
    const search = await call('models', { search: 'qwen/qwen3' });
    expect(search.isError).toBe(false);
    expect(search.body.open.length).toBeGreaterThan(0);
    expect(search.body.hubError).toMatch(/^qwen\/qwen3: no such repository on the Hub/);
    // A catalog id is answered from the catalog, with no look-up.
    const requests = hub.requests.length;
    expect((await call('models', { search: 'Qwen/Qwen3-8B' })).body.hub).toBeUndefined();
    expect(hub.requests.length).toBe(requests);
  });

  it('estimate takes a GGUF repository id with its quantisation', async () => {
    const call = await mcpClient();
    const answer = await call('estimate', { model: 'bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090' } } });
    expect(answer.isError, answer.headline).toBe(false);
    expect(answer.body.model).toBe('bartowski/Qwen_Qwen3-8B-GGUF');
  });
});

describe('weightplan models add hf:ORG/NAME', () => {
  it('pins a Hub repository in the user catalog, so its id works offline like a catalog id', async () => {
    process.env.WEIGHTPLAN_CONFIG_DIR = testDirectory('wp-hub-config-');
    const added = await cli(['models', 'add', 'hf:bartowski/Qwen_Qwen3-8B-GGUF:Q8_0', '--json']);
    expect(added.code, added.err).toBe(0);
    const { added: id, parameterCount } = JSON.parse(added.out);
    expect(parameterCount).toBe(QWEN3_8B_PARAMETERS);
    process.env.HF_ENDPOINT = 'http://127.0.0.1:9';
    const listed = await cli(['models', '--imported', '--json']);
    const estimate = await cli(['estimate', '--model', id, '--gpu', 'RTX 4090', '--json']);
    process.env.HF_ENDPOINT = hub.endpoint;
    expect(JSON.parse(listed.out).models.map((m: { id: string }) => m.id)).toContain(id);
    expect(estimate.code, estimate.err).toBe(0);
    // The file's own tensors are the precision: exact bytes, no recipe.
    expect(JSON.parse(estimate.out).precision.id).toBe('file:bartowski/Qwen_Qwen3-8B-GGUF:Q8_0');
  });
});

describe('weightplan models refresh', () => {
  it('says which pins are unchanged, which moved to a new commit and what changed, and keeps them when the Hub is down', async () => {
    process.env.WEIGHTPLAN_CONFIG_DIR = testDirectory('wp-hub-refresh-');
    const pinned = await cli(['models', 'add', `hf:${FRESH}`]);
    expect(pinned.code, pinned.err).toBe(0);
    const same = await cli(['models', 'refresh']);
    expect(same.code, same.err).toBe(0);
    expect(same.out).toContain(`${FRESH}: unchanged at commit ${fixtureSha(FRESH).slice(0, 7)}`);

    process.env.HF_ENDPOINT = 'http://127.0.0.1:9';
    const down = await cli(['models', 'refresh', FRESH]);
    process.env.HF_ENDPOINT = hub.endpoint;
    expect(down.code, down.err).toBe(0);
    expect(down.out).toMatch(new RegExp(`${FRESH}: kept the entry of commit ${fixtureSha(FRESH).slice(0, 7)}: .*127\\.0\\.0\\.1:9`));
    expect(down.out).toContain('1 kept as they were (the Hub could not confirm them)');

    // The publisher replaces the bf16 shards with a 4-bit AWQ checkpoint in a new commit: fewer bytes.
    const next = fixtureSha(`${FRESH}@awq`);
    hub.addRepo({ ...qwen3AwqRepo(), id: FRESH, sha: next });
    const moved = await cli(['models', 'refresh']);
    expect(moved.code, moved.err).toBe(0);
    expect(moved.out).toMatch(
      new RegExp(
        `${FRESH}: updated, commit ${fixtureSha(FRESH).slice(0, 7)} -> ${next.slice(0, 7)}: .*weights 15\\.3 GiB \\(16,381,470,720\\) -> [\\d.]+ GiB`,
      ),
    );
    const again = await cli(['models', 'refresh', '--json']);
    const [outcome] = JSON.parse(again.out).refreshed;
    expect(outcome).toMatchObject({ id: FRESH, status: 'unchanged', current: { commit: next } });
  });

  it('an id that was not pinned from the Hub exits 2 in one line', async () => {
    const { code, err } = await cli(['models', 'refresh', 'llama-3-8b']);
    expect(code).toBe(2);
    expect(err.trim()).toMatch(/^.*was not pinned from the Hub \(models add hf:ORG\/NAME pins one\); nothing to refresh$/);
  });
});
