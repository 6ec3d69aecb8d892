import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readSafetensorsHeader } from '@weightplan/weights/files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHubFile } from './hub-byte-source.js';
import { HubError } from './hub-error.js';
import { parseHubOptions } from './hub-options.js';
import { HubSession } from './hub-session.js';
import { type StandInHub, safetensorsFile, startStandInHub } from './testing/index.js';

const SHA = 'a'.repeat(40);
let hub: StandInHub;
beforeAll(async () => {
  const tensors = Array.from({ length: 3000 }, (_, i) => ({
    name: `model.layers.${i}.mlp.up_proj.weight`,
    dtype: 'BF16',
    shape: [64, 64],
  }));
  hub = await startStandInHub({
    repos: [{ id: 'test/big-header', sha: SHA, files: [safetensorsFile('model.safetensors', tensors)] }],
    lfsThresholdBytes: 1,
  });
});
afterAll(() => hub.close());

const session = (budget = 20) => new HubSession(parseHubOptions({ endpoint: hub.endpoint, token: hub.token }), 'test/big-header', budget);

describe('openHubFile', () => {
  it('reads a header larger than the first guess with one more range request, following the CDN redirect once', async () => {
    const s = session();
    const source = await openHubFile(s, SHA, 'model.safetensors', { firstBytes: 16 * 1024, maxChunkBytes: 1 << 20 });
    const header = await readSafetensorsHeader(source);
    expect(header.tensors).toHaveLength(3000);
    expect(header.headerBytes).toBeGreaterThan(16 * 1024);
    expect(source.requests).toBe(2);
    // First read: resolve -> 302 -> CDN; the second goes straight to the CDN URL it learnt.
    expect(s.exchanges.map((e) => e.status)).toEqual([302, 206, 206]);
    expect(s.bytesRead).toBeLessThan(8 + header.headerBytes + 64 * 1024);
  });
});

describe('HubSession', () => {
  it('stops at its request bound with a one-line error', async () => {
    const s = session(3);
    await s.range(SHA, 'model.safetensors', 0, 8);
    await expect(s.range('main', 'model.safetensors', 0, 8)).rejects.toThrow(
      `test/big-header: the look-up needed more than 3 requests to the Hub at ${hub.endpoint}; stopped`,
    );
  });

  it('stops at its byte bound', async () => {
    const s = new HubSession(parseHubOptions({ endpoint: hub.endpoint }), 'test/big-header', 10, 10_000);
    await expect(s.range(SHA, 'model.safetensors', 0, 64 * 1024)).rejects.toThrow(
      'test/big-header: the look-up read more than 10000 bytes from the Hub; stopped',
    );
  });

  it('keeps only the asked-for bytes from a server that ignores Range', async () => {
    const server = createServer((_, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const s = new HubSession(parseHubOptions({ endpoint }), 'o/m', 5);
      const answer = await s.range('main', 'f.bin', 0, 1000);
      expect(answer.bytes.length).toBe(1000);
      expect(answer.fileSize).toBe(10 * 1024 * 1024);
      expect(s.bytesRead).toBeLessThan(2 * 1024 * 1024);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('maps a 5xx answer to "unreachable" naming the host', async () => {
    const server = createServer((_, res) => {
      res.writeHead(503);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = await new HubSession(parseHubOptions({ endpoint }), 'o/m', 5).apiJson('', 'GET /api/models/o/m').catch((e) => e);
      expect(error).toBeInstanceOf(HubError);
      expect(error.kind).toBe('unreachable');
      expect(error.message).toBe(`the Hub at ${endpoint} answered HTTP 503 for GET /api/models/o/m; try again later`);
    } finally {
      server.close();
    }
  });
});

describe('the stand-in Hub', () => {
  it('pages the tree with a Link header and answers byte ranges of virtual files', async () => {
    const paged = await startStandInHub({
      repos: [{ id: 'o/m', sha: SHA, files: ['a', 'b', 'c'].map((p) => ({ path: p, size: 5, head: Buffer.from('hello') })) }],
      treePageSize: 2,
    });
    try {
      const first = await fetch(`${paged.endpoint}/api/models/o/m/tree/main?recursive=true`);
      expect(((await first.json()) as unknown[]).length).toBe(2);
      const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1] ?? '';
      expect(((await (await fetch(next)).json()) as Array<{ path: string }>).map((e) => e.path)).toEqual(['c']);
      const range = await fetch(`${paged.endpoint}/o/m/resolve/main/b`, { headers: { range: 'bytes=1-3' } });
      expect(range.status).toBe(206);
      expect(range.headers.get('content-range')).toBe('bytes 1-3/5');
      expect(await range.text()).toBe('ell');
      expect((await fetch(`${paged.endpoint}/o/m/resolve/main/b`, { headers: { range: 'bytes=9-' } })).status).toBe(416);
    } finally {
      await paged.close();
    }
  });
});
