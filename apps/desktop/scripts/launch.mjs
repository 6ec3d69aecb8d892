// Starts the desktop app: `npm run desktop` (root) or `npm start -w @weightplan/desktop`; `--dev` for
// electron-vite's dev server with hot reload. The Electron package ships no binary: its index.js downloads
// one on first use and throws a stack trace when it cannot. This launcher looks for the binary first, tries
// that same download once (quietly, under a deadline), and otherwise says in one line why the app cannot
// start and what to use instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const desktopDirectory = fileURLToPath(new URL('..', import.meta.url));

/** Electron is about 100 MB; past this the network is not going to deliver it. */
export const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * The Electron executable already on disk, found the way electron's index.js finds it (path.txt names it
 * under dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/), or undefined.
 * @param {{ packageDirectory: string, env: NodeJS.ProcessEnv }} options
 * @returns {string | undefined}
 */
export function installedElectronBinary({ packageDirectory, env }) {
  if (env.ELECTRON_EXEC_PATH) return existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : undefined;
  let relativePath = '';
  try {
    relativePath = readFileSync(join(packageDirectory, 'path.txt'), 'utf8').trim();
  } catch {
    // No path.txt: never downloaded.
  }
  const distDirectory = env.ELECTRON_OVERRIDE_DIST_PATH || (relativePath ? join(packageDirectory, 'dist') : undefined);
  if (!distDirectory) return undefined;
  const binary = join(distDirectory, relativePath || 'electron');
  return existsSync(binary) ? binary : undefined;
}

/**
 * Runs electron's install.js, the download its index.js would start, with its output swallowed (its
 * failure is a stack trace) and a deadline. True when it finished successfully.
 * @param {{ installScript: string, timeoutMs: number, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<boolean>}
 */
export function downloadElectronBinary({ installScript, timeoutMs, env }) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [installScript], { stdio: 'ignore', env, timeout: timeoutMs, windowsHide: true });
    child.on('error', () => resolvePromise(false));
    child.on('close', (code) => resolvePromise(code === 0));
  });
}

/**
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>} the exit status
 */
async function launch(args, env) {
  const require = createRequire(import.meta.url);
  const packageDirectory = dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8'));

  let binary = installedElectronBinary({ packageDirectory, env });
  const mayDownload = !env.ELECTRON_EXEC_PATH && !env.ELECTRON_OVERRIDE_DIST_PATH && !env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  if (!binary && mayDownload) {
    const status = process.stderr.isTTY ? (/** @type {string} */ text) => process.stderr.write(`\r\x1b[2K${text}`) : () => {};
    status(`Downloading Electron ${version} (first start only)...`);
    await downloadElectronBinary({ installScript: join(packageDirectory, 'install.js'), timeoutMs: DOWNLOAD_TIMEOUT_MS, env });
    status('');
    binary = installedElectronBinary({ packageDirectory, env });
  }
  if (!binary) {
    process.stderr.write(
      `Weightplan desktop: the Electron ${version} binary is not installed and could not be downloaded here, so the app cannot start; run \`npm run serve\` for the same planner in your browser.\n`,
    );
    return 1;
  }

  // electron-vite builds main, preload and renderer, then starts the binary named by ELECTRON_EXEC_PATH.
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const command = args.includes('--dev') ? 'dev' : 'preview';
  const child = spawn(process.execPath, [electronVite, command], {
    cwd: desktopDirectory,
    stdio: 'inherit',
    env: { ...env, ELECTRON_EXEC_PATH: binary },
  });
  return new Promise((resolvePromise) => {
    child.on('error', (error) => {
      process.stderr.write(`Weightplan desktop: could not run electron-vite: ${error.message}\n`);
      resolvePromise(1);
    });
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  launch(process.argv.slice(2), process.env).then(
    (status) => {
      process.exitCode = status;
    },
    (error) => {
      // One line, as for a missing binary: a stack trace helps nobody who just wanted the app.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`Weightplan desktop: ${message.split('\n')[0]}\n`);
      process.exitCode = 1;
    },
  );
}
