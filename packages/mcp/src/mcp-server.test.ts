import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWeightplanMcpServer } from './mcp-server.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 3090', ramBytes: 64 * GiB });
let client: Client;

beforeAll(async () => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-mcp-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  const server = createWeightplanMcpServer({ detectHardware: async () => machine, allowedRoots: [] });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  return () => rmSync(configDirectory, { recursive: true, force: true });
});

async function call(name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
  const split = text.indexOf('\n\n');
  return {
    isError: result.isError === true,
    headline: split < 0 ? text : text.slice(0, split),
    body: split < 0 ? undefined : JSON.parse(text.slice(split + 2)),
  };
}

describe('the MCP tools', () => {
  it('recommend answers "what can I run here?" for the host machine', async () => {
    const { headline, body } = await call('recommend', { limit: 3 });
    expect(headline).toMatch(/^On NVIDIA GeForce RTX 3090, 64 GiB RAM: best is \S+ at \S+ \([\d.]+ tokens\/s, [\d.]+ GiB\)\.$/);
    expect(body.recommendations).toHaveLength(3);
    // A 24 GiB card: the best answers sit wholly on the GPU, 32B-class models at 5 bits.
    for (const r of body.recommendations) {
      expect(r.placement).toBe('gpu');
      expect(['fits', 'tight']).toContain(r.fit);
    }
  });

  it('models finds catalog entries with exact sizes', async () => {
    const { body } = await call('models', { search: 'Meta-Llama-3-8B' });
    const llama = body.open.find((m: { id: string }) => m.id === 'meta-llama/Meta-Llama-3-8B-Instruct');
    expect(llama.parameterCount).toBe(8_030_261_248);
    expect(llama.maxContextTokens).toBe(8192);
  });

  it('detect describes the host', async () => {
    const { body } = await call('detect', {});
    expect(body.gpus).toEqual([
      { name: 'NVIDIA GeForce RTX 3090', memoryBytes: 24 * GiB, usableMemoryBytes: 24 * GiB, bandwidthBytesPerSecond: 936e9, known: true },
    ]);
  });

  it('reports bad input as a tool error naming the field, and reads no files by default', async () => {
    const negative = await call('estimate', { model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: -5 });
    expect(negative.isError).toBe(true);
    expect(negative.headline).toMatch(/contextTokens/);
    const file = await call('estimate', { model: '/etc/passwd.gguf' });
    expect(file.isError).toBe(true);
    expect(file.headline).toMatch(/outside the directories/);
  });
});
