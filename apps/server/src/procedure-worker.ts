// A procedure worker (worker-pool.ts): builds its own ApiContext equivalent to the main thread's (the same
// allowed roots and Hub settings, the same store reopened from its source, the request's actor per call)
// and answers one call at a time with the same code the main thread runs in-thread.
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { type ApiContext, FileStore, type Store, type StoreSource } from '@weightplan/api';
import type { HardwareProfile } from '@weightplan/hardware';
import { callInThisThread } from './procedure-call.js';
import type { FromWorker, ToWorker, WorkerContextData } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('procedure-worker.ts runs as a worker thread of the Weightplan server');

const data = workerData as WorkerContextData;
const detections = new Map<number, { resolve: (profile: HardwareProfile) => void; reject: (error: Error) => void }>();
let nextDetection = 1;
const send = (message: FromWorker) => port.postMessage(message);

/**
 * The server's store, opened again in this thread: the same config directory, or the same database with a
 * small pool of its own (heavy calls only read, one at a time per worker) and no migration (the main
 * thread ran it before the server started).
 */
async function openStore(source: StoreSource | undefined): Promise<Store | undefined> {
  if (!source) return undefined;
  if (source.kind === 'files') return new FileStore(source.directory === undefined ? {} : { directory: source.directory });
  const { PostgresStore } = await import('@weightplan/api/postgres');
  return PostgresStore.open(source.databaseUrl, { maxConnections: 2, migrate: false });
}

/**
 * On Linux the nice value belongs to each thread: this worker yields the CPU to the server's event loop
 * (health checks, light calls), which keeps normal priority. Elsewhere setpriority would lower the whole
 * server process, so it is left alone.
 */
function yieldToTheEventLoop(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not permitted (some containers): the worker computes at normal priority.
  }
}

async function start(): Promise<void> {
  yieldToTheEventLoop();
  const store = await openStore(data.store);
  const base: ApiContext = {
    // Detection probes devices and is cached by the main thread: ask it, once per call that needs it.
    detectHardware: (options) =>
      new Promise((resolve, reject) => {
        const id = nextDetection++;
        detections.set(id, { resolve, reject });
        send({ kind: 'detect', id, measure: options?.measure === true });
      }),
    allowedRoots: data.allowedRoots,
    ...(data.hub ? { hub: data.hub } : {}),
    ...(data.showInternalErrors ? { showInternalErrors: true } : {}),
    ...(store ? { store } : {}),
  };
  // Build the catalog index now (the built-in catalog plus the imports), not on the first call.
  await (store ?? new FileStore()).catalog.index().catch(() => undefined);
  let catalogWrites = 0;

  port?.on('message', (message: ToWorker) => {
    if (message.kind === 'close') {
      // Shutting down while idle: end the database pool's connections properly, then this thread.
      const closed = store ? store.close() : Promise.resolve();
      void closed.catch(() => undefined).then(() => process.exit(0));
      return;
    }
    if (message.kind === 'call') {
      if (message.catalogWrites !== catalogWrites) {
        // The main thread wrote the catalog since this worker's last call: read it again.
        catalogWrites = message.catalogWrites;
        (store ?? new FileStore()).forgetCachedCatalog();
      }
      const ctx: ApiContext = message.actor === undefined ? base : { ...base, actor: message.actor };
      void callInThisThread(message.path, message.type, message.input, ctx, message.batchIndex).then((outcome) =>
        // An error shape is plain data after JSON (issues, codes); as JSON it also crosses the thread intact.
        send({
          kind: 'result',
          id: message.id,
          outcome: outcome.ok ? outcome : { ...outcome, shape: JSON.parse(JSON.stringify(outcome.shape)) },
        }),
      );
      return;
    }
    const pending = detections.get(message.id);
    if (!pending) return;
    detections.delete(message.id);
    if (message.kind === 'detected') pending.resolve(message.profile);
    else pending.reject(new Error(message.message));
  });
  // Loaded: from now on a call's time is its own computation, not this thread's start-up.
  send({ kind: 'ready' });
}

start().catch((error: unknown) => {
  // Our words plus the cause (a refused database connection, say); the URL's password is never in it.
  send({ kind: 'start-failed', message: `a worker could not open the store: ${error instanceof Error ? error.message : String(error)}` });
});
