import type { IncomingMessage } from 'node:http';
import { type AnyProcedure, callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { type ApiContext, appRouter } from '@weightplan/api';
import type { EventLoopTurns } from './event-loop-turns.js';
import type { CallOutcome, ErrorShape, ProcedureType } from './worker-protocol.js';

export type { CallOutcome, ErrorShape, ProcedureType } from './worker-protocol.js';

/** Every procedure of the router by its dotted path ("models.get"). */
export const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;

/**
 * Where heavy calls run: a pool of worker threads (the default), or the main thread one at a time
 * (`--workers 0`). Calls it does not `take` run in the main thread at once.
 */
export interface HeavyCalls {
  takes(path: string): boolean;
  /** `ctx` is the request's context: a worker rebuilds it from the server's options and `ctx.actor`. */
  call(path: string, type: ProcedureType, input: unknown, ctx: ApiContext, batchIndex: number): Promise<CallOutcome>;
  /** Told of every call the main thread ran itself, once it finished (a write to the model catalog, say). */
  ranInMainThread?(path: string): void;
}

/**
 * Calls one procedure in this thread with its middleware, input and output validation, exactly as the
 * tRPC adapters do, but without converting the request to a Fetch `Request` and back: on Node 20 that
 * conversion costs more than the estimate itself (about 0.4 ms per request). The output is serialised
 * here, so that a worker thread's answer and this thread's are the same bytes.
 */
export async function callInThisThread(
  path: string,
  type: ProcedureType,
  input: unknown,
  ctx: ApiContext,
  batchIndex = 0,
): Promise<CallOutcome> {
  try {
    const data: unknown = await callTRPCProcedure({
      router: appRouter,
      path,
      type,
      ctx,
      getRawInput: async () => input,
      signal: undefined,
      batchIndex,
    });
    return { ok: true, json: JSON.stringify(data) };
  } catch (cause) {
    return failure(getTRPCErrorFromUnknown(cause), path, type, input, ctx);
  }
}

/**
 * Where a server's calls run: heavy ones where `heavy` runs them; the rest in this thread, each at its turn
 * of the event loop when `turns` is given (else at once).
 */
export interface CallPlacement {
  heavy?: HeavyCalls;
  turns?: EventLoopTurns;
}

/** One call, where `placement` says. */
export async function callProcedure(
  path: string,
  type: ProcedureType,
  input: unknown,
  ctx: ApiContext,
  batchIndex = 0,
  { heavy, turns }: CallPlacement = {},
): Promise<CallOutcome> {
  if (heavy?.takes(path)) return heavy.call(path, type, input, ctx, batchIndex);
  if (turns) await turns.take();
  const outcome = await callInThisThread(path, type, input, ctx, batchIndex);
  heavy?.ranInMainThread?.(path);
  return outcome;
}

export function failure(
  error: TRPCError,
  path: string | undefined,
  type: ProcedureType | 'unknown',
  input: unknown,
  ctx: ApiContext,
): Extract<CallOutcome, { ok: false }> {
  const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type, path, input, ctx }) as ErrorShape;
  return { ok: false, status: getHTTPStatusCodeFromError(error), code: error.code, shape };
}

/** The tRPC wire form of one call's answer, `{"result":{"data":…}}` or `{"error":…}`, as JSON text. */
export function trpcItemJson(outcome: CallOutcome): string {
  if (!outcome.ok) return JSON.stringify({ error: outcome.shape });
  return outcome.json === undefined ? '{"result":{}}' : `{"result":{"data":${outcome.json}}}`;
}

export class BodyError extends TRPCError {}

/** Reads a JSON body up to `limitBytes` (chunked uploads included); an empty body is `undefined`. */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limitBytes) {
        // Discard the rest unread (the client gets its 413 instead of a reset connection).
        req.off('data', onData);
        req.resume();
        chunks.length = 0;
        reject(new BodyError({ code: 'PAYLOAD_TOO_LARGE', message: `request body exceeds the ${limitBytes}-byte limit` }));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', reject);
    req.on('end', () => {
      if (length > limitBytes) return;
      if (length === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks, length).toString('utf8')));
      } catch (error) {
        reject(new BodyError({ code: 'PARSE_ERROR', message: `request body is not valid JSON (${(error as Error).message})` }));
      }
    });
  });
}
