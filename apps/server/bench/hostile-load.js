// `npm run bench:hostile -w @weightplan/server [-- --seconds 20]`: 50 connections of mixed valid and hostile
// requests against a server on 127.0.0.1 for a bounded time (default 60 s), while a probe asks /healthz
// ten times a second. Reports the probe's p50/p99, the answers per request kind, and how often the server
// process died (it is restarted, and counted). Not part of `npm test`: it takes a minute and a whole CPU.
//
// The server runs in a child process with production settings, except the general rate limit, which is
// raised (--rate-limit, default 1e9) so the hostile work reaches the handlers, as it would from many
// addresses. The write bucket, batch cap, body limit, deadline and connection cap stay at their defaults.

import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    'rate-limit': { type: 'string', default: '1000000000' },
    // Worker threads for heavy calls; default: the server's own default. 0: in the main thread (the old way).
    workers: { type: 'string' },
    server: { type: 'boolean', default: false },
    probe: { type: 'string' },
    // Leave out the request kinds whose name contains this text (to find what a stall comes from).
    skip: { type: 'string' },
  },
});

async function serve() {
  const { createWeightplanServer } = await import('@weightplan/server');
  const { detectHardware } = await import('@weightplan/hardware/detect');
  process.env.WEIGHTPLAN_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'wp-hostile-'));
  const server = createWeightplanServer(
    {
      port: Number(process.env.HOSTILE_PORT ?? 0),
      rateLimitPerMinute: Number(flags['rate-limit']),
      ...(flags.workers !== undefined ? { workers: Number(flags.workers) } : {}),
    },
    // Real detection, bandwidth measurement included: ?measure=true spawns real worker threads.
    { detectHardware, log: (entry) => slow.push(entry) },
  );
  // Where the time went: the event loop's longest stalls, and the slowest requests.
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const slow = [];
  const url = await server.listen();
  // As a server that has been up a moment: its workers have loaded the router (they start at listen()).
  await server.workersReady(120_000);
  process.send({ url, workers: server.options.workers });
  process.on('message', async () => {
    await server.close();
    slow.sort((a, b) => b.milliseconds - a.milliseconds);
    const report = {
      loopDelayP50Ms: loopDelay.percentile(50) / 1e6,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
      workerStarts: server.heavyWorkerStarts(),
      slowest: slow.slice(0, 5).map((e) => `${e.method} ${e.path} ${e.status} ${Math.round(e.milliseconds)} ms`),
    };
    process.send({ report }, () => process.exit(0));
  });
  // A load generator that died must not leave its server behind.
  process.on('disconnect', () => process.exit(0));
}

function startServer(port) {
  const serverFlags = [
    '--server',
    '--rate-limit',
    flags['rate-limit'],
    ...(flags.workers !== undefined ? ['--workers', flags.workers] : []),
  ];
  const child = fork(fileURLToPath(import.meta.url), serverFlags, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, HOSTILE_PORT: String(port ?? 0) },
  });
  return new Promise((resolve, reject) => {
    child.once('message', ({ url, workers }) => resolve({ child, url, workers }));
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

const ESTIMATE = { model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: 8192, hardware: { whatIf: { gpu: 'RTX 4090', ramGb: 64 } } };
const PLAN = { name: 'load', model: 'llama-3-8b', precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090' } }, scenario: {} };
const json = { 'content-type': 'application/json' };
const OVERSIZED = Buffer.alloc(2 * 1024 * 1024, 0x20);
const batchOf = (name, count) => Array.from({ length: count }, () => name).join(',');
const batchInput = (input, count) => JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [i, input])));

