import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createWeightplanClient } from '@weightplan/client';
import { EstimateSchema } from '@weightplan/estimator';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createWeightplanServer, type RequestLog, type WeightplanServer } from './create-server.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
const logs: RequestLog[] = [];
let server: WeightplanServer;
let url: string;
let configDirectory: string;

beforeAll(async () => {
  configDirectory = mkdtempSync(join(tmpdir(), 'wp-server-config-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  server = createWeightplanServer(
    // Client and server share one event loop here: a heavy route that blocks it for seconds on a loaded CI
    // machine makes the server's 5 s idle timer and the client's reuse of that socket race (ECONNRESET). A long
    // keep-alive leaves closing idle sockets to the client; deadlines are hardening.test.ts's subject.
    {
      port: 0,
      // Heavy calls in this thread: the worker pool has its own tests (worker-threads.test.ts), and a pool per
      // test server would load the whole router twice more in every test file.
      workers: 0,
      rateLimitPerMinute: 1000,
      maxBodyBytes: 64 * 1024,
      corsOrigins: ['http://localhost:5173'],
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 120_000,
    },
    { detectHardware: async () => machine, log: (e) => logs.push(e) },
  );
  url = await server.listen();
});
afterAll(async () => {
  await server.close();
  rmSync(configDirectory, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the HTTP server', () => {
  it('listens on loopback by default', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers the typed client (tRPC, batched) with full results', async () => {
    const client = createWeightplanClient(url);
    const [estimate, models] = await Promise.all([
      client.estimate.mutate({ model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: 8192 }),
      client.models.list.query({ kind: 'open', search: 'gemma' }),
    ]);
    expect(estimate.memory.kvCacheBytes).toBe(GiB);
    expect(models.open.length).toBeGreaterThan(3);
  });

  it('serves REST with the same contract', async () => {
    const response = await post('/api/v1/estimate', {
      model: 'llama-3-8b',
      precision: 'Q4_K_M',
      hardware: { whatIf: { gpu: 'RTX 3090', ramGb: 64 } },
    });
    expect(response.status).toBe(200);
    // The REST body is the same document the typed client gets: it parses with the estimate's own schema.
    const body = EstimateSchema.parse(await response.json());
    expect(body.placement.target).toBe('gpu');
    expect(body.throughput?.decodeTokensPerSecond).toBeGreaterThan(50);
    const model = await fetch(`${url}/api/v1/models/${encodeURIComponent('meta-llama/Meta-Llama-3-8B-Instruct')}`);
    expect(((await model.json()) as { model: { parameterCount: number } }).model.parameterCount).toBe(8_030_261_248);
  });

  // Generating the document and a first recommend sweep take seconds on a busy CI machine: a longer timeout.
  it('publishes a valid OpenAPI 3.1 document, and every documented route answers', async () => {
    const document = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // Qwen2.5-0.5B's config.json (its architecture fields), as a page that picked it sends it.
    const qwenConfig = {
      format: 'config',
      name: 'config.json',
      configName: 'config.json',
      configJson: JSON.stringify({
        architectures: ['Qwen2ForCausalLM'],
        model_type: 'qwen2',
        hidden_size: 896,
        intermediate_size: 4864,
        num_attention_heads: 14,
        num_hidden_layers: 24,
        num_key_value_heads: 2,
        vocab_size: 151_936,
        max_position_embeddings: 32_768,
        tie_word_embeddings: true,
        torch_dtype: 'bfloat16',
      }),
    };
    const examples: Record<string, unknown> = {
      '/estimate': { model: 'qwen3:8b', precision: 'Q4_K_M' },
      '/inspect/header': { header: qwenConfig },
      '/models/import/header': { header: qwenConfig },
      '/recommend': { limit: 2 },
      '/hardware/profile': { gpu: 'RTX 4090' },
      '/inspect': { path: '/nonexistent' },
      '/models/import': { path: '/nonexistent' },
      '/fit-matrix': { modelIds: ['llama-3-8b'] },
      '/finetune': { model: 'llama-3-8b' },
      '/compare': {
        workload: { inputTokensPerMonth: 1e6, outputTokensPerMonth: 1e6 },
        models: ['llama-3-8b', 'openai/gpt-4o-mini'],
        includeCloud: false,
      },
      '/scenario': { model: 'llama-3-8b', precision: 'Q4_K_M' },
      '/plans': { name: 'test', model: 'llama-3-8b', precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090' } }, scenario: {} },
      '/plans/import': {
        document: JSON.stringify({
          schemaVersion: 1,
          id: 'sent-by-a-colleague',
          name: 'Sent by a colleague',
          createdAt: '2026-11-26T09:00:00.000Z',
          updatedAt: '2026-11-26T09:00:00.000Z',
          model: 'llama-3-8b',
          precision: 'Q4_K_M',
          hardware: { whatIf: { gpu: 'RTX 4090' } },
          scenario: {},
        }),
      },
      '/profiles': { name: 'test', hardware: { whatIf: { gpu: 'RTX 4090' } } },
      '/fleets': { name: 'lab', machines: [{ name: 'gpu-1', hardware: { whatIf: { gpu: 'RTX 4090' } } }] },
      '/fleets/{fleet}/machines': { machine: { name: 'gpu-2', hardware: { whatIf: { gpu: 'RTX 3090' } } } },
      '/fleets/plan': {
        machines: [{ name: 'gpu-1', hardware: { whatIf: { gpu: 'RTX 4090' } } }],
        workloads: [{ name: 'chat', model: 'llama-3-8b', precision: 'Q4_K_M' }],
      },
      '/store/import': {
        document: JSON.stringify({
          format: 'weightplan-store',
          schemaVersion: 1,
          exportedAt: '2026-11-29T00:00:00.000Z',
          plans: [],
          profiles: [],
          catalog: [],
          prices: null,
          fleets: [],
          documents: [],
        }),
      },
    };
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item)) {
        const concrete = path
          .replace('{id}', 'llama-3-8b')
          .replace('{name}', 'lab')
          .replace('{fleet}', 'lab')
          .replace('{machine}', 'gpu-2');
        const response =
          method === 'post'
            ? await post(`/api/v1${concrete}`, examples[path] ?? {})
            : await fetch(`${url}/api/v1${concrete}`, { method: method.toUpperCase() });
        // Read every body: an unread one keeps its keep-alive connection busy, and the next request races the
        // server closing another socket (ECONNRESET on a loaded machine).
        await response.arrayBuffer();
        // File routes answer 403 (no --allow-dir here); a plan id that was never saved, or the fleet once deleted, 404.
        expect([200, 403, 404], `${method.toUpperCase()} ${path}`).toContain(response.status);
        if (response.status === 404) expect(path).toMatch(/^\/(plans\/\{id\}|fleets\/\{)/);
      }
    }
  }, 60_000);

  it('answers bad input with 400 and the field path', async () => {
    const response = await post('/api/v1/estimate', { model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: -1 });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(JSON.stringify(body)).toContain('contextTokens');
  });

  it('refuses a misspelt field with 400 naming it and the field meant, instead of answering another question', async () => {
    const response = await post('/api/v1/estimate', { model: 'llama-3-8b', precision: 'Q4_K_M', context: 32768 });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string };
    expect(body.message).toMatch(/unknown field "context" \(did you mean "contextTokens"\?\)/);
    const nested = await post('/api/v1/estimate', {
      model: 'llama-3-8b',
      precision: 'Q4_K_M',
      hardware: { whatIf: { gpu: 'RTX 4090', ram: 64 } },
    });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { message: string }).message).toMatch(/"ram" \(did you mean "ramGiB"\?\)/);
  });

  it('answers an estimate without a precision, and any user error, with a 4xx and no stack trace or file path', async () => {
    for (const body of [{ model: 'llama-3-8b' }, { model: 'llama-3-8b', precision: 'Q4_K_M', hardware: { whatIf: { gpu: '' } } }]) {
      const response = await post('/api/v1/estimate', body);
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).not.toMatch(/"stack"|\/work\/|node_modules|\.ts:\d+/);
    }
    const trpc = await fetch(`${url}/trpc/estimate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama-9-1t', precision: 'Q4_K_M' }),
    });
    expect(trpc.status).toBe(404);
    expect(await trpc.text()).not.toMatch(/"stack"|node_modules|\.ts:\d+/);
  });

  it('answers unknown routes with 404 and unknown models with 404 and suggestions', async () => {
    expect((await fetch(`${url}/api/v1/nothing-here`)).status).toBe(404);
    expect((await fetch(`${url}/no/such/page`)).status).toBe(404);
    const response = await post('/api/v1/estimate', { model: 'llama-9-8b', precision: 'Q4_K_M' });
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).toContain('closest known');
  });

  it('refuses oversized bodies with 413', async () => {
    const response = await post('/api/v1/estimate', { model: 'x'.repeat(100 * 1024) });
    expect(response.status).toBe(413);
  });

  it('reports health and logs each request as structured JSON', async () => {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    expect(logs.some((l) => l.path === '/healthz' && l.status === 200 && typeof l.milliseconds === 'number')).toBe(true);
  });

  it('allows configured origins only', async () => {
    const allowed = await fetch(`${url}/api/v1/gpus`, { headers: { origin: 'http://localhost:5173' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await fetch(`${url}/api/v1/gpus`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${url}/api/v1/gpus`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });
});

