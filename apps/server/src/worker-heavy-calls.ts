import { TRPCError } from '@trpc/server';
import type { ApiContext } from '@weightplan/api';
import { isHeavyCall, QUICK_PROCEDURES } from './heavy-work.js';
import { failure, type HeavyCalls } from './procedure-call.js';
import { PoolRefusal, type WorkerPool } from './worker-pool.js';
import type { CallOutcome, ProcedureType } from './worker-protocol.js';

/** Procedures that write the model catalog (models.json), which workers read through a cached index. */
const CATALOG_WRITES: ReadonlySet<string> = new Set(['models.import', 'models.remove', 'app.importWeights']);

/** user-data re-checks models.json at most this long after its last look (RECHECK_MILLISECONDS), plus a margin. */
const CATALOG_RECHECK_MS = 1000 + 100;

const STATUS_CODES = {
  busy: 'SERVICE_UNAVAILABLE',
  'waited-too-long': 'SERVICE_UNAVAILABLE',
  closed: 'SERVICE_UNAVAILABLE',
  crashed: 'INTERNAL_SERVER_ERROR',
  'timed-out': 'GATEWAY_TIMEOUT',
} as const;

/** Heavy calls in the worker pool; the pool's refusals become answers for that call only. */
export class WorkerHeavyCalls implements HeavyCalls {
  constructor(
    readonly pool: WorkerPool,
    private readonly ctx: ApiContext,
    private readonly now: () => number = Date.now,
  ) {}

  takes(path: string): boolean {
    return isHeavyCall(path);
  }

  async call(path: string, type: ProcedureType, input: unknown, batchIndex: number): Promise<CallOutcome> {
    try {
      return await this.pool.run({ path, type, input, batchIndex }, QUICK_PROCEDURES.has(path) ? 'quick' : 'sweep');
    } catch (cause) {
      const refusal = cause instanceof PoolRefusal ? cause : new PoolRefusal('crashed', `the worker pool failed: ${String(cause)}`);
      const error = new TRPCError({ code: STATUS_CODES[refusal.kind], message: refusal.message });
      const outcome = failure(error, path, type, input, this.ctx);
      // Our own words, never a host's file names: shown even where the formatter hides internal errors.
      outcome.shape.message = refusal.message;
      return refusal.retryAfterSeconds ? { ...outcome, retryAfterSeconds: refusal.retryAfterSeconds } : outcome;
    }
  }

  ranInMainThread(path: string): void {
    if (CATALOG_WRITES.has(path)) this.pool.holdUntil(this.now() + CATALOG_RECHECK_MS);
  }
}
