import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { type ApiContext, appRouter, cachedDetection, InvalidInputError, openApiDocument } from '@weightplan/api';
import type { HardwareProfile } from '@weightplan/hardware';
import { RateLimiter } from './rate-limiter.js';
import { createRestHandler } from './rest-handler.js';
import { sendJson } from './send-json.js';
import { isLoopback, type ServerOptions, type ServerOptionsInput, ServerOptionsSchema } from './server-options.js';
import { serveStatic } from './static-files.js';
import { createTrpcHandler } from './trpc-handler.js';

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
}

export interface ServerDependencies {
  detectHardware: (options?: { measure?: boolean }) => Promise<HardwareProfile>;
  /** One structured line per request; default: JSON to stderr. */
  log?: (entry: RequestLog) => void;
  version?: string;
}

function bearerMatches(header: string | undefined, key: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The HTTP server every non-desktop client uses: tRPC at /trpc (batching on), REST at /api/v1 with its
 * OpenAPI 3.1 document at /api/openapi.json, /healthz, and the web UI at /. Safe by default: loopback
 * only; any other bind needs an API key sent as `Authorization: Bearer`; CORS only for listed origins; a
 * body limit (413), a per-client rate limit (429), file reads only under --allow-dir, and a graceful
 * shutdown that lets in-flight requests finish.
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

  const context: ApiContext = { detectHardware: cachedDetection(dependencies.detectHardware), allowedRoots };
  const createContext = () => context;
  const trpcAdapter = createHTTPHandler({ router: appRouter, createContext, basePath: '/trpc/', maxBodySize: options.maxBodyBytes });
  const trpc = createTrpcHandler(context, options.maxBodyBytes, trpcAdapter);
  const rest = createRestHandler(context, options.maxBodyBytes);
  const limiter = new RateLimiter(options.rateLimitPerMinute);
  let openApi: unknown;
  let inFlight = 0;
  let closing = false;
  const drained: Array<() => void> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const origin = req.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, trpc-accept, x-trpc-source');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(origin && options.corsOrigins.includes(origin) ? 204 : 403);
      res.end();
      return;
    }
    if (path === '/healthz') {
      sendJson(res, closing ? 503 : 200, {
        status: closing ? 'shutting-down' : 'ok',
        version: dependencies.version ?? '0.1.0',
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
      });
      return;
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    const wait = limiter.take(client);
    if (wait > 0) {
      sendJson(res, 429, { error: 'too many requests', retryAfterSeconds: wait }, { 'retry-after': String(wait) });
      return;
    }
    if (options.apiKey && !bearerMatches(req.headers.authorization, options.apiKey)) {
      sendJson(res, 401, { error: 'missing or wrong API key: send Authorization: Bearer <key>' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > options.maxBodyBytes) {
      sendJson(res, 413, { error: `request body of ${length} bytes exceeds the ${options.maxBodyBytes}-byte limit` });
      req.resume();
      return;
    }
    if (path === '/api/openapi.json') {
      openApi ??= openApiDocument(`http://${req.headers.host ?? `${options.host}:${options.port}`}/api/v1`);
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
    if (options.uiDirectory && req.method === 'GET' && serveStatic(options.uiDirectory, path, res)) return;
    sendJson(res, 404, { error: `no route ${req.method} ${path}; see /api/openapi.json` });
  };

  const server = createServer((req, res) => {
    const begin = performance.now();
    const requestedPath = (req.url ?? '').split('?')[0] ?? '';
    inFlight += 1;
    res.on('close', () => {
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
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  return {
    server,
    options,
    listen: () =>
      new Promise((resolveListen, reject) => {
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
        const finish = () => {
          server.closeAllConnections();
          resolveClose();
        };
        const timer = setTimeout(finish, options.shutdownTimeoutMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolveClose();
        });
        server.closeIdleConnections();
        if (inFlight === 0) return;
        drained.push(() => server.closeIdleConnections());
      }),
  };
}