describe('the tRPC protocol', () => {
  it('answers unbatched calls (httpLink) the same as batched ones', async () => {
    const client = createWeightplanClient(url, { batch: false });
    const estimate = await client.estimate.mutate({ model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: 8192 });
    expect(estimate.memory.kvCacheBytes).toBe(GiB);
    const model = await client.models.get.query({ id: 'qwen3:8b' });
    expect(model.model.id).toBe('Qwen/Qwen3-8B');
  });

  it('answers a batch with mixed outcomes item by item, with status 207', async () => {
    const response = await post('/trpc/estimate,estimate?batch=1', {
      0: { model: 'llama-3-8b', precision: 'Q4_K_M' },
      1: { model: 'llama-3-8b', contextTokens: -3 },
    });
    expect(response.status).toBe(207);
    const [ok, failed] = (await response.json()) as [
      { result: { data: unknown } },
      { error: { message: string; data: { httpStatus: number; issues: { path: string }[] } } },
    ];
    expect(EstimateSchema.parse(ok.result.data).model.id).toBe('meta-llama/Meta-Llama-3-8B-Instruct');
    expect(failed.error.data.httpStatus).toBe(400);
    expect(failed.error.data.issues.map((issue) => issue.path)).toEqual(['contextTokens']);
  });

  it('rejects a query sent as a mutation, unparsable input and unknown procedures with tRPC errors', async () => {
    expect((await post('/trpc/models.list', {})).status).toBe(405);
    expect((await fetch(`${url}/trpc/models.list?input=%7Bnot-json`)).status).toBe(400);
    expect((await fetch(`${url}/trpc/nothing.here`)).status).toBe(404);
  });
});

