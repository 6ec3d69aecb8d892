import { z } from 'zod';

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
  /** Origins allowed to call from a browser (CORS); none by default. */
  corsOrigins: z.array(z.string().min(1)).default([]),
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes: z
    .int()
    .positive()
    .default(1024 * 1024),
  /** Requests per client per minute (429 beyond). */
  rateLimitPerMinute: z.int().positive().default(600),
  /** Folder of the web UI's build, served at / when present. */
  uiDirectory: z.string().optional(),
  /** How long a graceful shutdown waits for in-flight requests. */
  shutdownTimeoutMs: z.int().positive().default(10_000),
});

export type ServerOptions = z.infer<typeof ServerOptionsSchema>;
export type ServerOptionsInput = z.input<typeof ServerOptionsSchema>;

/** Whether a host string binds only to this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