/** What the mixed connections send, each with the answers that mean the server did its job. */
const ALL_KINDS = [
  { name: 'valid: healthz', method: 'GET', path: '/healthz', ok: [200] },
  { name: 'valid: estimate (REST)', method: 'POST', path: '/api/v1/estimate', headers: json, body: JSON.stringify(ESTIMATE), ok: [200] },
  { name: 'valid: gpus', method: 'GET', path: '/api/v1/gpus?vendor=nvidia', ok: [200] },
  {
    name: 'valid: tRPC batch of 3',
    method: 'GET',
    path: `/trpc/${batchOf('models.get', 3)}?batch=1&input=${encodeURIComponent(batchInput({ id: 'qwen3:8b' }, 3))}`,
    ok: [200],
  },
  // 503: the heavy-call queue is full (the designed answer when recommendations arrive faster than computed).
  {
    name: 'valid: recommend',
    method: 'POST',
    path: '/api/v1/recommend',
    headers: json,
    body: JSON.stringify({ limit: 3 }),
    ok: [200, 503],
  },
  { name: 'write: save plan', method: 'POST', path: '/api/v1/plans', headers: json, body: JSON.stringify(PLAN), ok: [200, 429] },
  { name: 'hostile: no-cors POST', method: 'POST', path: '/trpc/plans.save', body: JSON.stringify(PLAN), ok: [415] },
  {
    name: 'hostile: cross-site write',
    method: 'POST',
    path: '/api/v1/profiles',
    headers: { ...json, origin: 'https://evil.example' },
    body: '{"name":"x","hardware":{"whatIf":{"gpu":"RTX 4090"}}}',
    ok: [403],
  },
  { name: 'hostile: rebinding Host', method: 'GET', path: '/api/v1/gpus', headers: { host: 'evil.example:4821' }, ok: [421] },
  { name: 'hostile: batch of 50', method: 'GET', path: `/trpc/${batchOf('hardware.gpus', 50)}?batch=1&input=%7B%7D`, ok: [400] },
  {
    name: 'hostile: 10 recommends in a batch',
    method: 'POST',
    path: `/trpc/${batchOf('recommend', 10)}?batch=1`,
    headers: json,
    body: batchInput({ limit: 50 }, 10),
    ok: [200, 207, 503],
  },
  { name: 'hostile: ?measure=true', method: 'GET', path: '/api/v1/hardware?measure=true', ok: [200, 503] },
  { name: 'hostile: 2 MB body', method: 'POST', path: '/api/v1/estimate', headers: json, body: OVERSIZED, ok: [413] },
  { name: 'hostile: broken JSON', method: 'POST', path: '/api/v1/estimate', headers: json, body: '{"model": ', ok: [400] },
  { name: 'hostile: ..%2F.. plan id', method: 'GET', path: '/api/v1/plans/..%2F..%2F..%2Fetc%2Fpasswd', ok: [400] },
  {
    name: 'hostile: absurd numbers',
    method: 'POST',
    path: '/api/v1/estimate',
    headers: json,
    body: JSON.stringify({ ...ESTIMATE, contextTokens: 1e308, concurrency: -1 }),
    ok: [400],
  },
];

const KINDS = ALL_KINDS.filter((kind) => !flags.skip || !kind.name.includes(flags.skip));

function send(base, agent, kind) {
  return new Promise((resolve) => {
    const begin = performance.now();
    const req = request(`${base}${kind.path}`, { method: kind.method, headers: kind.headers ?? {}, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - begin }));
      res.on('error', (error) => resolve({ error: error.code ?? error.message }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout (30 s)')));
    req.on('error', (error) => resolve({ error: error.code ?? error.message }));
    req.end(kind.body);
  });
}

/** Slowloris: headers, a few bytes of a promised kilobyte, then silence until the server hangs up. */
function slowBody(base) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const begin = performance.now();
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /api/v1/estimate HTTP/1.1\r\nHost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"m`,
      );
    });
    let head = '';
    socket.setTimeout(60_000, () => socket.destroy());
    socket.on('data', (chunk) => {
      head ||= chunk.toString().slice(0, 12);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ status: Number(head.slice(9, 12)) || 'closed', ms: performance.now() - begin }));
  });
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN);