describe('the REST routes', () => {
  it('reads GET parameters from the query string, typed as the schema says', async () => {
    const response = await fetch(`${url}/api/v1/models?kind=open&commercialOnly=true&search=llama`);
    const body = (await response.json()) as { open: { license: { commercialUse: boolean } }[]; closed: unknown[] };
    expect(response.status).toBe(200);
    expect(body.open.length).toBeGreaterThan(3);
    expect(body.open.every((m) => m.license.commercialUse)).toBe(true);
    expect(body.closed).toEqual([]);
  });

  it('says which method a route takes, wants JSON bodies, and rejects broken JSON', async () => {
    const wrongMethod = await fetch(`${url}/api/v1/estimate`);
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { message: string }).message).toMatch(/answers POST/);
    const text = await fetch(`${url}/api/v1/estimate`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'model=llama' });
    expect(text.status).toBe(415);
    const broken = await fetch(`${url}/api/v1/estimate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": ',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toMatch(/not valid JSON/);
  });

  it('counts the bytes of a chunked body against the limit', async () => {
    const chunk = new TextEncoder().encode(`{"model": "${'x'.repeat(48 * 1024)}`);
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${url}/api/v1/estimate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });
});

describe('the web UI', () => {
  it('serves the build at / with a strict CSP, assets as files, and index.html for the app routes only', async () => {
    const ui = mkdtempSync(join(tmpdir(), 'wp-ui-'));
    onTestFinished(() => rmSync(ui, { recursive: true, force: true }));
    mkdirSync(join(ui, 'assets'));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Weightplan</title>');
    writeFileSync(join(ui, 'assets', 'app-1234.js'), 'console.log(1)');
    const web = createWeightplanServer({ port: 0, workers: 0, uiDirectory: ui }, { detectHardware: async () => machine, log: () => {} });
    const base = await web.listen();
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const script = await fetch(`${base}/assets/app-1234.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/assets/gone-5678.js`)).status).toBe(404);
    // Sent raw (fetch would normalise the dots away): encoded slashes must not climb out of the UI folder.
    const climb = await new Promise<number>((resolveStatus) =>
      httpGet(`${base}/..%2f..%2f..%2fetc%2fpasswd`, (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      }),
    );
    expect(climb).toBe(404);
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(404);
    expect(await (await fetch(`${base}/plans`)).text()).toContain('<title>Weightplan</title>');
    // The API keeps its routes.
    expect((await fetch(`${base}/api/v1/gpus?vendor=apple`)).status).toBe(200);
    await web.close();
  });
});

