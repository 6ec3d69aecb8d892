import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { WorkerEntry } from './worker-pool.js';

/**
 * How to start a procedure worker from wherever this module runs. From the build (dist/*.js) the worker
 * is the sibling procedure-worker.js. From the TypeScript sources (tests, `--import tsx`) Node cannot
 * load procedure-worker.ts by itself, and on Node 20 `--import` in a worker's execArgv is not applied
 * to its entry module: a small bootstrap registers tsx's loader in the worker first, and the
 * `@weightplan/source` condition makes workspace packages resolve to their sources, as in the main thread.
 */
export function procedureWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  if (!moduleUrl.endsWith('.ts')) return { url: new URL('./procedure-worker.js', moduleUrl) };
  let tsxApi: string;
  try {
    // require.resolve gives the package's CommonJS build of the API, whose register() cannot find its own
    // ESM half; the ESM build ("import" condition of tsx/esm/api) sits next to it.
    const commonJs = createRequire(moduleUrl).resolve('tsx/esm/api');
    const esm = commonJs.replace(/\.cjs$/, '.mjs');
    if (!existsSync(esm)) throw new Error(`no ${esm}`);
    tsxApi = pathToFileURL(esm).href;
  } catch {
    throw new Error('running the server from its TypeScript sources needs tsx (a dev dependency): run npm install, or use the build');
  }
  const worker = new URL('./procedure-worker.ts', moduleUrl).href;
  const script = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return { script, execArgv: ['--conditions=@weightplan/source'] };
}
