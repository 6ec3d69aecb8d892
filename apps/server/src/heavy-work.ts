import { TRPCError } from '@trpc/server';

/**
 * Procedures that compute for hundreds of milliseconds in one synchronous stretch (a recommendation or a
 * fit matrix sweeps hundreds of model and precision pairs). While one runs, the event loop answers nothing,
 * /healthz included, and a request's deadline timer cannot fire.
 */
export const HEAVY_PROCEDURES: ReadonlySet<string> = new Set(['recommend', 'fitMatrix', 'compare', 'scenario', 'fleets.plan']);

/**
 * Runs heavy calls one at a time, from every client and batch together, and lets the event loop take the
 * waiting I/O (health checks, light requests, new connections) between two of them. At most `maxQueued`
 * calls wait; more are refused at once with 503, and a call that waited past `maxWaitMs` (its request's
 * deadline has answered already) is dropped instead of computed for nobody.
 */
export class HeavyWorkQueue {
  private running = false;
  private readonly waiting: Array<{ enqueuedAt: number; begin: () => void; refuse: (error: Error) => void }> = [];

  constructor(
    private readonly maxQueued: number,
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

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
    return work().finally(() => {
      this.running = false;
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
