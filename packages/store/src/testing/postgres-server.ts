import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, a free port on 127.0.0.1. */
export interface TestPostgres {
  /** postgres://weightplan@127.0.0.1:PORT/postgres */
  adminUrl: string;
  /** A fresh, empty database on the cluster; its URL. */
  createDatabase(): Promise<string>;
  stop(): void;
}

export type TestPostgresResult = { ok: true; server: TestPostgres } | { ok: false; reason: string };

/** Debian's and Ubuntu's server binaries (postgresql-NN), newest first; or those on PATH. */
function findBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  return found ? join(found, '..') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a cluster, or says why it cannot (no PostgreSQL binaries: `apt-get install postgresql`). initdb
 * refuses to run as root, so as root the cluster runs as the `postgres` system user.
 */
export async function startTestPostgres(): Promise<TestPostgresResult> {
  const bin = findBinaries();
  if (!bin) return { ok: false, reason: 'no PostgreSQL server binaries (initdb, pg_ctl) found; install Debian’s postgresql package' };
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  const directory = mkdtempSync(join(tmpdir(), 'wp-pg-'));
  if (asRoot) {
    chmodSync(directory, 0o777);
  }
  const data = join(directory, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'weightplan', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(directory, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { ok: false, reason: `PostgreSQL would not start: ${stderr || (error as Error).message}` };
  }
  const adminUrl = `postgres://weightplan@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    ok: true,
    server: {
      adminUrl,
      async createDatabase() {
        const name = `weightplan_test_${process.pid}_${++databases}`;
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          await client.query(`create database ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://weightplan@127.0.0.1:${port}/${name}`;
      },
      stop() {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch {
          // Already stopped.
        }
        rmSync(directory, { recursive: true, force: true });
      },
    },
  };
}