async function attack() {
  const seconds = Number(flags.seconds);
  const connections = Number(flags.connections);
  if (!(seconds > 0) || !(connections >= 2)) throw new Error('--seconds must be > 0 and --connections at least 2');
  let { child, url, workers } = await startServer();
  const port = new URL(url).port;
  let crashes = 0;
  let stopping = false;
  const watch = (process) =>
    process.once('exit', async (code, signal) => {
      if (stopping) return;
      crashes += 1;
      console.error(`server died (code ${code}, signal ${signal}); restarting`);
      ({ child } = await startServer(port));
      watch(child);
    });
  watch(child);

  // Warm up first, as a server that has run a while is: the first call of a kind builds memoised tables
  // (the model index, weight footprints, a sweep's grid) and costs several times a warm one (seconds on a
  // loaded machine). Every kind once, one after the other.
  const warmBegin = performance.now();
  for (const kind of KINDS) await send(url, undefined, kind);
  const warmMs = performance.now() - warmBegin;

  const deadline = Date.now() + seconds * 1000;
  const tally = new Map(KINDS.map((kind) => [kind.name, { statuses: new Map(), errors: new Map(), unexpected: 0 }]));
  tally.set('hostile: slow body (slowloris)', { statuses: new Map(), errors: new Map(), unexpected: 0 });
  const record = (name, outcome, ok) => {
    const row = tally.get(name);
    if (outcome.error) row.errors.set(outcome.error, (row.errors.get(outcome.error) ?? 0) + 1);
    else row.statuses.set(outcome.status, (row.statuses.get(outcome.status) ?? 0) + 1);
    if (outcome.error || !ok.includes(outcome.status)) row.unexpected += 1;
  };

  // A tenth of the connections trickle bodies (each holds its socket until the deadline cuts it off).
  const slowConnections = Math.max(1, Math.round(connections / 10));
  const loops = [];
  for (let i = 0; i < connections - slowConnections; i++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    loops.push(
      (async () => {
        for (let n = i; Date.now() < deadline; n++) {
          const kind = KINDS[n % KINDS.length];
          record(kind.name, await send(url, agent, kind), kind.ok);
        }
        agent.destroy();
      })(),
    );
  }
  for (let i = 0; i < slowConnections; i++) {
    loops.push(
      (async () => {
        while (Date.now() < deadline) record('hostile: slow body (slowloris)', await slowBody(url), [408, 503]);
      })(),
    );
  }

  // The probe, in its own process so the load generator's busy event loop does not add to its figures:
  // what a load balancer's health check sees during the attack.
  const prober = fork(fileURLToPath(import.meta.url), ['--probe', url, '--seconds', String(seconds)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const probed = new Promise((resolve) => prober.once('message', resolve));
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const generatorDelay = monitorEventLoopDelay({ resolution: 10 });
  generatorDelay.enable();
  await Promise.all(loops);
  generatorDelay.disable();
  const { health, healthFailures } = await probed;
  const after = await send(url, undefined, { method: 'GET', path: '/healthz' });
  stopping = true;
  child.send('stop');
  const { report } = await new Promise((resolve) => child.once('message', resolve));
  await new Promise((resolve) => child.once('exit', resolve));

  health.sort((a, b) => a - b);
  const rows = [...tally].map(([name, row]) => {
    const statuses = [...row.statuses].map(([status, count]) => `${status}×${count}`).join(' ');
    const errors = [...row.errors].map(([error, count]) => `${error}×${count}`).join(' ');
    return `| ${name} | ${statuses || '-'} | ${errors || '-'} | ${row.unexpected} |`;
  });
  const total = [...tally.values()].reduce((sum, row) => sum + [...row.statuses.values()].reduce((a, b) => a + b, 0), 0);
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  // Heavy calls answered: recommendations one by one, and batches of ten (200: all ten; 207: some refused).
  const statusCount = (name, status) => tally.get(name)?.statuses.get(status) ?? 0;
  const batchName = 'hostile: 10 recommends in a batch';
  const heavy = [
    `recommend ${statusCount('valid: recommend', 200)} answered 200, ${statusCount('valid: recommend', 503)} refused 503`,
    `10-recommend batches ${statusCount(batchName, 200)} all answered, ${statusCount(batchName, 207)} partly (207), ${statusCount(batchName, 503)} refused 503`,
  ].join('; ');
  const where = workers === 0 ? 'heavy calls in the main thread (--workers 0)' : `${workers} worker threads`;
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
  process.stdout.write(
    [
      `Hostile load on ${machine} (load average ${load} at the end), server with ${where}: ${connections} connections (${slowConnections} trickling bodies) for ${seconds} s, ${total} answers`,
      `heavy calls: ${heavy}`,
      '',
      `/healthz probe: ${health.length} answers, p50 ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms, max ${health.at(-1)?.toFixed(1)} ms, ${healthFailures} failed`,
      `load generator's own event loop delay: p99 ${(generatorDelay.percentile(99) / 1e6).toFixed(0)} ms`,
      `server event loop delay: p50 ${report.loopDelayP50Ms.toFixed(0)} ms, p99 ${report.loopDelayP99Ms.toFixed(0)} ms, max ${report.loopDelayMaxMs.toFixed(0)} ms; slowest answers: ${report.slowest.join('; ')}`,
      `worker threads started: ${report.workerStarts} (beyond ${workers}: replacements of crashed or overrunning workers); server crashes: ${crashes}; /healthz after the run: ${after.status ?? after.error}; warm-up before the clock: ${Math.round(warmMs)} ms`,
      '',
      '| request kind | answers (status×count) | client errors | unexpected |',
      '|---|---|---|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
  if (crashes > 0 || after.status !== 200) process.exitCode = 1;
}

/** Asks /healthz ten times a second until the time is up; sends the latencies back to the generator. */
async function probe(url) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const deadline = Date.now() + Number(flags.seconds) * 1000;
  const health = [];
  let healthFailures = 0;
  while (Date.now() < deadline) {
    const outcome = await send(url, agent, { method: 'GET', path: '/healthz' });
    if (outcome.status === 200) health.push(outcome.ms);
    else healthFailures += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  agent.destroy();
  process.send({ health, healthFailures }, () => process.exit(0));
}

// Last: the request table above must exist before any role starts.
if (flags.server) await serve();
else if (flags.probe) await probe(flags.probe);
else await attack();
