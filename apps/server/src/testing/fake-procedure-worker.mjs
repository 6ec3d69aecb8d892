// A stand-in procedure worker for worker-pool.test.ts: speaks the pool's protocol (worker-protocol.ts)
// and misbehaves on request. The procedure name says what to do:
//   "echo"   answers the input, the actor and the catalog writes seen;
//   "spin"   computes forever (a call past its timeout);
//   "throw"  throws outside any handler;         "exit"  exits the thread with code 3;
//   "hoard"  allocates until the heap limit;     "detect" asks the main thread for the hardware;
//   "wait"   answers after input.ms milliseconds.
// At shutdown ("close") it says so on the BroadcastChannel "fake-procedure-worker" and exits, unless started
// with `ignoreClose` in its workerData (a worker stuck at shutdown).
import { BroadcastChannel, parentPort, threadId, workerData } from 'node:worker_threads';

const answer = (id, value) => parentPort.postMessage({ kind: 'result', id, outcome: { ok: true, json: JSON.stringify(value) } });

parentPort.on('message', (message) => {
  if (message.kind === 'detected') {
    answer(message.id, { thread: threadId, profile: message.profile });
    return;
  }
  if (message.kind === 'close') {
    if (workerData?.ignoreClose) return;
    const channel = new BroadcastChannel('fake-procedure-worker');
    channel.postMessage({ closed: threadId });
    channel.close();
    process.exit(0);
  }
  if (message.kind !== 'call') return;
  const { id, path, input, actor, catalogWrites } = message;
  if (path === 'echo') answer(id, { thread: threadId, input, actor, catalogWrites });
  else if (path === 'wait') setTimeout(() => answer(id, { thread: threadId }), input.ms);
  else if (path === 'spin') for (;;);
  else if (path === 'throw') throw new Error('boom');
  else if (path === 'exit') process.exit(3);
  else if (path === 'hoard') {
    const kept = [];
    for (;;) kept.push(new Array(1e6).fill(kept.length));
  } else if (path === 'detect') parentPort.postMessage({ kind: 'detect', id, measure: false });
});

parentPort.postMessage({ kind: 'ready' });
