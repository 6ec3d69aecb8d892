import { isIP } from 'node:net';
import { z } from 'zod';
import { defaultWorkerCount } from './worker-pool.js';

export const DEFAULT_PORT = 4821;

export const ServerOptionsSchema = z.object({
  /** Interface to listen on; loopback by default. Anything else requires an API key. */
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port (tests). */
  port: z.int().min(0).max(65535).default(DEFAULT_PORT),
  /** Bearer token required on every request but /healthz (always required beyond loopback). */
  apiKey: z.string().min(16, 'API key must be at least 16 characters').optional(),
  /** Directories inspect and model import may read; none by default. */
  allowDirs: z.array(z.string().min(1)).default([]),
  /** Origins allowed to call from a browser (CORS, and state-changing requests from another site); none by default. */
  corsOrigins: z.array(z.string().min(1)).default([]),
  /**
   * Host names (optionally with :port) a request's Host header may carry besides localhost, 127.0.0.1 and
   * [::1]. A page on an attacker's domain that re-points its DNS at 127.0.0.1 still sends its own name here.
   */
  allowedHosts: z.array(z.string().min(1).max(255)).default([]),
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes: z
    .int()
    .positive()
    .default(1024 * 1024),
  /** Requests per client per minute (429 beyond); each call of a tRPC batch counts. */
  rateLimitPerMinute: z.int().positive().default(600),
  /** Calls per client per minute that write stored data (plans, saved machines, imports): a tighter bucket. */
  writeRateLimitPerMinute: z.int().positive().default(60),
  /** Calls one tRPC batch may hold (400 beyond). */
  maxBatchCalls: z.int().min(1).max(100).default(10),
  /**
   * Deadline for a whole request, body upload included: past it the client gets 503 and the connection is
   * closed, so a slow client or a stuck computation cannot hold a socket indefinitely.
   */
  requestTimeoutMs: z.int().min(100).max(600_000).default(15_000),
  /**
   * Worker threads for heavy calls (recommend, fit matrix, compare, scenario, fleet plans; heavy-work.ts), so
   * that the event loop keeps answering; default: one per core but one, at least 2, at most 4. 0 runs them
   * in the main thread one at a time (for debugging and profiling).
   */
  workers: z
    .int()
    .min(0)
    .max(64)
    .default(() => defaultWorkerCount()),
  /**
   * Heavy calls that may wait for a free worker (or their turn, with 0 workers); more, or one the calls
   * ahead would push past the request deadline, get 503 with Retry-After at once.
   */
  maxQueuedHeavyCalls: z.int().min(0).max(10_000).default(32),
  /**
   * Longest a heavy call may compute in a worker: past it the call is answered 504 and its worker is
   * stopped and replaced; default (and at most): the request deadline, past which nobody waits for it.
   */
  heavyCallTimeoutMs: z.int().min(100).max(600_000).optional(),
  /**
   * How long an idle keep-alive connection stays open. Behind a load balancer, make it longer than the
   * balancer's own idle timeout (60 s on many), or the balancer may reuse a connection the server just closed.
   */
  keepAliveTimeoutMs: z.int().min(1000).max(600_000).default(5_000),
  /** Open connections at once; the server drops connections beyond (each costs a file descriptor and memory). */
  maxConnections: z.int().min(1).max(100_000).default(256),
  /** Folder of the web UI's build, served at / when present. */
  uiDirectory: z.string().optional(),
  /** How long a graceful shutdown waits for in-flight requests. */
  shutdownTimeoutMs: z.int().positive().default(10_000),
});

export type ServerOptions = z.infer<typeof ServerOptionsSchema>;
export type ServerOptionsInput = z.input<typeof ServerOptionsSchema>;

/**
 * Whether an address is this machine's loopback: "localhost", 127.0.0.0/8, ::1, or an IPv4-mapped
 * ::ffff:127.x.x.x. Addresses are parsed, not matched as text, so "127.evil.example" is not loopback.
 */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return bare.split('.')[0] === '127';
  if (family !== 6) return false;
  // The URL parser writes an IPv6 address in its one canonical form ("::1", "::ffff:7f00:1").
  let canonical: string;
  try {
    canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  } catch {
    return false; // a scoped address (fe80::1%eth0) is a link, not loopback
  }
  if (canonical === '::1') return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(canonical);
  return mapped?.[1] !== undefined && Number.parseInt(mapped[1], 16) >> 8 === 127;
}
