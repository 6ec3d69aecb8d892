import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { maxOf } from '../extremes.js';

// Each worker copies between two buffers far larger than any CPU cache, as often as it can until the
// deadline, and reports the bytes moved (read + write).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bytes = workerData.bufferBytes;
const a = new Float64Array(bytes / 8).fill(1);
const b = new Float64Array(bytes / 8).fill(2);
// One untimed copy so page faults and first touches are not counted.
b.set(a);
const started = performance.now();
const deadline = started + workerData.milliseconds;
let moved = 0;
while (performance.now() < deadline) {
  b.set(a);
  a.set(b);
  moved += 4 * bytes;
}
parentPort.postMessage({ moved, seconds: (performance.now() - started) / 1000 });
`;

export interface BandwidthMeasurement {
  bytesPerSecond: number;
  threads: number;
  milliseconds: number;
}

/**
 * Measures memory bandwidth with a multi-threaded copy (one worker per core, up to 16). The timed copy
 * loop runs for `milliseconds` less the setup allowance (at most 300 in all, 150 of copying); starting
 * the workers and touching their buffers comes on top. CPU inference streams weights from all cores at once, so a single-thread
 * copy would understate what llama.cpp gets; a copy also understates peak DRAM bandwidth somewhat, so the
 * figure is a realistic lower bound.
 */
export async function measureMemoryBandwidth(milliseconds = 250): Promise<BandwidthMeasurement> {
  const budget = Math.min(300, Math.max(50, milliseconds));
  const threads = Math.max(1, Math.min(16, availableParallelism()));
  // Half a gigabyte in all, so the copies stream from DRAM even on server CPUs with hundreds of MB of L3.
  const bufferBytes = Math.max(32, Math.ceil(256 / threads)) * 1024 * 1024;
  const started = performance.now();
  // Allocation and the first touch of the buffers take part of the budget; the copy loop gets the rest.
  const loopMilliseconds = Math.min(150, Math.max(20, budget - 120));
  const results = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<{ moved: number; seconds: number }>((resolve, reject) => {
          const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bufferBytes, milliseconds: loopMilliseconds } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const seconds = maxOf(results.map((r) => r.seconds));
  const moved = results.reduce((sum, r) => sum + r.moved, 0);
  return { bytesPerSecond: moved / seconds, threads, milliseconds: performance.now() - started };
}
