import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

// The real process, run from sources: signals and the stdio protocol cannot be faked in-process.
const cliDirectory = fileURLToPath(new URL('..', import.meta.url));
const nodeArgs = ['--conditions=@weightplan/source', '--import', 'tsx', 'test/cli-from-source.ts'];
const configDirectory = mkdtempSync(join(tmpdir(), 'wp-process-'));
const env = { ...process.env, WEIGHTPLAN_CONFIG_DIR: configDirectory };
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(configDirectory, { recursive: true, force: true }));

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('weightplan serve (process)', () => {
  it('on SIGTERM answers the request in flight, then exits 0', async () => {
    const child = spawn(process.execPath, [...nodeArgs, 'serve', '--port', '0'], { cwd: cliDirectory, env });
    children.push(child);
    const exited = exitOf(child);
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /serving on (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
    });
    // Send half the body, signal, then the rest: the request is certainly in flight when SIGTERM lands.
    const body = JSON.stringify({ model: 'llama-3-8b', precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090' } } });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(
        `${url}/api/v1/estimate`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.write(body.slice(0, 20));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => request.end(body.slice(20)), 300);
      }, 300);
    });
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect((JSON.parse(text) as { model: { parameterCount: number } }).model.parameterCount).toBe(8_030_261_248);
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 90_000);

  it('refuses to listen beyond loopback without an API key (exit 2, a message)', async () => {
    const child = spawn(process.execPath, [...nodeArgs, 'serve', '--host', '0.0.0.0', '--port', '0'], {
      cwd: cliDirectory,
      env: { ...env, WEIGHTPLAN_API_KEY: '' },
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await exitOf(child)).toBe(2);
    expect(stderr).toMatch(/give an API key/);
  }, 90_000);
});

describe('weightplan mcp (process)', () => {
  it('lists its tools and answers an estimate over stdio', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...nodeArgs, 'mcp'],
      cwd: cliDirectory,
      env: env as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'weightplan-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['detect', 'estimate', 'models', 'recommend']);
      const estimate = tools.find((t) => t.name === 'estimate');
      expect(estimate?.inputSchema.required).toEqual(['model']);

      const answer = await client.callTool({
        name: 'estimate',
        arguments: { model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: 8192, hardware: { whatIf: { gpu: 'RTX 4090' } } },
      });
      expect(answer.isError).toBeFalsy();
      const text = (answer.content as Array<{ type: string; text: string }>)[0]?.text ?? '';
      expect(text).toMatch(/^meta-llama\/Meta-Llama-3-8B-Instruct at Q4_K_M on NVIDIA GeForce RTX 4090, 64 GiB RAM: fits, 6\.23 GiB, \d+/);
      const document = JSON.parse(text.slice(text.indexOf('\n\n') + 2)) as {
        memory: { kvCacheBytes: number };
        speed: { decodeTokensPerSecond: number };
      };
      // 32 layers x 8 KV heads x 128 dims x 2 (K and V) x 2 bytes x 8192 tokens = 1 GiB, in bytes on the wire.
      expect(document.memory.kvCacheBytes).toBe(1024 ** 3);
      expect(document.speed.decodeTokensPerSecond).toBeGreaterThan(80);

      const wrong = await client.callTool({ name: 'estimate', arguments: { model: 'llama-9-1t', precision: 'Q4_K_M' } });
      expect(wrong.isError).toBe(true);
      expect(JSON.stringify(wrong.content)).toMatch(/llama-9-1t/);
    } finally {
      await client.close();
    }
  }, 90_000);
});
