// What the desktop smoke test (smoke.test.ts) starts, or why it cannot: the packaged app electron-builder
// left in release/ (else an Electron binary on disk running the built out/), under Xvfb on Linux.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * @typedef {{ command: string, args: string[], describe: string }} SmokeLaunch
 * @typedef {{ skip: string }} SmokeSkip
 */

/** The executable electron-builder's unpacked build has on each platform (executableName / productName). */
const PACKAGED = {
  linux: ['release', 'linux-unpacked', 'weightplan'],
  darwin: ['release', 'mac', 'Weightplan.app', 'Contents', 'MacOS', 'Weightplan'],
  win32: ['release', 'win-unpacked', 'Weightplan.exe'],
};

/**
 * @param {string} name
 * @param {NodeJS.ProcessEnv} env
 * @param {(path: string) => boolean} exists
 */
function onPath(name, env, exists) {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(exists);
}

/**
 * @param {{ desktopDirectory: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform, electronBinary: string | undefined,
 *   isRoot: boolean, exists?: (path: string) => boolean }} options
 * @returns {SmokeLaunch | SmokeSkip}
 */
export function smokeTarget({ desktopDirectory, env, platform, electronBinary, isRoot, exists = existsSync }) {
  const packagedParts = PACKAGED[/** @type {'linux' | 'darwin' | 'win32'} */ (platform)];
  const packaged = env.WEIGHTPLAN_PACKAGED_APP || (packagedParts ? join(desktopDirectory, ...packagedParts) : undefined);
  let app;
  if (packaged && exists(packaged)) {
    app = { command: packaged, args: [], describe: `the packaged app at ${packaged}` };
  } else if (electronBinary) {
    if (!exists(join(desktopDirectory, 'out', 'main', 'index.js'))) {
      return { skip: 'an Electron binary is here but the app is not built: run npm run build -w @weightplan/desktop' };
    }
    app = { command: electronBinary, args: [desktopDirectory], describe: `Electron at ${electronBinary} with the built out/` };
  } else {
    return {
      skip: 'no Electron binary here (none packaged in release/, none downloaded: the electron package fetches it on first start, which needs the network)',
    };
  }
  // Chromium's sandbox refuses to start as root without a user namespace; a CI container often is root.
  const args = isRoot ? ['--no-sandbox', ...app.args] : app.args;
  if (platform !== 'linux' || env.DISPLAY) return { command: app.command, args, describe: app.describe };
  const xvfbRun = onPath('xvfb-run', env, exists);
  if (!xvfbRun) return { skip: 'no display and no xvfb-run (apt-get install xvfb) to start the app under' };
  return { command: xvfbRun, args: ['-a', app.command, ...args], describe: `${app.describe} under Xvfb` };
}
