import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import {
  ACTOR_HEADER,
  type ApiContext,
  appRouter,
  cachedDetection,
  InvalidInputError,
  openApiDocument,
  requestActor,
  type Store,
  WEIGHTPLAN_VERSION,
} from '@weightplan/api';
import type { HardwareProfile } from '@weightplan/hardware';
import { EventLoopTurns } from './event-loop-turns.js';
import { HeavyWorkQueue, InThreadHeavyCalls } from './heavy-work.js';
import type { HeavyCalls } from './procedure-call.js';
import { RateLimiter } from './rate-limiter.js';
import { contentTypeRefusal, crossSiteRefusal, hostAllowed } from './request-guards.js';
import { createRestHandler, findRoute } from './rest-handler.js';
import { sendJson } from './send-json.js';
import { isLoopback, type ServerOptions, type ServerOptionsInput, ServerOptionsSchema } from './server-options.js';
import { serveStatic } from './static-files.js';
import { createTrpcHandler } from './trpc-handler.js';
import { procedureWorkerEntry } from './worker-entry.js';
import { WorkerHeavyCalls } from './worker-heavy-calls.js';
import { WorkerPool } from './worker-pool.js';
import { WRITE_PROCEDURES } from './write-procedures.js';

export interface RequestLog {
  time: string;
  method: string;
  path: string;
  status: number;
  milliseconds: number;
  client: string;
}

export interface WeightplanServer {
  server: Server;
  options: ServerOptions;
  /** Starts listening; resolves with the bound address's URL (http://127.0.0.1:4821). */
  listen(): Promise<string>;
  /** Stops accepting connections, lets in-flight requests finish (up to the shutdown timeout), then closes. */
  close(): Promise<void>;
  /** Worker threads alive for heavy calls (all started by listen(); always 0 with --workers 0). */
  heavyWorkerThreads(): number;
  /** Worker threads started so far: beyond --workers, the ones that replaced a crashed or overrunning worker. */
  heavyWorkerStarts(): number;
  /** Resolves true once every heavy-call worker has loaded the router and opened the store (at once with 0). */
  workersReady(timeoutMs?: number): Promise<boolean>;
}

export interface ServerDependencies {
  detectHardware: (options?: { measure?: boolean }) => Promise<HardwareProfile>;
  /** Hugging Face Hub access for ids no catalog knows (`hubOptionsFromEnv()`); absent: no look-ups. */
  hub?: ApiContext['hub'];
  /** One structured line per request; default: JSON to stderr. */
  log?: (entry: RequestLog) => void;
  version?: string;
  /**
   * Where plans, machines, imports and fleets live: a PostgresStore shared by every replica (--database-url),
   * or a FileStore; absent: the config directory's files.
   */
  store?: Store;
}