describe('the web UI, compressed', () => {
  it('sends text assets brotli- or gzip-compressed as the browser accepts, images and unknown encodings as they are', async () => {
    const ui = mkdtempSync(join(tmpdir(), 'wp-ui-z-'));
    onTestFinished(() => rmSync(ui, { recursive: true, force: true }));
    mkdirSync(join(ui, 'assets'));
    const script = `export const rows = [${Array.from({ length: 2000 }, (_, i) => `"model-${i % 50}"`).join(',')}];\n`;
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Weightplan</title>');
    writeFileSync(join(ui, 'assets', 'app-1234.js'), script);
    writeFileSync(join(ui, 'assets', 'icon-1234.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const web = createWeightplanServer({ port: 0, workers: 0, uiDirectory: ui }, { detectHardware: async () => machine, log: () => {} });
    const base = await web.listen();
    const raw = (path: string, acceptEncoding: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolveBody) =>
        httpGet(`${base}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolveBody({ headers: res.headers, body: Buffer.concat(chunks) }));
        }),
      );
    const br = await raw('/assets/app-1234.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    expect(br.body.length).toBeLessThan(script.length / 10);
    const gzip = await raw('/assets/app-1234.js', 'gzip;q=1, br;q=0');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);
    const plain = await raw('/assets/app-1234.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const image = await raw('/assets/icon-1234.png', 'br');
    expect(image.headers['content-encoding']).toBeUndefined();
    const page = await raw('/', 'gzip');
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    await web.close();
  });
});

describe('server safety', () => {
  it('rate-limits a client with 429 and Retry-After', async () => {
    const limited = createWeightplanServer(
      { port: 0, workers: 0, rateLimitPerMinute: 3 },
      { detectHardware: async () => machine, log: () => {} },
    );
    const base = await limited.listen();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${base}/api/v1/gpus?vendor=apple`)).status);
    const last = await fetch(`${base}/api/v1/gpus`);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last.headers.get('retry-after')).toMatch(/^\d+$/);
    await limited.close();
  });

  it('will not listen beyond loopback without an API key, and then requires it', async () => {
    expect(() => createWeightplanServer({ host: '0.0.0.0', port: 0, workers: 0 }, { detectHardware: async () => machine })).toThrow(
      /give an API key/,
    );
    const open = createWeightplanServer(
      { host: '0.0.0.0', port: 0, workers: 0, apiKey: 'a-long-enough-secret-key' },
      { detectHardware: async () => machine, log: () => {} },
    );
    const base = (await open.listen()).replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${base}/api/v1/gpus`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/gpus`, { headers: { authorization: 'Bearer wrong-key-wrong-key-x' } })).status).toBe(401);
    expect((await fetch(`${base}/api/v1/gpus`, { headers: { authorization: 'Bearer a-long-enough-secret-key' } })).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const client = createWeightplanClient(base, { apiKey: 'a-long-enough-secret-key' });
    expect((await client.hardware.gpus.query({ vendor: 'intel' })).length).toBeGreaterThan(3);
    await open.close();
  });

  it('finishes an in-flight request when shut down, then stops', async () => {
    const slow = createWeightplanServer(
      { port: 0, workers: 0 },
      {
        detectHardware: () => new Promise((resolve) => setTimeout(() => resolve(machine), 300)),
        log: () => {},
      },
    );
    const base = await slow.listen();
    const pending = fetch(`${base}/api/v1/hardware`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = slow.close();
    const response = await pending;
    expect(response.status).toBe(200);
    await closed;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
