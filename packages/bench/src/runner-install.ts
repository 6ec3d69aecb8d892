import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { BenchError } from './bench-error.js';

/**
 * The node-llama-cpp release the bench runs: pinned, because its prebuilt llama.cpp decides the speeds
 * measured, and a record names the version it was measured with.
 */
export const RUNNER_VERSION = '3.22.1';

export const RunnerBackendSchema = z.enum(['cpu', 'cuda', 'vulkan', 'metal']);
export type RunnerBackend = z.infer<typeof RunnerBackendSchema>;

/**
 * node-llama-cpp's prebuilt binary packages (its optionalDependencies), by platform, architecture and
 * backend. Installing node-llama-cpp normally pulls every variant of the platform (on Linux x64: CPU,
 * CUDA, CUDA-ext and Vulkan, about 630 MB); the bench installs one.
 */
const BINARY_PACKAGES: Record<string, Partial<Record<RunnerBackend, string>>> = {
  'linux-x64': { cpu: 'linux-x64', cuda: 'linux-x64-cuda', vulkan: 'linux-x64-vulkan' },
  'linux-arm64': { cpu: 'linux-arm64' },
  'linux-arm': { cpu: 'linux-armv7l' },
  'linux-riscv64': { cpu: 'linux-riscv64' },
  'darwin-arm64': { cpu: 'mac-arm64-metal', metal: 'mac-arm64-metal' },
  'darwin-x64': { cpu: 'mac-x64' },
  'win32-x64': { cpu: 'win-x64', cuda: 'win-x64-cuda', vulkan: 'win-x64-vulkan' },
  'win32-arm64': { cpu: 'win-arm64' },
};

/**
 * The binary packages to install for a backend: the backend's own and the CPU one, which node-llama-cpp
 * falls back to (and which `gpu: false` loads). A backend the platform has no build for is an error.
 */
export function runnerBinaryPackages(backend: RunnerBackend, platform = process.platform, arch = process.arch): string[] {
  const key = `${platform}-${arch}`;
  const packages = BINARY_PACKAGES[key];
  if (!packages) {
    throw new BenchError(
      'runner-unavailable',
      `node-llama-cpp has no prebuilt llama.cpp for ${key}; measure a running server with --endpoint URL instead`,
    );
  }
  const own = packages[backend];
  if (!own) {
    const known = Object.keys(packages).join(', ');
    throw new BenchError('runner-unavailable', `node-llama-cpp has no ${backend} build for ${key} (it has: ${known})`);
  }
  const cpu = packages.cpu;
  return [...new Set([own, ...(cpu ? [cpu] : [])])].map((name) => `@node-llama-cpp/${name}`);
}

/** The backend to install when none is asked for: Metal on Apple Silicon, CUDA with an NVIDIA GPU, else CPU. */
export function defaultBackend(gpuVendors: readonly string[], platform = process.platform, arch = process.arch): RunnerBackend {
  if (platform === 'darwin' && arch === 'arm64') return 'metal';
  if (gpuVendors.some((vendor) => /nvidia/i.test(vendor)) && (platform === 'linux' || platform === 'win32') && arch === 'x64')
    return 'cuda';
  if (gpuVendors.some((vendor) => /amd|intel/i.test(vendor)) && (platform === 'linux' || platform === 'win32') && arch === 'x64') {
    return 'vulkan';
  }
  return 'cpu';
}

/**
 * Where the runner lives: WEIGHTPLAN_RUNNER_DIR when set (CI installs it there once), else the user's cache
 * directory, one folder per version and backend (`~/.cache/weightplan/runner/3.22.1/cpu` on Linux).
 */
export function runnerDirectory(backend: RunnerBackend, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.WEIGHTPLAN_RUNNER_DIR;
  if (override) return override;
  return join(envPaths('weightplan', { suffix: '' }).cache, 'runner', RUNNER_VERSION, backend);
}

const MarkerSchema = z.object({
  version: z.string(),
  backend: RunnerBackendSchema,
  packages: z.array(z.string()),
  installedAt: z.string(),
});
export type RunnerInstallation = z.infer<typeof MarkerSchema> & { directory: string };

