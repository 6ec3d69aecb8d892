import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createWeightplanClient } from '@weightplan/client';
import { formatBytes } from '@weightplan/format';
import { createWeightplanMcpServer } from '@weightplan/mcp';
import { createWeightplanServer, type WeightplanServer } from '@weightplan/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TEST_MACHINE } from './testing/cli-harness.js';

/*
 * Every surface reaches the planner through the one router, so one question gets one answer: the CLI's
 * --json, REST, the typed tRPC client and the MCP tool agree to the byte and to the last digit.
 */

const question = {
  model: 'meta-llama/Llama-3.3-70B-Instruct',
  precision: 'Q4_K_M',
  contextTokens: 16_384,
  promptTokens: 2048,
  hardware: { whatIf: { gpu: '2x RTX 3090', ramGiB: 128 } },
};
const flags = [
  '--model',
  question.model,
  '--precision',
  'Q4_K_M',
  '--context',
  '16k',
  '--prompt-tokens',
  '2048',
  '--gpu',
  '2x RTX 3090',
  '--ram',
  '128',
];

interface Answer {
  memory: { weightsBytes: number; kvCacheBytes: number; totalBytes: number };
  throughput: {
    decodeTokensPerSecond: number;
    low: number;
    high: number;
    prefillTokensPerSecond: number;
    timeToFirstTokenSeconds: number;
  } | null;
  placement: { fit: string };
}

let server: WeightplanServer;
let url: string;
let mcp: Client;

beforeAll(async () => {
  server = createWeightplanServer({ port: 0, workers: 0 }, { detectHardware: async () => TEST_MACHINE, log: () => {} });
  url = await server.listen();
  const mcpServer = createWeightplanMcpServer({ detectHardware: async () => TEST_MACHINE, allowedRoots: [] });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcpServer.connect(serverSide);
  mcp = new Client({ name: 'one-way-in', version: '1.0.0' });
  await mcp.connect(clientSide);
});
afterAll(() => server.close());

function numbers(a: Answer) {
  return {
    fit: a.placement.fit,
    weightsBytes: a.memory.weightsBytes,
    kvCacheBytes: a.memory.kvCacheBytes,
    totalBytes: a.memory.totalBytes,
    decodeTokensPerSecond: a.throughput?.decodeTokensPerSecond,
    decodeRange: [a.throughput?.low, a.throughput?.high],
    prefillTokensPerSecond: a.throughput?.prefillTokensPerSecond,
    timeToFirstTokenSeconds: a.throughput?.timeToFirstTokenSeconds,
  };
}

describe('one question, four surfaces, one answer', () => {
  it('the CLI --json, REST, tRPC and MCP give identical numbers for the same estimate', async () => {
    const fromCli = await cli(['estimate', ...flags, '--json']);
    expect(fromCli.code, fromCli.err).toBe(0);
    const cliAnswer = numbers(JSON.parse(fromCli.out) as Answer);

    const rest = await fetch(`${url}/api/v1/estimate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(question),
    });
    expect(rest.status).toBe(200);
    const restAnswer = numbers((await rest.json()) as Answer);

    const trpcAnswer = numbers((await createWeightplanClient(url).estimate.mutate(question)) as Answer);

    const tool = await mcp.callTool({ name: 'estimate', arguments: question });
    const text = (tool.content as Array<{ text: string }>)[0]?.text ?? '';
    const summary = JSON.parse(text.slice(text.indexOf('\n\n') + 2));
    const mcpAnswer = {
      fit: summary.fit,
      weightsBytes: summary.memory.weightsBytes,
      kvCacheBytes: summary.memory.kvCacheBytes,
      totalBytes: summary.memory.totalBytes,
      decodeTokensPerSecond: summary.speed?.decodeTokensPerSecond,
      decodeRange: summary.speed?.decodeRange,
      prefillTokensPerSecond: summary.speed?.prefillTokensPerSecond,
      timeToFirstTokenSeconds: summary.speed?.timeToFirstTokenSeconds,
    };

    expect(cliAnswer.totalBytes).toBeGreaterThan(40 * 1024 ** 3);
    expect(restAnswer).toEqual(cliAnswer);
    expect(trpcAnswer).toEqual(cliAnswer);
    expect(mcpAnswer).toEqual(cliAnswer);
    // And the text surfaces print the same figure the same way.
    expect(text).toContain(formatBytes(cliAnswer.totalBytes));
    const table = await cli(['estimate', ...flags]);
    expect(table.out).toContain(formatBytes(cliAnswer.totalBytes));
  });

  it('recommend through the CLI and REST ranks the same models with the same speeds', async () => {
    const fromCli = await cli(['recommend', '--gpu', '2x RTX 3090', '--ram', '128', '--limit', '5', '--json']);
    expect(fromCli.code, fromCli.err).toBe(0);
    const rest = await fetch(`${url}/api/v1/recommend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hardware: { whatIf: { gpu: '2x RTX 3090', ramGiB: 128 } }, limit: 5 }),
    });
    type Ranked = { recommendations: Array<{ modelId: string; precision: string; throughput: { decodeTokensPerSecond: number } }> };
    const pick = (r: Ranked) => r.recommendations.map((x) => [x.modelId, x.precision, x.throughput.decodeTokensPerSecond]);
    const body = await rest.text();
    expect(rest.status, body).toBe(200);
    expect(pick(JSON.parse(body) as Ranked)).toEqual(pick(JSON.parse(fromCli.out) as Ranked));
  });

  it('the closed catalog is the same list in the CLI and the API', async () => {
    const fromCli = await cli(['models', '--closed', '--json']);
    const api = await createWeightplanClient(url).models.list.query({ kind: 'closed' });
    const ids = (JSON.parse(fromCli.out) as { models: Array<{ id: string }> }).models.map((m) => m.id);
    expect(ids.length).toBeGreaterThan(30);
    expect(ids).toEqual(api.closed.map((m) => m.id));
    const table = await cli(['models', '--closed']);
    expect(table.out).toContain('anthropic/');
    expect(table.out).not.toMatch(/No closed/);
  });
});
