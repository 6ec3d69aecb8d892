import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import type { ApiContext } from '@weightplan/api';
import { HEAVY_PROCEDURES, type HeavyWorkQueue } from './heavy-work.js';
import {
  BodyError,
  type CallOutcome,
  type CallPlacement,
  callProcedure,
  failure,
  type ProcedureType,
  procedures,
  readJsonBody,
  trpcItemJson,
} from './procedure-call.js';
import { retryAfterHeader, sendJson, sendJsonText } from './send-json.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function parseJsonParameter(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyError({ code: 'PARSE_ERROR', message: `?input= is not valid JSON (${(error as Error).message})` });
  }
}

/**
 * tRPC's HTTP protocol for JSON calls, single or batched (`/trpc/a,b?batch=1`), as `httpLink` and
 * `httpBatchLink` speak it: GET for queries with `?input=`, POST for mutations with a JSON body; the answer
 * is `{result: {data}}` or `{error: shape}` per call, with the HTTP status of the error (207 for a batch of
 * mixed outcomes). Anything else (streaming links, subscriptions, other methods or content types) goes to
 * tRPC's own adapter, `fallback`.
 */
export function createTrpcHandler(
  contextFor: ApiContext | ((req: IncomingMessage) => ApiContext),
  maxBodyBytes: number,
  fallback: Handler,
  placement: CallPlacement = {},
  /** In-thread mode only: the queue heavy calls through tRPC's own adapter take their turn in. */
  inThreadQueue?: HeavyWorkQueue,
) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    // Per request: who is asking is recorded with what they save.
    const ctx = typeof contextFor === 'function' ? contextFor(req) : contextFor;
    const type: ProcedureType | undefined = req.method === 'GET' ? 'query' : req.method === 'POST' ? 'mutation' : undefined;
    const contentType = req.headers['content-type'];
    const batch = url.searchParams.get('batch') === '1';
    let paths: string[];
    try {
      paths = decodeURIComponent(url.pathname.slice('/trpc/'.length)).split(',');
    } catch {
      return fallback(req, res);
    }
    // tRPC's own adapter (streaming links, connection parameters) calls procedures itself, in this thread.
    // In-thread mode, a request with a heavy call takes one turn in the queue; with worker threads, heavy
    // procedures answer only the plain JSON protocol (httpLink, httpBatchLink), never on the event loop.
    const adapter = (req: IncomingMessage, res: ServerResponse) => {
      if (!paths.some((path) => HEAVY_PROCEDURES.has(path))) return fallback(req, res);
      if (!inThreadQueue) {
        // What else reaches the adapter (a wrong method or procedure type, an unknown name) is refused
        // there without calling anything; a streamed call would compute on the event loop.
        const streamed = req.headers['trpc-accept'] !== undefined || url.searchParams.has('connectionParams');
        if (!streamed) return fallback(req, res);
        sendJson(res, 406, {
          error: `${paths.filter((path) => HEAVY_PROCEDURES.has(path)).join(', ')} answer plain JSON only (tRPC's httpLink or httpBatchLink), not streamed or with connection parameters`,
        });
        req.resume();
        return;
      }
      return inThreadQueue
        .run(
          () =>
            new Promise<void>((done) => {
              res.once('close', done);
              fallback(req, res);
            }),
        )
        .catch((error: Error) =>
          sendJson(res, 503, { error: error.message }, { 'retry-after': String(inThreadQueue.retryAfterSeconds()) }),
        );
    };
    if (
      !type ||
      req.headers['trpc-accept'] !== undefined ||
      url.searchParams.has('connectionParams') ||
      (type === 'mutation' && contentType !== undefined && !contentType.startsWith('application/json')) ||
      (!batch && paths.length !== 1) ||
      paths.some((path) => procedures[path]?._def.type !== type)
    ) {
      return adapter(req, res);
    }

    let outcomes: CallOutcome[];
    try {
      const raw = type === 'query' ? parseJsonParameter(url.searchParams.get('input')) : await readJsonBody(req, maxBodyBytes);
      const inputs = batch ? paths.map((_, index) => (raw as Record<string, unknown> | undefined)?.[index]) : [raw];
      outcomes = await Promise.all(paths.map((path, index) => callProcedure(path, type, inputs[index], ctx, index, placement)));
    } catch (cause) {
      // The request itself was unreadable (bad JSON, too large): the same error for every call in it.
      const outcome = failure(getTRPCErrorFromUnknown(cause), undefined, type, undefined, ctx);
      outcomes = paths.map(() => outcome);
    }
    const items = outcomes.map(trpcItemJson);
    const statuses = new Set(outcomes.map((outcome) => (outcome.ok ? 200 : outcome.status)));
    const status = statuses.size === 1 ? ([...statuses][0] ?? 200) : 207;
    sendJsonText(res, status, batch ? `[${items.join(',')}]` : (items[0] ?? ''), retryAfterHeader(outcomes));
  };
}