function bearerMatches(header: string | undefined, key: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The procedures a request calls: each call of a tRPC batch ("/trpc/a,b?batch=1"), or the one procedure a
 * REST route stands for. Rate limits count calls, not requests, so a batch cannot multiply a client's work.
 */
function proceduresOf(method: string, url: URL): string[] {
  const path = url.pathname;
  if (path.startsWith('/trpc/')) {
    let names: string;
    try {
      names = decodeURIComponent(path.slice('/trpc/'.length));
    } catch {
      return [''];
    }
    return url.searchParams.get('batch') === '1' ? names.split(',') : [names];
  }
  if (path.startsWith('/api/v1/')) {
    const route = findRoute(method, path.slice('/api/v1'.length));
    return [route?.procedurePath ?? ''];
  }
  return [];
}

/**
 * The HTTP server every non-desktop client uses: tRPC at /trpc (batching on), REST at /api/v1 with its
 * OpenAPI 3.1 document at /api/openapi.json, /healthz, and the web UI at /. Safe by default: loopback
 * only, answering only to loopback host names (421); any other bind needs an API key sent as
 * `Authorization: Bearer`; CORS only for listed origins, and no writes from other sites (403) or without a
 * JSON body (415); a body limit (413), per-client rate limits counted per call with a tighter one for
 * writes (429), heavy calls in worker threads behind a bounded queue (503 with Retry-After), a request
 * deadline (503) and a connection cap; file reads only
 * under --allow-dir, and a graceful shutdown that lets in-flight requests finish. docs/security.md has
 * the threat model.
 */
export function createWeightplanServer(input: ServerOptionsInput, dependencies: ServerDependencies): WeightplanServer {
  const options = ServerOptionsSchema.parse(input);
  if (!isLoopback(options.host) && !options.apiKey) {
    throw new InvalidInputError(
      `listening on ${options.host} exposes the API beyond this machine: give an API key (--api-key or WEIGHTPLAN_API_KEY)`,
    );
  }
  const allowedRoots = options.allowDirs.map((dir) => resolve(dir));
  const log =
    dependencies.log ?? ((entry: RequestLog) => process.stderr.write(`${JSON.stringify({ level: 'info', msg: 'request', ...entry })}\n`));
  const started = Date.now();

  const context: ApiContext = {
    detectHardware: cachedDetection(dependencies.detectHardware),
    allowedRoots,
    ...(dependencies.hub ? { hub: dependencies.hub } : {}),
    ...(dependencies.store ? { store: dependencies.store } : {}),
  };
  // The actor: X-Weightplan-User when the client names its person, else who the request proved to be.
  const contextFor = (req: IncomingMessage): ApiContext => ({
    ...context,
    actor: requestActor(req.headers[ACTOR_HEADER], options.apiKey !== undefined),
  });
  const createContext = ({ req }: { req: IncomingMessage }) => contextFor(req);
  const trpcAdapter = createHTTPHandler({ router: appRouter, createContext, basePath: '/trpc/', maxBodySize: options.maxBodyBytes });
  // Heavy calls in worker threads, each with a context equal to this one: the same allowed roots and Hub
  // settings, the same store opened from its source, the request's actor with each call; hardware is
  // detected once, here, and handed to workers as data. With --workers 0, in this thread one at a time.
  const pool =
    options.workers > 0
      ? new WorkerPool({
          entry: procedureWorkerEntry(),
          size: options.workers,
          maxQueued: options.maxQueuedHeavyCalls,
          maxWaitMs: options.requestTimeoutMs,
          callTimeoutMs: Math.min(options.heavyCallTimeoutMs ?? options.requestTimeoutMs, options.requestTimeoutMs),
          context: {
            allowedRoots,
            ...(dependencies.hub ? { hub: dependencies.hub } : {}),
            ...(dependencies.store ? { store: dependencies.store.source() } : {}),
          },
          detectHardware: context.detectHardware,
        })
      : undefined;
  const inThreadQueue = pool ? undefined : new HeavyWorkQueue(options.maxQueuedHeavyCalls, options.requestTimeoutMs);
  const heavy: HeavyCalls = pool ? new WorkerHeavyCalls(pool) : new InThreadHeavyCalls(inThreadQueue as HeavyWorkQueue);
  // Light calls in this thread, one per turn of the event loop: /healthz never waits behind a crowd of them.
  const placement = { heavy, turns: new EventLoopTurns() };
  const trpc = createTrpcHandler(contextFor, options.maxBodyBytes, trpcAdapter, placement, inThreadQueue);
  const rest = createRestHandler(contextFor, options.maxBodyBytes, placement);
  const limiter = new RateLimiter(options.rateLimitPerMinute);
  const writeLimiter = new RateLimiter(options.writeRateLimitPerMinute);
  // The document's server URL is relative ("/api/v1"): the same document is right for every Host a client
  // used, and no request's Host header is written into what later clients get.
  let openApi: unknown;
  let inFlight = 0;
  let closing = false;
  const drained: Array<() => void> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path !== '/healthz' && !hostAllowed(req.headers.host, options.host, options.allowedHosts)) {
      sendJson(res, 421, {
        error: `this server does not answer to host ${JSON.stringify(req.headers.host ?? '')}: use localhost, 127.0.0.1 or [::1], or start it with --allowed-host`,
      });
      return;
    }
    const origin = req.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, trpc-accept, x-trpc-source, x-weightplan-user');
      res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(origin && options.corsOrigins.includes(origin) ? 204 : 403);
      res.end();
      return;
    }
    if (path === '/healthz') {
      sendJson(res, closing ? 503 : 200, {
        status: closing ? 'shutting-down' : 'ok',
        version: dependencies.version ?? WEIGHTPLAN_VERSION,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
      });
      return;
    }
    const crossSite = crossSiteRefusal(req, options.corsOrigins);
    if (crossSite) {
      sendJson(res, 403, { error: crossSite });
      return;
    }
    // Before the rate buckets: requests a page on another site can make the browser send must not use up
    // the budget of the user's own client (on loopback every client shares the address 127.0.0.1).
    const mediaType = (path.startsWith('/trpc/') || path.startsWith('/api/')) && contentTypeRefusal(req);
    if (mediaType) {
      sendJson(res, 415, { error: mediaType });
      req.resume();
      return;
    }
    const procedureNames = proceduresOf(req.method ?? 'GET', url);
    if (procedureNames.length > options.maxBatchCalls) {
      sendJson(res, 400, {
        error: `a tRPC batch may hold at most ${options.maxBatchCalls} calls; this one has ${procedureNames.length}: split it`,
      });
      return;
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    const wait = limiter.take(client, Math.max(1, procedureNames.length));
    if (wait > 0) {
      sendJson(res, 429, { error: 'too many requests', retryAfterSeconds: wait }, { 'retry-after': String(wait) });
      return;
    }
    if (options.apiKey && !bearerMatches(req.headers.authorization, options.apiKey)) {
      sendJson(res, 401, { error: 'missing or wrong API key: send Authorization: Bearer <key>' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    const writes = procedureNames.filter((name) => WRITE_PROCEDURES.has(name)).length;
    const writeWait = writes > 0 ? writeLimiter.take(client, writes) : 0;
    if (writeWait > 0) {
      sendJson(
        res,
        429,
        { error: `too many writes (at most ${options.writeRateLimitPerMinute} a minute)`, retryAfterSeconds: writeWait },
        { 'retry-after': String(writeWait) },
      );
      return;
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > options.maxBodyBytes) {
      sendJson(res, 413, { error: `request body of ${length} bytes exceeds the ${options.maxBodyBytes}-byte limit` });
      req.resume();
      return;
    }
    if (path === '/api/openapi.json') {
      openApi ??= openApiDocument('/api/v1');
      sendJson(res, 200, openApi);
      return;
    }
    if (path.startsWith('/trpc/')) {
      await trpc(req, res, url);
      return;
    }
    if (path.startsWith('/api/v1/')) {
      await rest(req, res, path.slice('/api/v1'.length), url);
      return;
    }
    if (options.uiDirectory && req.method === 'GET' && serveStatic(options.uiDirectory, path, res, req.headers['accept-encoding'])) return;
    sendJson(res, 404, { error: `no route ${req.method} ${path}; see /api/openapi.json` });
  };

  const server = createServer(
    {
      // Node checks the request and header deadlines on this interval (30 s by default): check every second
      // so that a slow upload is cut off close to its deadline.
      connectionsCheckingInterval: 1000,
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: Math.min(options.requestTimeoutMs, 10_000),
    },
    (req, res) => {
      const begin = performance.now();
      const requestedPath = (req.url ?? '').split('?')[0] ?? '';
      inFlight += 1;
      // Every answer, errors and the tRPC adapter's included: a browser must not guess a JSON body is HTML.
      res.setHeader('x-content-type-options', 'nosniff');
      const deadline = setTimeout(() => {
        // A computation still running (or a body still arriving) gets its answer now and loses its socket;
        // a response already streaming (a large UI asset) is left to finish.
        if (res.headersSent) return;
        const seconds = options.requestTimeoutMs / 1000;
        sendJson(
          res,
          503,
          { error: `no answer within the ${seconds} s request deadline; retry, or ask for less` },
          { connection: 'close' },
        );
      }, options.requestTimeoutMs);
      deadline.unref();
      res.on('close', () => {
        clearTimeout(deadline);
        inFlight -= 1;
        log({
          time: new Date().toISOString(),
          method: req.method ?? '',
          path: requestedPath,
          status: res.statusCode,
          milliseconds: Math.round((performance.now() - begin) * 100) / 100,
          client: req.socket.remoteAddress ?? '',
        });
        if (inFlight === 0) for (const resolveDrain of drained.splice(0)) resolveDrain();
      });
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : 'internal error' });
        else if (!res.writableEnded) res.destroy();
      });
    },
  );
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  server.maxConnections = options.maxConnections;

  return {
    server,
    options,
    heavyWorkerThreads: () => pool?.workerCount ?? 0,
    heavyWorkerStarts: () => pool?.startedCount ?? 0,
    workersReady: (timeoutMs) => pool?.ready(timeoutMs) ?? Promise.resolve(true),
    listen: () =>
      new Promise((resolveListen, reject) => {
        // Workers load the router while the socket opens: the first heavy call finds them ready.
        pool?.warmUp();
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          const address = server.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolveListen(`http://${host}:${address.port}`);
        });
      }),
    close: () =>
      new Promise<void>((resolveClose) => {
        closing = true;
        // Workers stop once the requests in flight are answered (or the shutdown timeout is up).
        const done = () => {
          if (!pool) return resolveClose();
          pool.close().then(
            () => resolveClose(),
            () => resolveClose(),
          );
        };
        const finish = () => {
          server.closeAllConnections();
          done();
        };
        const timer = setTimeout(finish, options.shutdownTimeoutMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          done();
        });
        server.closeIdleConnections();
        if (inFlight === 0) return;
        drained.push(() => server.closeIdleConnections());
      }),
  };
}
