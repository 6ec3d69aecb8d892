// A procedure worker (worker-pool.ts): builds its own ApiContext from the server's options, passed as
// data, and answers one call at a time with the same code the main thread runs in-thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { ApiContext } from '@weightplan/api';
import type { HardwareProfile } from '@weightplan/hardware';
import { callInThisThread } from './procedure-call.js';
import type { FromWorker, ToWorker, WorkerContextData } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('procedure-worker.ts runs as a worker thread of the Weightplan server');

const data = workerData as WorkerContextData;
const detections = new Map<number, { resolve: (profile: HardwareProfile) => void; reject: (error: Error) => void }>();
let nextDetection = 1;
const send = (message: FromWorker) => port.postMessage(message);

const context: ApiContext = {
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
};

port.on('message', (message: ToWorker) => {
  if (message.kind === 'call') {
    void callInThisThread(message.path, message.type, message.input, context, message.batchIndex).then((outcome) =>
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