const MARKER = 'weightplan-runner.json';

/** The installation in `directory`, when one of this version finished there. */
export function installedRunner(directory: string): RunnerInstallation | undefined {
  try {
    const marker = MarkerSchema.parse(JSON.parse(readFileSync(join(directory, MARKER), 'utf8')));
    const installed = JSON.parse(readFileSync(join(directory, 'node_modules', 'node-llama-cpp', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    if (marker.version !== RUNNER_VERSION || installed.version !== RUNNER_VERSION) return undefined;
    return { ...marker, directory };
  } catch {
    return undefined;
  }
}

/** The npm command line of an install (exported for tests: what it asks npm for matters). */
export function npmInstallArguments(): string[] {
  // --omit=optional keeps npm from pulling node-llama-cpp's other binary variants (its optionalDependencies);
  // the one this machine needs is a direct dependency of the folder's package.json, so it stays.
  // --ignore-scripts and NODE_LLAMA_CPP_SKIP_DOWNLOAD: its postinstall must never try to build llama.cpp.
  return ['install', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=http'];
}

export interface InstallProgress {
  /** Packages fetched so far (tarballs and metadata), and about how many an install fetches. */
  fetched: number;
  expected: number;
}

/** About how many registry fetches an install makes (91 packages, counted on node-llama-cpp 3.22.1). */
const EXPECTED_FETCHES = 91;

/**
 * Installs node-llama-cpp and the binary package of one backend into `directory` with npm, reporting each
 * fetch. The marker file is written last, so an interrupted install is redone next time.
 */
export async function installRunner(
  backend: RunnerBackend,
  options: { directory?: string; onProgress?: (progress: InstallProgress) => void; npm?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunnerInstallation> {
  const directory = options.directory ?? runnerDirectory(backend);
  const packages = runnerBinaryPackages(backend);
  mkdirSync(directory, { recursive: true });
  const manifest = {
    name: 'weightplan-runner',
    private: true,
    description: 'llama.cpp for `weightplan bench`, installed on first use',
    dependencies: Object.fromEntries([['node-llama-cpp', RUNNER_VERSION], ...packages.map((name) => [name, RUNNER_VERSION])]),
  };
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const npm = options.npm ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
  let fetched = 0;
  let lastLine = '';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(npm, npmInstallArguments(), {
      cwd: directory,
      env: { ...(options.env ?? process.env), NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'ignore', 'pipe'],
      shell: process.platform === 'win32',
    });
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (/^npm http fetch GET 200 .*\.tgz/.test(line)) {
          fetched += 1;
          options.onProgress?.({ fetched, expected: Math.max(EXPECTED_FETCHES, fetched) });
        } else if (/^npm (error|ERR!)/.test(line) && lastLine === '') {
          lastLine = line.replace(/^npm (error|ERR!)\s*/, '').trim();
        }
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new BenchError(
          'runner-unavailable',
          error.code === 'ENOENT'
            ? `cannot install llama.cpp for the bench: npm is not on the PATH (install Node.js with npm, or set WEIGHTPLAN_RUNNER_DIR to an installed runner)`
            : `cannot install llama.cpp for the bench: npm failed to start (${error.code ?? error.message})`,
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new BenchError(
            'runner-unavailable',
            `cannot install llama.cpp for the bench (npm exited ${code}${lastLine ? `: ${lastLine.slice(0, 200)}` : ''}); check your network and the npm registry, then run \`weightplan bench install\``,
          ),
        );
    });
  });
  const marker = { version: RUNNER_VERSION, backend, packages: ['node-llama-cpp', ...packages], installedAt: new Date().toISOString() };
  if (!existsSync(join(directory, 'node_modules', 'node-llama-cpp', 'package.json'))) {
    throw new BenchError(
      'runner-unavailable',
      `npm finished but node-llama-cpp is not in ${directory}; run \`weightplan bench install\` again`,
    );
  }
  writeFileSync(join(directory, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  return { ...marker, directory };
}
