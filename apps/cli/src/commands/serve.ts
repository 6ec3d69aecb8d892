import { hostname } from 'node:os';
import { FileStore, fileStoreReplicaWarning, hubOptionsFromEnv, type Store } from '@weightplan/api';
import { PostgresStore } from '@weightplan/api/postgres';
import { createWeightplanServer, type ServerOptionsInput } from '@weightplan/server';
import { ZodError } from 'zod';
import type { DetectFn } from '../hardware-option.js';
import type { CliIo } from '../io.js';
import { parseNumberOption } from '../parse-options.js';
import { defaultUiDirectory } from '../ui-directory.js';
import { UsageError } from '../usage-error.js';

export interface ServeOptions {
  /** false with --no-hub: answer from the catalogs only, never reach the Hugging Face Hub. */
  hub?: boolean;
  host?: string;
  port?: string;
  apiKey?: string;
  allowDir?: string[];
  corsOrigin?: string[];
  allowedHost?: string[];
  maxConnections?: string;
  rateLimit?: string;
  maxBodyBytes?: string;
  workers?: string;
  ui?: string;
  databaseUrl?: string;
}

/**
 * The store a server keeps its data in: PostgreSQL when given a database URL (the schema migrated first,
 * under an advisory lock, so replicas starting together are safe); otherwise the config directory, with a
 * warning when this server looks like one of several replicas (see replicaHint()).
 */
export async function serverStore(databaseUrl: string | undefined, io: CliIo, env: NodeJS.ProcessEnv): Promise<Store> {
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new UsageError('--database-url (WEIGHTPLAN_DATABASE_URL) must be a postgres:// or postgresql:// URL');
    }
    return PostgresStore.open(databaseUrl);
  }
  const store = new FileStore();
  const warning = fileStoreReplicaWarning(env, hostname(), store.location);
  if (warning) io.err(`warning: ${warning}`);
  return store;
}

/** Resolves with the signal's name when the process is asked to stop (SIGTERM from an orchestrator, Ctrl-C). */
export function processShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve(signal));
  });
}

function zodMessage(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('; ');
}

export async function runServe(
  options: ServeOptions,
  io: CliIo,
  detect: DetectFn,
  shutdownSignal: Promise<string>,
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const apiKey = options.apiKey ?? env.WEIGHTPLAN_API_KEY;
  const input: ServerOptionsInput = {
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: parseNumberOption('--port', options.port, { min: 0, max: 65535, integer: true }) } : {}),
    ...(apiKey ? { apiKey } : {}),
    allowDirs: options.allowDir ?? [],
    corsOrigins: options.corsOrigin ?? [],
    // Repeatable and comma-separated: --allowed-host a.lan --allowed-host b.lan,c.lan
    allowedHosts: (options.allowedHost ?? [])
      .flatMap((hosts) => hosts.split(','))
      .map((host) => host.trim())
      .filter(Boolean),
    ...(options.maxConnections !== undefined
      ? { maxConnections: parseNumberOption('--max-connections', options.maxConnections, { min: 1, max: 100_000, integer: true }) }
      : {}),
    ...(options.rateLimit !== undefined
      ? { rateLimitPerMinute: parseNumberOption('--rate-limit', options.rateLimit, { min: 1, max: 1_000_000, integer: true }) }
      : {}),
    ...(options.maxBodyBytes !== undefined
      ? { maxBodyBytes: parseNumberOption('--max-body-bytes', options.maxBodyBytes, { min: 1024, max: 64 * 1024 * 1024, integer: true }) }
      : {}),
    ...(options.workers !== undefined
      ? { workers: parseNumberOption('--workers', options.workers, { min: 0, max: 64, integer: true }) }
      : {}),
  };
  const uiDirectory = options.ui ?? defaultUiDirectory();
  if (uiDirectory) input.uiDirectory = uiDirectory;
  const store = await serverStore(options.databaseUrl ?? (env.WEIGHTPLAN_DATABASE_URL || undefined), io, env);
  let server: ReturnType<typeof createWeightplanServer>;
  try {
    server = createWeightplanServer(input, {
      detectHardware: detect,
      version,
      store,
      ...(options.hub === false ? {} : { hub: hubOptionsFromEnv() }),
    });
  } catch (error) {
    await store.close();
    if (error instanceof ZodError) throw new UsageError(zodMessage(error));
    throw error;
  }
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(`port ${server.options.port} on ${server.options.host} is already in use: choose another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UsageError(`cannot listen on ${server.options.host}: no such address on this machine`);
    if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${server.options.port}: ports below 1024 need privileges`);
    throw error;
  }
  // Detect now, not on the first request: the planner's first page should not wait for hardware probes.
  detect().catch(() => undefined);
  io.out(`weightplan ${version} serving on ${url}`);
  io.out(server.options.uiDirectory ? `  planner UI ${url}/` : '  planner UI not built (npm run build), API only');
  io.out(`  REST ${url}/api/v1 (OpenAPI: ${url}/api/openapi.json), tRPC ${url}/trpc, health ${url}/healthz`);
  if (server.options.apiKey) io.out('  every request needs Authorization: Bearer <API key>');
  if (server.options.allowedHosts.length) io.out(`  also answers to host names: ${server.options.allowedHosts.join(', ')}`);
  io.out(`  inspect may read: ${server.options.allowDirs.length ? server.options.allowDirs.join(', ') : 'nothing (add --allow-dir DIR)'}`);
  io.out(
    server.options.workers > 0
      ? `  heavy calls (recommend, fit matrix, compare, scenario, fleet plans): ${server.options.workers} worker thread${server.options.workers === 1 ? '' : 's'}`
      : '  heavy calls: in the main thread, one at a time (--workers 0)',
  );
  io.out(`  store: ${store.kind === 'postgres' ? `PostgreSQL ${store.location}` : `files in ${store.location}`}`);
  const signal = await shutdownSignal;
  io.err(`received ${signal}: finishing requests in flight, then stopping`);
  await server.close();
  await store.close();
}
