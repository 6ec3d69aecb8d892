// `npm run bench:api`: requests/s and latency of the estimate over REST and tRPC, next to a bare node:http
// handler doing the same work in the same process (parse the body, resolve model and hardware, estimate,
// serialise). Loopback only, bounded in time (about 40 s). Targets: >= 0.8x the bare handler's requests/s
// and p99 under 10 ms at 50 connections.

import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { estimate } from '@weightplan/estimator';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { createWeightplanServer } from '@weightplan/server';
import { resolveModel } from '@weightplan/user-data';
import autocannon from 'autocannon';

const GiB = 1024 ** 3;
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const input = { model: 'llama-3-8b', precision: 'Q4_K_M', contextTokens: 8192, hardware: { whatIf: { gpu: 'RTX 4090', ramGb: 64 } } };
const body = JSON.stringify(input);

// The servers run in a child process so that the load generator does not share their event loop.
if (process.argv[2] === '--servers') {
  await startServers();
} else {
  await measure();
}

async function startServers() {
  const bare = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const request = JSON.parse(Buffer.concat(chunks).toString());
      const { model, precision } = await resolveModel(request.model, request.precision);
      const hardware = buildWhatIfProfile({ gpu: request.hardware.whatIf.gpu, ramBytes: request.hardware.whatIf.ramGb * GiB });
      const text = JSON.stringify(estimate({ model, precision, hardware, contextTokens: request.contextTokens }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${bare.address().port}`;

  // Production settings, except a rate limit high enough for a load test; request logs go to a sink so the
  // JSON formatting is still paid for.
  let logBytes = 0;
  const weightplan = createWeightplanServer(
    { port: 0, rateLimitPerMinute: 100_000_000 },
    { detectHardware: async () => buildWhatIfProfile({ gpu: 'RTX 4090' }), log: (entry) => (logBytes += JSON.stringify(entry).length) },
  );
  const url = await weightplan.listen();
  process.send({ bareUrl, url });
  process.on('message', async () => {
    await weightplan.close();
    bare.close();
    process.send({ logBytes }, () => process.exit(0));
  });
}

function run(target, connections) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: target, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds, pipelining: 1 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function measure() {
  const child = fork(fileURLToPath(import.meta.url), ['--servers'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { bareUrl, url } = await new Promise((resolve) => child.once('message', resolve));
  const targets = [
    ['bare node:http', `${bareUrl}/estimate`],
    ['REST POST /api/v1/estimate', `${url}/api/v1/estimate`],
    ['tRPC POST /trpc/estimate', `${url}/trpc/estimate`],
  ];

  // Warm up every path (JIT, memoised weight footprints) before measuring.
  for (const [, target] of targets) await run(target, 10).catch(() => undefined);

  const rows = [];
  for (const connections of [1, 50]) {
    for (const [label, target] of targets) {
      const result = await run(target, connections);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      rows.push({ label, connections, requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 });
    }
  }
  child.send('stop');
  const { logBytes } = await new Promise((resolve) => child.once('message', resolve));

  const bareAt = (connections) => rows.find((r) => r.label === 'bare node:http' && r.connections === connections).requestsPerSecond;
  const lines = [
    '| route | connections | requests/s | vs bare | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.connections} | ${Math.round(r.requestsPerSecond)} | ${(r.requestsPerSecond / bareAt(r.connections)).toFixed(2)}x | ${r.p50Ms} | ${r.p99Ms} |`,
    ),
  ];
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  process.stdout.write(
    `API benchmark on ${machine}, ${seconds} s per row (request logs formatted: ${logBytes} bytes)\n\n${lines.join('\n')}\n`,
  );

  const atFifty = rows.filter((r) => r.connections === 50 && r.label !== 'bare node:http');
  const failures = atFifty.filter((r) => r.requestsPerSecond < 0.8 * bareAt(50) || r.p99Ms >= 10);
  for (const r of failures) process.stdout.write(`MISSED TARGET: ${r.label} at 50 connections\n`);
  if (process.env.BENCH_WRITE)
    writeFileSync(process.env.BENCH_WRITE, `${lines.join('\n')}\n\nMachine: ${machine}; ${seconds} s per row.\n`);
}
