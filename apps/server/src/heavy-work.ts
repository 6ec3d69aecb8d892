import { TRPCError } from '@trpc/server';
import type { ApiContext } from '@weightplan/api';
import { callInThisThread, failure, type HeavyCalls } from './procedure-call.js';
import type { CallOutcome, ProcedureType } from './worker-protocol.js';

/**
 * Procedures that compute for hundreds of milliseconds in one synchronous stretch (a recommendation or a
 * fit matrix sweeps hundreds of model and precision pairs). While one runs, the event loop answers nothing,
 * /healthz included, and a request's deadline timer cannot fire.
 */
export const HEAVY_PROCEDURES: ReadonlySet<string> = new Set(['recommend', 'fitMatrix', 'compare', 'scenario', 'fleets.plan']);

/**
 * The heavy call that usually takes milliseconds, not hundreds: a scenario computes one speed curve (8 to
 * 25 ms under load). In the worker pool it has a line of its own and never waits behind sweeps.
 */
export const QUICK_PROCEDURES: ReadonlySet<string> = new Set(['scenario']);

/**
 * `--workers 0`: heavy calls run in the main thread, one at a time (the queue below). Easier to debug and
 * profile; a heavy call still holds the event loop for its whole duration.
 */
export class InThreadHeavyCalls implements HeavyCalls {
  constructor(readonly queue: HeavyWorkQueue) {}

  takes(path: string): boolean {
    return HEAVY_PROCEDURES.has(path);
  }

  async call(path: string, type: ProcedureType, input: unknown, ctx: ApiContext, batchIndex: number): Promise<CallOutcome> {
    try {
      return await this.queue.run(() => callInThisThread(path, type, input, ctx, batchIndex));
    } catch (cause) {
      // Refused by the queue (full, or waited past the deadline): the call never ran.
      const error = cause instanceof TRPCError ? cause : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
      return { ...failure(error, path, type, input, ctx), retryAfterSeconds: this.queue.retryAfterSeconds() };
    }
  }
}

/**
 * Runs heavy calls one at a time, from every client and batch together, and lets the event loop take the
 * waiting I/O (health checks, light requests, new connections) between two of them. At most `maxQueued`
 * calls wait; more are refused at once with 503, and a call that waited past `maxWaitMs` (its request's
 * deadline has answered already) is dropped instead of computed for nobody.
 */
export class HeavyWorkQueue {
  private running = false;
  private readonly waiting: Array<{ enqueuedAt: number; begin: () => void; refuse: (error: Error) => void }> = [];
  /** Recent call duration (a moving average), for Retry-After. */
  private averageCallMs = 100;

  constructor(
    private readonly maxQueued: number,
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** When a refused caller may come back: the calls waiting, at their average duration so far. */
  retryAfterSeconds(): number {
    return Math.min(60, Math.max(1, Math.ceil(((this.waiting.length + 1) * this.averageCallMs) / 1000)));
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (!this.running && this.waiting.length === 0) return this.start(work);
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(
        new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: `the server is busy (${this.maxQueued} heavy calls already waiting); retry in a few seconds`,
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ enqueuedAt: this.now(), begin: () => this.start(work).then(resolve, reject), refuse: reject });
    });
  }

  private start<T>(work: () => Promise<T>): Promise<T> {
    this.running = true;
    const began = this.now();
    return work().finally(() => {
      this.running = false;
      this.averageCallMs = 0.8 * this.averageCallMs + 0.2 * (this.now() - began);
      // Not the next call straight away: first a turn of the event loop for the I/O that waited.
      setImmediate(() => this.next());
    });
  }

  private next(): void {
    while (!this.running && this.waiting.length > 0) {
      const item = this.waiting.shift();
      if (!item) return;
      if (this.now() - item.enqueuedAt > this.maxWaitMs) {
        item.refuse(new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'waited past the request deadline for a heavy call; retry' }));
        continue;
      }
      item.begin();
    }
  }
}
