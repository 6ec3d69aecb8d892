import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

// systeminformation runs some tools synchronously (nvidia-smi through execFileSync, without a timeout);
// a hung driver would block the whole process. In a worker it blocks only the worker, and the caller's
// deadline still fires.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const si = require(workerData.modulePath);
si[workerData.method]().then(
  (value) => parentPort.postMessage({ value }),
  (error) => parentPort.postMessage({ error: String(error && error.message || error) }),
);
`;

/** Calls `systeminformation[method]()` in a worker thread; rejects on error, never blocks the caller's event loop. */
export function systemInformationInWorker<T>(method: 'graphics' | 'memLayout' | 'system'): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { method, modulePath: require.resolve('systeminformation') } });
    // The process may exit while a hung tool still holds the worker.
    worker.unref();
    worker.once('message', (message: { value?: T; error?: string }) => {
      void worker.terminate();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.value as T);
    });
    worker.once('error', reject);
  });
}
