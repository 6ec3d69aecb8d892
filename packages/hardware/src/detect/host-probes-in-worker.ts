import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ProbeStatus } from './system-snapshot.js';

const require = createRequire(import.meta.url);

/** The systeminformation calls a detection makes. */
export type SystemInformationMethod = 'cpu' | 'cpuFlags' | 'mem' | 'memLayout' | 'graphics' | 'osInfo' | 'system';

/** A vendor tool to run: `nvidia-smi --query-gpu=…`, `rocm-smi --json`, `sysctl -n …`. */
export interface ToolRun {
  command: string;
  args: string[];
}

export interface ToolOutcome {
  stdout?: string;
  status: ProbeStatus;
}

type FromWorker =
  | { method: SystemInformationMethod; value?: unknown; error?: string }
  | { tool: string; stdout?: string; code?: string; killed?: boolean; message?: string; milliseconds: number };

// Every probe that starts a process runs here, in one worker thread per detection. systeminformation runs
// some tools synchronously (nvidia-smi through execFileSync, without a timeout; cpu flags through execSync),
// and even an asynchronous spawn forks the whole process in the calling thread: from a server's event loop,
// one detection held it for 0.3 to 0.7 s. In the worker a hung driver blocks only the worker, and the
// caller's deadlines still fire.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { execFile } = require('node:child_process');
const si = require(workerData.modulePath);
for (const method of workerData.methods) {
  Promise.resolve()
    .then(() => si[method]())
    .then(
      (value) => parentPort.postMessage({ method, value }),
      (error) => parentPort.postMessage({ method, error: String((error && error.message) || error) }),
    );
}
for (const [tool, run] of Object.entries(workerData.tools)) {
  const started = performance.now();
  execFile(run.command, run.args, { timeout: workerData.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
    const milliseconds = performance.now() - started;
    if (!error) parentPort.postMessage({ tool, stdout, milliseconds });
    else parentPort.postMessage({ tool, code: error.code, killed: error.killed, message: String(error.message).split('\\n')[0], milliseconds });
  });
}
`;

/** A missing tool is `unavailable` (no NVIDIA driver here: the common case), a killed one a `timeout`. */
function toolOutcome(message: Extract<FromWorker, { tool: string }>): ToolOutcome {
  const { milliseconds } = message;
  if (message.stdout !== undefined) return { stdout: message.stdout, status: { status: 'ok', milliseconds } };
  if (message.code === 'ENOENT') return { status: { status: 'unavailable', milliseconds } };
  if (message.killed) return { status: { status: 'timeout', milliseconds } };
  return { status: { status: 'error', message: message.message ?? 'failed', milliseconds } };
}

export interface HostProbes {
  /** What `systeminformation[method]()` answered; rejects with its error (or if the worker failed). */
  systemInformation<T>(method: SystemInformationMethod): Promise<T>;
  /** The tool's output, or why there is none; never rejects. */
  tool(name: string): Promise<ToolOutcome>;
  /** Ends the worker (a hung tool with it); answers not in yet reject. */
  stop(): void;
}

/**
 * Starts the given systeminformation calls and tools at once in a worker thread. Tools get `timeoutMs`
 * each and are killed past it; systeminformation calls have no deadline of their own (wrap them in
 * `probe`), and `stop()` ends whatever still runs.
 */
export function startHostProbes(methods: SystemInformationMethod[], tools: Record<string, ToolRun>, timeoutMs: number): HostProbes {
  const pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const answers = new Map<string, Promise<unknown>>();
  for (const key of [...methods.map((method) => `si:${method}`), ...Object.keys(tools).map((tool) => `tool:${tool}`)]) {
    answers.set(key, new Promise((resolve, reject) => pending.set(key, { resolve, reject })));
    // Not every answer is asked for (a detection may stop waiting for graphics): none may go unhandled.
    answers.get(key)?.catch(() => undefined);
  }
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { methods, tools, timeoutMs, modulePath: require.resolve('systeminformation') },
  });
  // The process may exit while a hung tool still holds the worker.
  worker.unref();
  worker.on('message', (message: FromWorker) => {
    const key = 'method' in message ? `si:${message.method}` : `tool:${message.tool}`;
    const waiter = pending.get(key);
    if (!waiter) return;
    pending.delete(key);
    if ('method' in message) {
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.value);
    } else {
      waiter.resolve(toolOutcome(message));
    }
    if (pending.size === 0) void worker.terminate();
  });
  worker.once('error', (error) => failAll(error));
  worker.once('exit', () => failAll(new Error('the probe worker stopped before answering')));
  const answer = (key: string): Promise<unknown> => answers.get(key) ?? Promise.reject(new Error(`${key} was not started`));
  return {
    systemInformation: <T>(method: SystemInformationMethod) => answer(`si:${method}`) as Promise<T>,
    tool: (name) =>
      (answer(`tool:${name}`) as Promise<ToolOutcome>).catch((error: Error) => ({
        status: { status: 'error', message: error.message, milliseconds: 0 } as ProbeStatus,
      })),
    stop: () => {
      void worker.terminate();
    },
  };
}
