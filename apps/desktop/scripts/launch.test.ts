import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadElectronBinary, installedElectronBinary } from './launch.mjs';

const launcher = fileURLToPath(new URL('launch.mjs', import.meta.url));

describe('the desktop launcher', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'weightplan-desktop-launch-'));
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('without an Electron binary, says so in one line, points at web mode, and fails', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: folder };
    delete env.ELECTRON_EXEC_PATH;
    const run = spawnSync(process.execPath, [launcher], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Electron \d+\.\d+\.\d+ binary is not installed.*npm run serve/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('finds the binary where electron records it, and nothing when it is missing', () => {
    expect(installedElectronBinary({ packageDirectory: folder, env: {} })).toBeUndefined();
    writeFileSync(join(folder, 'path.txt'), 'electron');
    expect(installedElectronBinary({ packageDirectory: folder, env: {} })).toBeUndefined();
    mkdirSync(join(folder, 'dist'));
    writeFileSync(join(folder, 'dist', 'electron'), '');
    expect(installedElectronBinary({ packageDirectory: folder, env: {} })).toBe(join(folder, 'dist', 'electron'));
    expect(
      installedElectronBinary({ packageDirectory: folder, env: { ELECTRON_OVERRIDE_DIST_PATH: join(folder, 'elsewhere') } }),
    ).toBeUndefined();
    expect(installedElectronBinary({ packageDirectory: folder, env: { ELECTRON_EXEC_PATH: join(folder, 'dist', 'electron') } })).toBe(
      join(folder, 'dist', 'electron'),
    );
  });

  it('reports whether the download succeeded, and gives up on one that hangs', async () => {
    const script = (name: string, source: string) => {
      writeFileSync(join(folder, name), source);
      return join(folder, name);
    };
    const env = {};
    expect(await downloadElectronBinary({ installScript: script('ok.js', 'process.exit(0)'), timeoutMs: 10_000, env })).toBe(true);
    expect(
      await downloadElectronBinary({ installScript: script('fails.js', 'throw new Error("fetch failed")'), timeoutMs: 10_000, env }),
    ).toBe(false);

    const started = Date.now();
    const hangs = script('hangs.js', 'setInterval(() => {}, 1000)');
    expect(await downloadElectronBinary({ installScript: hangs, timeoutMs: 300, env })).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
