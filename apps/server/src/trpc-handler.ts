import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import type { ApiContext } from '@weightplan/api';
import { HEAVY_PROCEDURES, type HeavyWorkQueue } from './heavy-work.js';
import { BodyError, type CallOutcome, callProcedure, failure, type ProcedureType, procedures, readJsonBody } from './procedure-call.js';
import { sendJson } from './send-json.js';

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
  heavy?: HeavyWorkQueue,
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
    // tRPC's own adapter calls procedures itself: a request with a heavy call takes one turn in the queue.
    const adapter = (req: IncomingMessage, res: ServerResponse) =>
      heavy && paths.some((path) => HEAVY_PROCEDURES.has(path))
        ? heavy
            .run(
              () =>
                new Promise<void>((done) => {
                  res.once('close', done);
                  fallback(req, res);
                }),
            )
            .catch((error: Error) => sendJson(res, 503, { error: error.message }))
        : fallback(req, res);
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
      outcomes = await Promise.all(paths.map((path, index) => callProcedure(path, type, inputs[index], ctx, index, heavy)));
    } catch (cause) {
      // The request itself was unreadable (bad JSON, too large): the same error for every call in it.
      const outcome = failure(getTRPCErrorFromUnknown(cause), undefined, type, undefined, ctx);
      outcomes = paths.map(() => outcome);
    }
    const items = outcomes.map((outcome) => (outcome.ok ? { result: { data: outcome.data } } : { error: outcome.shape }));
    const statuses = new Set(outcomes.map((outcome) => (outcome.ok ? 200 : outcome.status)));
    const status = statuses.size === 1 ? ([...statuses][0] ?? 200) : 207;
    sendJson(res, status, batch ? items : items[0]);
  };
}
