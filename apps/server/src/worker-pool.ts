import { availableParallelism } from 'node:os';
import { SHARE_ENV, Worker, type WorkerOptions } from 'node:worker_threads';
import type { ApiContext } from '@weightplan/api';
import type { CallOutcome, FromWorker, ToWorker, WorkerContextData } from './worker-protocol.js';

/** Where a worker's code is: a module file, or (from TypeScript sources) a bootstrap evaluated as a script. */
export type WorkerEntry = { url: URL; execArgv?: string[] } | { script: string; execArgv: string[] };

/**
 * Sweeps (a recommendation, a fit matrix: hundreds of milliseconds) and quick calls (an estimate, a
 * scenario: milliseconds) wait in separate lines. With two workers or more, one is kept for quick calls:
 * an estimate never waits behind a queue of sweeps.
 */
export type Lane = 'quick' | 'sweep';

/** A call as submitted; the pool stamps its id and the catalog writes seen so far when it hands it out. */
type Call = Omit<Extract<ToWorker, { kind: 'call' }>, 'id' | 'kind' | 'catalogWrites'>;

/** Why the pool answered a call itself: it never ran (busy, closed), or its worker died or overran. */
export class PoolRefusal extends Error {
  constructor(
    readonly kind: 'busy' | 'waited-too-long' | 'crashed' | 'timed-out' | 'closed',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface WorkerPoolOptions {
  entry: WorkerEntry;
  /** Workers at most: `warmUp()` starts them all, and one that dies is replaced when a call needs it. */
  size: number;
  /** Calls that may wait for a free worker; more are refused at once (503 with Retry-After). */
  maxQueued: number;
  /** A call still waiting this long after it was submitted is dropped (its request has had its 503). */
  maxWaitMs: number;
  /** A call computing longer is answered 504 and its worker stopped and replaced. */
  callTimeoutMs: number;
  context: WorkerContextData;
  /** The main thread's (cached) detection: workers ask it for the host's hardware instead of probing. */
  detectHardware: ApiContext['detectHardware'];
  /** How long an idle worker may take to close its store at shutdown before it is terminated (default 2 s). */
  closeGraceMs?: number;
  /** V8 heap per worker: a call that needs more kills its worker (500), not the server. */
  maxOldGenerationSizeMb?: number;
  now?: () => number;
}

/**
 * Default pool size: a core for the event loop and the rest for heavy calls, at most 4; at least 2, so that
 * one worker answers quick calls while another sweeps (on a 2-core machine the threads share the cores,
 * and the event loop, mostly waiting, still gets its turn at once).
 */
export function defaultWorkerCount(): number {
  return Math.min(4, Math.max(2, availableParallelism() - 1));
}

interface Slot {
  worker: Worker;
  /** Loaded and listening: calls are handed only to ready workers, so start-up never counts as computing. */
  ready: boolean;
  busy?: { id: number; lane: Lane; resolve: (outcome: CallOutcome) => void; reject: (error: PoolRefusal) => void; timer: NodeJS.Timeout };
}

interface Waiting {
  call: Call;
  lane: Lane;
  /** Found every worker busy when it arrived. */
  queued?: boolean;
  submittedAt: number;
  resolve: (outcome: CallOutcome) => void;
  reject: (error: PoolRefusal) => void;
}

/**
 * A small pool of `node:worker_threads` workers that run procedure calls away from the event loop, one
 * call per worker at a time. A bounded FIFO queue holds calls while every worker is busy. A worker that
 * throws, exits or runs out of memory fails only the call it was computing (500); one that computes past
 * the call timeout is terminated (504); either way the next call starts a fresh worker.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Waiting[] = [];
  private nextId = 1;
  private closed = false;
  /** Recent call durations per line (moving averages), for admission and Retry-After. */
  private readonly averageMs: Record<Lane, number> = { quick: 10, sweep: 100 };
  private catalogWrites = 0;
  private started = 0;
  private readonly now: () => number;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!(options.size >= 1)) throw new Error('a worker pool needs at least one worker');
    this.now = options.now ?? Date.now;
  }

  /** Workers started and alive (for tests and diagnostics). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Workers started since the pool was made: more than `size` means some crashed or overran and were replaced. */
  get startedCount(): number {
    return this.started;
  }

  get queuedCount(): number {
    return this.waiting.length;
  }

  /** Sweeps that may compute at once: all workers but one, which is kept for quick calls (when there are two). */
  private get sweepSlots(): number {
    return this.options.size >= 2 ? this.options.size - 1 : 1;
  }

  /** How long a call joining `lane` now would wait, then compute, going by recent durations. */
  private expectedFinishMs(lane: Lane, ahead: number): number {
    const slots = lane === 'sweep' ? this.sweepSlots : this.options.size;
    return ((ahead + slots) * this.averageMs[lane]) / slots;
  }

  run(call: Call, lane: Lane = 'sweep'): Promise<CallOutcome> {
    if (this.closed) return Promise.reject(new PoolRefusal('closed', 'the server is shutting down; retry on another instance'));
    return new Promise<CallOutcome>((resolve, reject) => {
      const item: Waiting = { call, lane, submittedAt: this.now(), resolve, reject };
      this.waiting.push(item);
      this.dispatch();
      // Still waiting (every worker busy): it may stay only if its line is not full, and if the calls ahead
      // of it leave time to compute it before its deadline (else it would be computed for nobody).
      const queued = this.waiting.filter((other) => other.lane === lane).length;
      const full = queued > this.options.maxQueued;
      if (!this.waiting.includes(item)) return;
      item.queued = true;
      if (full || this.expectedFinishMs(lane, queued - 1) > this.options.maxWaitMs) {
        this.waiting.splice(this.waiting.indexOf(item), 1);
        const why = full
          ? `${queued - 1} heavy calls already waiting for ${this.options.size} workers`
          : `the ${queued - 1} heavy calls waiting would not leave time for this one before the deadline`;
        reject(new PoolRefusal('busy', `the server is busy (${why}); retry in a few seconds`, this.retryAfterSeconds()));
      }
    });
  }

  /**
   * Starts every worker now (each loads the router, opens the store and builds the catalog index), so
   * that the first heavy call does not wait seconds for a cold thread.
   */
  warmUp(): void {
    while (!this.closed && this.slots.length < this.options.size) this.spawn();
  }

  /** Resolves once every worker is loaded, or at `timeoutMs` (tests, and the bench's start). */
  async ready(timeoutMs = 60_000): Promise<boolean> {
    const end = this.now() + timeoutMs;
    while (this.now() < end) {
      if (this.slots.length >= this.options.size && this.slots.every((slot) => slot.ready)) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }

  /**
   * The main thread has finished a write to the model catalog: every call handed out from now on tells
   * its worker to forget its cached index first (its own thread never saw the write).
   */
  noteCatalogWrite(): void {
    this.catalogWrites += 1;
  }

  /**
   * Stops every worker; calls still waiting are refused, calls computing are answered 503. An idle worker
   * closes its store first (its database connections end with a goodbye, not a reset) and exits by itself;
   * one that has not within the grace period, or was computing, is terminated.
   */
  async close(): Promise<void> {
    this.closed = true;
    const refusal = () => new PoolRefusal('closed', 'the server is shutting down; retry');
    for (const item of this.waiting.splice(0)) item.reject(refusal());
    // stop() and retire() take each slot out of the pool themselves, and end only a slot they found there.
    await Promise.all([...this.slots].map((slot) => (slot.ready && !slot.busy ? this.retire(slot) : this.stop(slot, refusal()))));
  }

  private async retire(slot: Slot): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    // Out of the pool first: its exit is then no crash to answer for.
    this.slots.splice(index, 1);
    const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
    const grace = setTimeout(() => void slot.worker.terminate(), this.options.closeGraceMs ?? 2000);
    try {
      slot.worker.postMessage({ kind: 'close' } satisfies ToWorker);
    } catch {
      void slot.worker.terminate();
    }
    await exited;
    clearTimeout(grace);
  }

  private retryAfterSeconds(): number {
    const seconds = this.expectedFinishMs('sweep', this.waiting.length) / 1000;
    return Math.min(60, Math.max(1, Math.ceil(seconds)));
  }

  /** The next call a free worker should take: quick ones first, sweeps while a sweep slot is free. */
  private nextWaiting(): number {
    const quick = this.waiting.findIndex((item) => item.lane === 'quick');
    if (quick >= 0) return quick;
    const sweeping = this.slots.filter((slot) => slot.busy?.lane === 'sweep').length;
    return sweeping < this.sweepSlots ? this.waiting.findIndex((item) => item.lane === 'sweep') : -1;
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.waiting.length > 0) {
      const index = this.nextWaiting();
      if (index < 0) return;
      const slot = this.slots.find((candidate) => candidate.ready && !candidate.busy);
      if (!slot) {
        // Start another worker only if none is already starting for the calls waiting.
        if (this.slots.length < this.options.size && !this.slots.some((candidate) => !candidate.ready)) this.spawn();
        return;
      }
      const [item] = this.waiting.splice(index, 1);
      if (!item) return;
      // Past its deadline or, for a call that had to wait, so close to it that a call of the usual duration
      // would finish too late. (One that starts as it arrives always gets its chance.)
      const waited = this.now() - item.submittedAt;
      if (waited > this.options.maxWaitMs || (item.queued && waited + this.averageMs[item.lane] > this.options.maxWaitMs)) {
        item.reject(
          new PoolRefusal('waited-too-long', 'waited past the request deadline for a free worker; retry', this.retryAfterSeconds()),
        );
        continue;
      }
      this.start(slot, item);
    }
  }

  private start(slot: Slot, item: Waiting): void {
    const id = this.nextId++;
    const began = this.now();
    const timer = setTimeout(() => {
      const seconds = this.options.callTimeoutMs / 1000;
      void this.stop(
        slot,
        new PoolRefusal('timed-out', `the computation did not finish within ${seconds} s and was stopped; ask for less`),
      );
    }, this.options.callTimeoutMs);
    slot.busy = {
      id,
      lane: item.lane,
      resolve: (outcome) => {
        this.averageMs[item.lane] = 0.8 * this.averageMs[item.lane] + 0.2 * (this.now() - began);
        item.resolve(outcome);
      },
      reject: item.reject,
      timer,
    };
    const message: ToWorker = { kind: 'call', id, ...item.call, catalogWrites: this.catalogWrites };
    try {
      slot.worker.postMessage(message);
    } catch (error) {
      // An input that cannot be copied to another thread (none that JSON produces).
      clearTimeout(timer);
      slot.busy = undefined;
      item.reject(new PoolRefusal('crashed', `the call could not be handed to a worker: ${(error as Error).message}`));
      this.dispatch();
    }
  }

  private spawn(): Slot {
    const { entry } = this.options;
    const common: WorkerOptions = {
      workerData: this.options.context,
      // The same environment as the main thread, live (WEIGHTPLAN_CONFIG_DIR, HF_* and the like).
      env: SHARE_ENV,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 2048 },
      stdout: false,
      stderr: false,
    };
    const worker =
      'url' in entry
        ? new Worker(entry.url, { ...common, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) })
        : new Worker(entry.script, { ...common, eval: true, execArgv: entry.execArgv });
    const slot: Slot = { worker, ready: false };
    this.started += 1;
    this.slots.push(slot);
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    worker.on('error', (error) => {
      void this.stop(slot, new PoolRefusal('crashed', `the worker computing this call failed (${error.message}); retry`));
    });
    worker.on('exit', (code) => {
      void this.stop(slot, new PoolRefusal('crashed', `the worker computing this call stopped (exit code ${code}); retry`));
    });
    // An idle worker must not keep a process alive that has nothing else to do.
    worker.unref();
    return slot;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.kind === 'ready') {
      slot.ready = true;
      this.dispatch();
      return;
    }
    if (message.kind === 'start-failed') {
      void this.stop(slot, new PoolRefusal('crashed', message.message));
      return;
    }
    if (message.kind === 'detect') {
      const answer = (reply: ToWorker) => {
        if (this.slots.includes(slot)) slot.worker.postMessage(reply);
      };
      this.options.detectHardware(message.measure ? { measure: true } : undefined).then(
        (profile) => answer({ kind: 'detected', id: message.id, profile }),
        (error: unknown) =>
          answer({ kind: 'detect-failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    const busy = slot.busy;
    if (!busy || busy.id !== message.id) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    busy.resolve(message.outcome);
    this.dispatch();
  }

  /** Takes a worker out of the pool (the call it computed fails with `reason`) and terminates it. */
  private async stop(slot: Slot, reason: PoolRefusal): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.reject(reason);
    } else if (!slot.ready && index >= 0 && !this.closed) {
      // It died starting up: the oldest waiting call gets the error, so that a worker that cannot start
      // at all (a broken install) fails calls one by one instead of being restarted without end.
      this.waiting.shift()?.reject(new PoolRefusal('crashed', `a worker could not start: ${reason.message}`));
    }
    if (index >= 0) {
      // Calls still waiting get a fresh worker.
      setImmediate(() => this.dispatch());
      await slot.worker.terminate();
    }
  }
}
