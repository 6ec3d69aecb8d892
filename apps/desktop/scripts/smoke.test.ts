import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SMOKE_ENV, SMOKE_OK } from '../src/main/smoke.js';
import { installedElectronBinary } from './launch.mjs';
import { smokeTarget } from './smoke-target.mjs';

const desktopDirectory = fileURLToPath(new URL('..', import.meta.url));
const electronPackage = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const target = smokeTarget({
  desktopDirectory,
  env: process.env,
  platform: process.platform,
  electronBinary: installedElectronBinary({ packageDirectory: electronPackage, env: process.env }),
  isRoot: process.getuid?.() === 0,
});
const skipped = 'skip' in target ? target.skip : null;
if (skipped) console.warn(`desktop smoke test skipped: ${skipped}`);

describe('the desktop app, started for real', () => {
  it.skipIf(skipped !== null)(
    `opens its window, loads the page and answers it over IPC${skipped ? ` (skipped: ${skipped})` : ''}`,
    async () => {
      if ('skip' in target) return;
      const configDirectory = mkdtempSync(join(tmpdir(), 'wp-desktop-smoke-'));
      onTestFinished(() => rmSync(configDirectory, { recursive: true, force: true }));
      const env: NodeJS.ProcessEnv = { ...process.env, [SMOKE_ENV]: '1', WEIGHTPLAN_CONFIG_DIR: configDirectory };
      // The launcher's own variable would point the window at a dev server.
      delete env.ELECTRON_RENDERER_URL;
      const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(target.command, target.args, { env, timeout: 90_000 });
        let output = '';
        child.stdout.on('data', (chunk) => {
          output += chunk;
        });
        child.stderr.on('data', (chunk) => {
          output += chunk;
        });
        child.on('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}` }));
        child.on('close', (exitCode) => resolve({ code: exitCode, output }));
      });
      expect(output, target.describe).toContain(`${SMOKE_OK}: Weightplan`);
      expect(code, output).toBe(0);
    },
    120_000,
  );
});

describe('smokeTarget', () => {
  const base = { desktopDirectory: '/src/apps/desktop', env: { PATH: '/usr/bin' }, platform: 'linux' as const, isRoot: false };
  const files =
    (...present: string[]) =>
    (path: string) =>
      present.includes(path);

  it('starts the packaged app under xvfb-run on a Linux box without a display', () => {
    const launch = smokeTarget({
      ...base,
      electronBinary: undefined,
      exists: files('/src/apps/desktop/release/linux-unpacked/weightplan', '/usr/bin/xvfb-run'),
    });
    expect(launch).toEqual({
      command: '/usr/bin/xvfb-run',
      args: ['-a', '/src/apps/desktop/release/linux-unpacked/weightplan'],
      describe: 'the packaged app at /src/apps/desktop/release/linux-unpacked/weightplan under Xvfb',
    });
  });

  it('falls back to an Electron binary running the built app, without the sandbox as root, on the display there is', () => {
    const launch = smokeTarget({
      ...base,
      env: { PATH: '/usr/bin', DISPLAY: ':0' },
      isRoot: true,
      electronBinary: '/cache/electron/electron',
      exists: files('/src/apps/desktop/out/main/index.js'),
    });
    expect(launch).toMatchObject({ command: '/cache/electron/electron', args: ['--no-sandbox', '/src/apps/desktop'] });
  });

  it('says why it skips: no binary, no build, or no display', () => {
    expect(smokeTarget({ ...base, electronBinary: undefined, exists: files() })).toEqual({
      skip: expect.stringMatching(/^no Electron binary here/),
    });
    expect(smokeTarget({ ...base, electronBinary: '/e/electron', exists: files() })).toEqual({
      skip: expect.stringMatching(/app is not built/),
    });
    expect(smokeTarget({ ...base, electronBinary: '/e/electron', exists: files('/src/apps/desktop/out/main/index.js') })).toEqual({
      skip: expect.stringMatching(/no display and no xvfb-run/),
    });
  });
});
