import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  defaultBackend,
  installedRunner,
  installRunner,
  npmInstallArguments,
  RUNNER_VERSION,
  runnerBinaryPackages,
  runnerDirectory,
} from './runner-install.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** A stand-in for npm: prints npm's http log lines and lays out what a real install leaves, or fails like npm. */
function fakeNpm(folder: string, behaviour: 'ok' | 'fail'): string {
  const script = join(folder, 'npm');
  const install =
    behaviour === 'ok'
      ? `for i in 1 2 3; do echo "npm http fetch GET 200 https://registry.npmjs.org/p$i/-/p$i-1.0.0.tgz 12ms (cache miss)" >&2; done
mkdir -p node_modules/node-llama-cpp && echo '{"version":"${RUNNER_VERSION}"}' > node_modules/node-llama-cpp/package.json
echo "$@" > args.txt; env > env.txt`
      : `echo "npm error code E404" >&2; echo "npm error 404 Not Found - GET https://registry.npmjs.org/node-llama-cpp" >&2; exit 1`;
  writeFileSync(script, `#!/bin/sh\n${install}\n`);
  chmodSync(script, 0o755);
  return script;
}

describe('the runner install', () => {
  it('picks one binary package for the platform and backend, plus the CPU build to fall back to', () => {
    expect(runnerBinaryPackages('cpu', 'linux', 'x64')).toEqual(['@node-llama-cpp/linux-x64']);
    expect(runnerBinaryPackages('cuda', 'linux', 'x64')).toEqual(['@node-llama-cpp/linux-x64-cuda', '@node-llama-cpp/linux-x64']);
    expect(runnerBinaryPackages('metal', 'darwin', 'arm64')).toEqual(['@node-llama-cpp/mac-arm64-metal']);
    expect(runnerBinaryPackages('vulkan', 'win32', 'x64')).toEqual(['@node-llama-cpp/win-x64-vulkan', '@node-llama-cpp/win-x64']);
    expect(() => runnerBinaryPackages('cuda', 'darwin', 'arm64')).toThrow(/no cuda build for darwin-arm64/);
    expect(() => runnerBinaryPackages('cpu', 'freebsd', 'x64')).toThrow(/no prebuilt llama.cpp for freebsd-x64/);
  });

  it('chooses the backend from the GPUs found', () => {
    expect(defaultBackend([], 'linux', 'x64')).toBe('cpu');
    expect(defaultBackend(['NVIDIA'], 'linux', 'x64')).toBe('cuda');
    expect(defaultBackend(['AMD'], 'linux', 'x64')).toBe('vulkan');
    expect(defaultBackend([], 'darwin', 'arm64')).toBe('metal');
    expect(defaultBackend(['NVIDIA'], 'linux', 'arm64')).toBe('cpu');
  });

  it('lives in the cache per version and backend, unless WEIGHTPLAN_RUNNER_DIR says where', () => {
    expect(runnerDirectory('cpu', { WEIGHTPLAN_RUNNER_DIR: '/opt/runner' })).toBe('/opt/runner');
    expect(runnerDirectory('cuda', {})).toMatch(new RegExp(`weightplan.*runner.${RUNNER_VERSION.replace(/\./g, '\\.')}.cuda$`));
  });

  it('asks npm for node-llama-cpp and the one binary package, omitting the optional variants and never building', async () => {
    const folder = testDirectory('wp-runner-');
    const directory = join(folder, 'runner');
    const seen: number[] = [];
    const installed = await installRunner('cpu', { directory, npm: fakeNpm(folder, 'ok'), onProgress: (p) => seen.push(p.fetched) });
    expect(seen).toEqual([1, 2, 3]);
    expect(installed.packages).toContain('node-llama-cpp');
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).toHaveLength(2);
    expect(manifest.dependencies['node-llama-cpp']).toBe(RUNNER_VERSION);
    expect(readFileSync(join(directory, 'args.txt'), 'utf8').trim()).toBe(npmInstallArguments().join(' '));
    expect(npmInstallArguments()).toEqual(expect.arrayContaining(['--omit=optional', '--ignore-scripts']));
    expect(readFileSync(join(directory, 'env.txt'), 'utf8')).toContain('NODE_LLAMA_CPP_SKIP_DOWNLOAD=true');
    expect(installedRunner(directory)?.version).toBe(RUNNER_VERSION);
  });

  it('fails in one line when npm fails or is missing, leaving nothing that looks installed', async () => {
    const folder = testDirectory('wp-runner-');
    const directory = join(folder, 'runner');
    await expect(installRunner('cpu', { directory, npm: fakeNpm(folder, 'fail') })).rejects.toThrow(
      /cannot install llama.cpp for the bench \(npm exited 1: code E404\)/,
    );
    expect(installedRunner(directory)).toBeUndefined();
    await expect(installRunner('cpu', { directory, npm: join(folder, 'no-such-npm') })).rejects.toThrow(/npm is not on the PATH/);
  });
});
