import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { ApiContext, StoreSource } from '@weightplan/api';
import type { HardwareProfile } from '@weightplan/hardware';

export type ProcedureType = 'query' | 'mutation';

/** tRPC's error shape after the API's formatter: message, code, data (httpStatus, path, issues). */
export interface ErrorShape {
  message: string;
  code: number;
  data: { httpStatus?: number; issues?: unknown } & Record<string, unknown>;
}

/**
 * One procedure call's answer, in a form that crosses a thread boundary unchanged: the output already
 * serialised to JSON text (so the HTTP body is the same bytes whichever thread computed it), or the
 * formatted error. `retryAfterSeconds` is set on "busy" answers, for the Retry-After header.
 */
export type CallOutcome =
  | { ok: true; json: string | undefined }
  | { ok: false; status: number; code: TRPC_ERROR_CODE_KEY; shape: ErrorShape; retryAfterSeconds?: number };

/**
 * What a procedure worker is started with: the parts of the server's ApiContext that are data, and how
 * to open the server's own store (the same config directory, or the same database). The actor is per
 * call (see ToWorker).
 */
export interface WorkerContextData {
  allowedRoots: readonly string[] | undefined;
  hub?: ApiContext['hub'];
  showInternalErrors?: boolean;
  /** Absent: the server has no store of its own, and each call reads the config directory as it is then. */
  store?: StoreSource;
}

/** Main thread to worker. */
export type ToWorker =
  | {
      kind: 'call';
      id: number;
      path: string;
      type: ProcedureType;
      input: unknown;
      batchIndex: number;
      /** Who asks, as the main thread determined it for this request (X-Weightplan-User, or the key). */
      actor: string | undefined;
      /**
       * Catalog writes the main thread has finished so far: when it moved, the worker forgets its cached
       * catalog index first, so an import or Hub pin is visible to the very next heavy call.
       */
      catalogWrites: number;
    }
  | { kind: 'detected'; id: number; profile: HardwareProfile }
  | { kind: 'detect-failed'; id: number; message: string }
  /** The server is shutting down and this worker is idle: close the store (a database pool), then exit. */
  | { kind: 'close' };

/**
 * Worker to main thread. Hardware detection runs once, in the main thread (it probes devices and caches
 * its answer there): a worker asks for the profile and gets it as data. `ready` comes once the router is
 * loaded and the store open; `start-failed` when either failed (the database refused, say).
 */
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'start-failed'; message: string }
  | { kind: 'result'; id: number; outcome: CallOutcome }
  | { kind: 'detect'; id: number; measure: boolean };
