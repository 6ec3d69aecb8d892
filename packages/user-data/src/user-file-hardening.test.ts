import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInModels } from '@weightplan/weights';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { withFileLock } from './file-lock.js';
import { readJsonFile } from './json-file.js';
import { modelIndex, resolveModel } from './resolve-model.js';
import { addToUserCatalog, loadUserCatalog, userCatalogFile } from './user-catalog.js';
import { UserDataError } from './user-data-error.js';
import { fsyncDirectory, writeFileAtomic } from './write-file-atomic.js';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '../../..');
/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
const dir = () => {
  const directory = mkdtempSync(join(tmpdir(), 'wp-hardening-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
};
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('leftover temporary files after a crash', () => {
  it('are removed when the file is opened once older than a minute; fresh ones and other files are kept', () => {
    const folder = dir();
    const file = join(folder, 'models.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, models: [] }));
    const stale = join(folder, '.models.json.4242.1700000000000.tmp');
    const fresh = join(folder, '.models.json.4243.1700000000001.tmp');
    const unrelated = join(folder, '.profiles.json.4242.1700000000000.tmp');
    for (const leftover of [stale, fresh, unrelated]) writeFileSync(leftover, '{"half":');
    utimesSync(stale, minutesAgo(2), minutesAgo(2));
    utimesSync(unrelated, minutesAgo(2), minutesAgo(2));
    loadUserCatalog(file);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
  });
});

describe('durable renames', () => {
  it('fsyncs the directory after the rename, and tolerates a platform where that fails', () => {
    const folder = dir();
    expect(fsyncDirectory(folder)).toBe(true);
    expect(fsyncDirectory(join(folder, 'no-such-folder'))).toBe(false);
    writeFileAtomic(join(folder, 'a.json'), '{}\n');
    expect(readdirSync(folder)).toEqual(['a.json']);
  });
});

/** A child process that appends `count` entries to a JSON list under the lock (the real updateJsonFile). */
function writer(file: string, name: string, count: number): Promise<number> {
  const script = `
    const { updateJsonFile } = await import(${JSON.stringify(join(here, 'json-file.ts'))});
    const anything = { safeParse: (data) => ({ success: true, data }) };
    for (let i = 0; i < ${count}; i++) {
      updateJsonFile(${JSON.stringify(file)}, anything, (current) => {
        const list = current ?? [];
        return { next: [...list, ${JSON.stringify(name)} + '-' + i], result: undefined };
      });
    }`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--conditions=@weightplan/source', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code) => done(code ?? 1));
  });
}

describe('read-modify-write across processes', () => {
  it('concurrent writers in four processes lose no update (a lock file created with O_EXCL)', { timeout: 60_000 }, async () => {
    const file = join(dir(), 'profiles.json');
    const codes = await Promise.all(['a', 'b', 'c', 'd'].map((name) => writer(file, name, 15)));
    expect(codes).toEqual([0, 0, 0, 0]);
    const list = JSON.parse(readFileSync(file, 'utf8')) as string[];
    expect(list).toHaveLength(60);
    expect(new Set(list).size).toBe(60);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('recovers a lock whose process died', () => {
    const file = join(dir(), 'models.json');
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: dead, host: hostname(), token: 'crashed' }));
    expect(withFileLock(file, () => 'ran', { waitMilliseconds: 500 })).toBe('ran');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('recovers a lock older than any real write even if its pid was reused', () => {
    const file = join(dir(), 'models.json');
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'old' }));
    utimesSync(`${file}.lock`, minutesAgo(1), minutesAgo(1));
    expect(withFileLock(file, () => 'ran', { waitMilliseconds: 500 })).toBe('ran');
  });

  it('waits a bounded time for a live lock, then says which file and lock', () => {
    const file = join(dir(), 'models.json');
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'live' }));
    const started = Date.now();
    expect(() => withFileLock(file, () => 'ran', { waitMilliseconds: 300 })).toThrow(UserDataError);
    expect(() => withFileLock(file, () => 'ran', { waitMilliseconds: 0 })).toThrow(
      /being changed by another Weightplan process \(pid \d+\); try again, or remove .*models\.json\.lock/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    // The live lock is not ours to remove.
    expect(existsSync(`${file}.lock`)).toBe(true);
  });
});

describe('a damaged models.json', () => {
  const previous = process.env.WEIGHTPLAN_CONFIG_DIR;
  beforeEach(() => {
    process.env.WEIGHTPLAN_CONFIG_DIR = dir();
  });
  afterEach(() => {
    process.env.WEIGHTPLAN_CONFIG_DIR = previous;
  });

  it('is skipped with a warning instead of failing every estimate, and is never overwritten', async () => {
    const file = userCatalogFile();
    writeFileSync(file, '{"schemaVersion": 1, "models": [{"spec": 5}');
    const { model, warnings } = await resolveModel('llama-3-8b', 'Q4_K_M');
    expect(model.id).toBe(builtInModels().get('llama-3-8b').id);
    expect(warnings).toEqual([expect.stringMatching(/^imported models skipped: .*models\.json: is not valid JSON; fix or move it/)]);
    expect(modelIndex().warnings).toHaveLength(1);
    const spec = { ...builtInModels().get('llama-3-8b'), id: 'local/x', origin: 'imported' as const };
    expect(() => addToUserCatalog({ spec, precision: null })).toThrow(/will not overwrite/);
    expect(readFileSync(file, 'utf8')).toBe('{"schemaVersion": 1, "models": [{"spec": 5}');
    expect(() => readJsonFile(file, { safeParse: (data: unknown) => ({ success: true, data }) } as never)).toThrow(UserDataError);
  });
});
