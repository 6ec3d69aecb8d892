import { TRPCError } from '@trpc/server';
import type { ApiContext } from '@weightplan/api';
import { HEAVY_PROCEDURES, QUICK_PROCEDURES } from './heavy-work.js';
import { failure, type HeavyCalls } from './procedure-call.js';
import { PoolRefusal, type WorkerPool } from './worker-pool.js';
import type { CallOutcome, ProcedureType } from './worker-protocol.js';

/**
 * Procedures that write the model catalog (imports, Hub pins and their refresh, removals, a store import).
 * Workers keep their own cached catalog index; after one of these they are told to read it again.
 */
export const CATALOG_WRITES: ReadonlySet<string> = new Set([
  'models.import',
  'models.importHeader',
  'models.refresh',
  'models.remove',
  'app.importWeights',
  'store.import',
]);

const STATUS_CODES = {
  busy: 'SERVICE_UNAVAILABLE',
  'waited-too-long': 'SERVICE_UNAVAILABLE',
  closed: 'SERVICE_UNAVAILABLE',
  crashed: 'INTERNAL_SERVER_ERROR',
  'timed-out': 'GATEWAY_TIMEOUT',
} as const;

/** Heavy calls in the worker pool; the pool's refusals become answers for that call only. */
export class WorkerHeavyCalls implements HeavyCalls {
  constructor(readonly pool: WorkerPool) {}

  takes(path: string): boolean {
    return HEAVY_PROCEDURES.has(path);
  }

  async call(path: string, type: ProcedureType, input: unknown, ctx: ApiContext, batchIndex: number): Promise<CallOutcome> {
    try {
      const lane = QUICK_PROCEDURES.has(path) ? 'quick' : 'sweep';
      return await this.pool.run({ path, type, input, batchIndex, actor: ctx.actor }, lane);
    } catch (cause) {
      const refusal = cause instanceof PoolRefusal ? cause : new PoolRefusal('crashed', `the worker pool failed: ${String(cause)}`);
      const error = new TRPCError({ code: STATUS_CODES[refusal.kind], message: refusal.message });
      const outcome = failure(error, path, type, input, ctx);
      // Our own words, never a host's file names: shown even where the formatter hides internal errors.
      outcome.shape.message = refusal.message;
      return refusal.retryAfterSeconds ? { ...outcome, retryAfterSeconds: refusal.retryAfterSeconds } : outcome;
    }
  }

  ranInMainThread(path: string): void {
    if (CATALOG_WRITES.has(path)) this.pool.noteCatalogWrite();
  }
}
