import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWeightplanClient } from '@weightplan/client';
import { buildWhatIfProfile, type HardwareProfile } from '@weightplan/hardware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeightplanServer, type WeightplanServer } from './create-server.js';
import { procedures } from './procedure-call.js';
import { isLoopback, type ServerOptionsInput } from './server-options.js';
import { COMPUTE_MUTATIONS, WRITE_PROCEDURES } from './write-procedures.js';

const machine = buildWhatIfProfile({ gpu: 'RTX 4090' });
const quiet = { detectHardware: async () => machine, log: () => {} };
const PLAN = { name: 'rig', model: 'llama-3-8b', precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090' } }, scenario: {} };
const PROFILE = { name: 'rig', hardware: { whatIf: { gpu: 'RTX 4090' } } };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request exactly as written: fetch would not let a test set Host or leave out the content type. */
function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'content-type': 'application/json' };

/** A fresh server (its own config directory, so plans and machines start empty). */
const configDirectories: string[] = [];
afterAll(() => {
  for (const directory of configDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

async function start(options: ServerOptionsInput = {}, dependencies: Partial<typeof quiet> = {}) {
  process.env.WEIGHTPLAN_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'wp-hardening-'));
  configDirectories.push(process.env.WEIGHTPLAN_CONFIG_DIR);
  const server = createWeightplanServer({ port: 0, workers: 0, ...options }, { ...quiet, ...dependencies });
  return { server, base: await server.listen() };
}

let shared: WeightplanServer;
let base: string;
beforeAll(async () => {
  ({ server: shared, base } = await start({ corsOrigins: ['http://localhost:5173'], allowedHosts: ['planner.lan'] }));
});
afterAll(() => shared.close());

const savedPlans = async () => JSON.parse((await raw(base, 'GET', '/api/v1/plans')).body).plans.length as number;

describe('cross-site requests', () => {
  it('refuses a tRPC POST without a JSON content type (a no-cors fetch cannot save a plan): 415', async () => {
    const before = await savedPlans();
    const noType = await raw(base, 'POST', '/trpc/plans.save', {}, JSON.stringify(PLAN));
    expect(noType.status).toBe(415);
    expect(JSON.parse(noType.body).error).toMatch(/content-type: application\/json/);
    expect((await raw(base, 'POST', '/trpc/plans.save', { 'content-type': 'text/plain' }, JSON.stringify(PLAN))).status).toBe(415);
    expect((await raw(base, 'POST', '/api/v1/plans', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b')).status).toBe(415);
    expect(await savedPlans()).toBe(before);
    // The same call as JSON goes through: the check is the content type, nothing else.
    expect((await raw(base, 'POST', '/trpc/plans.save', json, JSON.stringify(PLAN))).status).toBe(200);
    expect(await savedPlans()).toBe(before + 1);
  });

  it('refuses state-changing requests from another origin (403) unless it is an allowed CORS origin', async () => {
    const body = JSON.stringify(PROFILE);
    const evil = await raw(base, 'POST', '/api/v1/profiles', { ...json, origin: 'https://evil.example' }, body);
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toMatch(/evil\.example/);
    expect((await raw(base, 'POST', '/trpc/profiles.save', { ...json, origin: 'null' }, body)).status).toBe(403);
    expect((await raw(base, 'DELETE', '/api/v1/profiles/rig', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await raw(base, 'POST', '/api/v1/profiles', { ...json, 'sec-fetch-site': 'cross-site' }, body)).status).toBe(403);
    // The server's own page, a configured origin, and clients that are not browsers may write.
    const own = new URL(base).host;
    expect(
      (await raw(base, 'POST', '/api/v1/profiles', { ...json, origin: `http://${own}`, 'sec-fetch-site': 'same-origin' }, body)).status,
    ).toBe(200);
    expect((await raw(base, 'POST', '/api/v1/profiles', { ...json, origin: 'http://localhost:5173' }, body)).status).toBe(200);
    expect((await raw(base, 'POST', '/api/v1/profiles', json, body)).status).toBe(200);
    // Reads are answered (CORS keeps another origin from reading them).
    expect((await raw(base, 'GET', '/api/v1/gpus?vendor=apple', { origin: 'https://evil.example' })).status).toBe(200);
  });
  it('refused cross-site and non-JSON requests do not use up the user’s rate budget', async () => {
    const { server, base: limited } = await start({ rateLimitPerMinute: 3, writeRateLimitPerMinute: 1 });
    for (let i = 0; i < 5; i++) {
      expect((await raw(limited, 'POST', '/trpc/profiles.save', {}, JSON.stringify(PROFILE))).status).toBe(415);
      expect((await raw(limited, 'POST', '/trpc/profiles.save', { ...json, origin: 'https://evil.example' }, '{}')).status).toBe(403);
    }
    expect((await raw(limited, 'POST', '/api/v1/profiles', json, JSON.stringify(PROFILE))).status).toBe(200);
    expect((await raw(limited, 'GET', '/api/v1/profiles')).status).toBe(200);
    await server.close();
  });
});

describe('DNS rebinding', () => {
  it('a loopback server answers only to loopback names and --allowed-host names: 421 otherwise', async () => {
    const port = new URL(base).port;
    for (const host of ['localhost', `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port}`, `[::1]:${port}`, `planner.lan:${port}`]) {
      expect((await raw(base, 'GET', '/api/v1/gpus?vendor=apple', { host })).status, host).toBe(200);
    }
    for (const host of [`evil.example:${port}`, 'evil.example', '127.0.0.1.evil.example', 'localhost:port']) {
      const answer = await raw(base, 'GET', '/api/v1/gpus?vendor=apple', { host });
      expect(answer.status, host).toBe(421);
      expect(JSON.parse(answer.body).error).toMatch(/--allowed-host/);
    }
    // Probes keep working whatever name they use.
    expect((await raw(base, 'GET', '/healthz', { host: 'evil.example' })).status).toBe(200);
  });

  it('the OpenAPI document does not keep the first request’s Host', async () => {
    const first = await raw(base, 'GET', '/api/openapi.json', { host: 'planner.lan' });
    const second = await raw(base, 'GET', '/api/openapi.json', { host: 'localhost' });
    expect(first.body).not.toContain('planner.lan');
    expect(JSON.parse(second.body).servers).toEqual([{ url: '/api/v1' }]);
  });
});

describe('work amplification', () => {
  it('caps a tRPC batch at 10 calls (400 naming the cap)', async () => {
    const names = Array.from({ length: 11 }, () => 'hardware.gpus').join(',');
    const answer = await raw(base, 'GET', `/trpc/${names}?batch=1&input=${encodeURIComponent('{}')}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(/at most 10 calls/);
    const ten = Array.from({ length: 10 }, () => 'hardware.gpus').join(',');
    expect((await raw(base, 'GET', `/trpc/${ten}?batch=1&input=${encodeURIComponent('{}')}`)).status).toBe(200);
  });

  it('the typed client splits 25 concurrent calls into batches within the cap', async () => {
    const client = createWeightplanClient(base);
    const answers = await Promise.all(Array.from({ length: 25 }, () => client.hardware.gpus.query({ vendor: 'apple' })));
    expect(answers.every((gpus) => gpus.length > 0)).toBe(true);
  });

  it('counts each call of a batch against the rate limit', async () => {
    const { server, base: limited } = await start({ rateLimitPerMinute: 5 });
    const batch = (calls: number) => `/trpc/${Array.from({ length: calls }, () => 'hardware.gpus').join(',')}?batch=1&input=%7B%7D`;
    expect((await raw(limited, 'GET', batch(4))).status).toBe(200);
    const over = await raw(limited, 'GET', batch(2));
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toMatch(/^\d+$/);
    await server.close();
  });

  it('answers a request that outlives its deadline with 503 and closes the connection', async () => {
    const stuck = () => new Promise<HardwareProfile>(() => undefined);
    const { server, base: slow } = await start({ requestTimeoutMs: 300, shutdownTimeoutMs: 200 }, { detectHardware: stuck });
    const begin = Date.now();
    const answer = await raw(slow, 'GET', '/api/v1/hardware');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).error).toMatch(/deadline/);
    expect(answer.headers.connection).toBe('close');
    expect(Date.now() - begin).toBeLessThan(5000);
    await server.close();
  });

  it('?measure=true runs one bandwidth measurement at a time and reuses it (single flight)', async () => {
    let measurements = 0;
    const detectHardware = async (options?: { measure?: boolean }) => {
      if (options?.measure) {
        measurements += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return machine;
    };
    const { server, base: measuring } = await start({}, { detectHardware });
    const answers = await Promise.all(Array.from({ length: 10 }, () => raw(measuring, 'GET', '/api/v1/hardware?measure=true')));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect((await raw(measuring, 'GET', '/trpc/hardware.detect?input=%7B%22measure%22%3Atrue%7D')).status).toBe(200);
    expect(measurements).toBe(1);
    await server.close();
  });
});

describe('storage writes', () => {
  it('draw on a tighter rate bucket than reads', async () => {
    const { server, base: writes } = await start({ rateLimitPerMinute: 100, writeRateLimitPerMinute: 2 });
    const save = () => raw(writes, 'POST', '/api/v1/profiles', json, JSON.stringify(PROFILE));
    expect([(await save()).status, (await save()).status]).toEqual([200, 200]);
    const third = await save();
    expect(third.status).toBe(429);
    expect(JSON.parse(third.body).error).toMatch(/too many writes/);
    // A write inside a tRPC batch counts too; reads go on.
    expect((await raw(writes, 'POST', '/trpc/plans.import,estimate?batch=1', json, '{}')).status).toBe(429);
    expect((await raw(writes, 'GET', '/api/v1/profiles')).status).toBe(200);
    await server.close();
  });

  it('names only procedures that exist, and only writes', () => {
    for (const name of WRITE_PROCEDURES) expect(procedures[name]?._def.type, name).toBe('mutation');
  });

  it('sorts every mutation into writes or computations, so a new write cannot miss the write limit', () => {
    const mutations = Object.entries(procedures)
      .filter(([, procedure]) => procedure._def.type === 'mutation')
      .map(([name]) => name);
    const unsorted = mutations.filter((name) => WRITE_PROCEDURES.has(name) === COMPUTE_MUTATIONS.has(name));
    expect(unsorted, 'in neither set, or in both').toEqual([]);
  });
});

describe('smaller findings', () => {
  it('isLoopback parses addresses instead of matching text', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopback(host), host).toBe(true);
    }
    for (const host of [
      '127.evil.example',
      '127.0.0.1.nip.io',
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '::ffff:10.0.0.1',
      'fe80::1%lo',
      '128.0.0.1',
    ]) {
      expect(isLoopback(host), host).toBe(false);
    }
  });

  it('closes a socket whose body trickles in past the deadline', async () => {
    const { server, base: timed } = await start({ requestTimeoutMs: 500 });
    const { hostname, port } = new URL(timed);
    const begin = Date.now();
    const closed = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          `POST /api/v1/estimate HTTP/1.1\r\nHost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"m`,
        );
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received));
      socket.on('error', () => undefined);
    });
    expect(closed).toMatch(/^HTTP\/1\.1 (408|503)/);
    expect(Date.now() - begin).toBeLessThan(5000);
    await server.close();
  });

  it('caps open connections (server.maxConnections)', async () => {
    const { server, base: capped } = await start({ maxConnections: 2 });
    expect(server.server.maxConnections).toBe(2);
    expect(server.server.requestTimeout).toBe(15_000);
    expect(server.server.headersTimeout).toBeLessThanOrEqual(15_000);
    const { hostname, port } = new URL(capped);
    const open = () =>
      new Promise<ReturnType<typeof connect>>((resolve) => {
        const socket = connect(Number(port), hostname, () => resolve(socket));
      });
    const held = [await open(), await open()];
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await open();
    const dropped = await new Promise<string>((resolve) => {
      let received = '';
      third.on('data', (chunk) => {
        received += chunk.toString();
      });
      third.on('close', () => resolve(received));
      third.on('error', () => undefined);
      third.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
    });
    expect(dropped).toBe('');
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await raw(capped, 'GET', '/healthz', { connection: 'close' })).status).toBe(200);
    await server.close();
  });

  it('sends X-Content-Type-Options: nosniff on every answer, errors included', async () => {
    const answers = [
      await raw(base, 'GET', '/healthz'),
      await raw(base, 'GET', '/api/v1/gpus?vendor=apple'),
      await raw(base, 'GET', '/api/v1/nothing'),
      await raw(base, 'GET', '/trpc/nothing.here'),
      await raw(base, 'POST', '/api/v1/estimate', { 'content-type': 'text/plain' }, 'x'),
      await raw(base, 'GET', '/api/v1/gpus', { host: 'evil.example' }),
      await raw(base, 'OPTIONS', '/api/v1/gpus', { origin: 'https://evil.example' }),
      await raw(base, 'GET', '/api/openapi.json'),
    ];
    for (const answer of answers) expect(answer.headers['x-content-type-options'], String(answer.status)).toBe('nosniff');
  });

  it('GET /api/v1/plans/..%2F.. is a 400, not a 500', async () => {
    for (const path of [
      '/api/v1/plans/..%2F..',
      '/api/v1/plans/..%2F..%2Fetc%2Fpasswd/markdown',
      '/api/v1/plans/%E0%A4%A',
      '/api/v1/plans/A%20B',
    ]) {
      const answer = await raw(base, 'GET', path);
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body).message).toBeTruthy();
    }
    expect((await raw(base, 'DELETE', '/api/v1/plans/..%2F..')).status).toBe(400);
    expect((await raw(base, 'GET', '/api/v1/plans/never-saved')).status).toBe(404);
  });
});
