import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import type { ApiContext } from '@weightplan/api';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { z } from 'zod';
import {
  type CallOutcome,
  type CallPlacement,
  callProcedure,
  failure,
  type ProcedureType,
  procedures,
  readJsonBody,
} from './procedure-call.js';
import { retryAfterHeader, sendJson, sendJsonText } from './send-json.js';

export interface Route {
  method: string;
  pattern: RegExp;
  parameters: string[];
  procedurePath: string;
  type: ProcedureType;
  /** Query-string coercion per input field: query values arrive as text. */
  fieldKinds: Map<string, string>;
}

/** The zod type name of a field, under optional/default/nullable wrappers. */
function fieldKind(schema: z.ZodType): string {
  let def = schema._zod.def as { type: string; innerType?: z.ZodType };
  while ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) {
    def = def.innerType._zod.def as typeof def;
  }
  return def.type;
}

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  if (!schema) return {};
  let def = schema._zod.def as { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
  while (def.type === 'optional' && def.innerType) def = def.innerType._zod.def as typeof def;
  return def.type === 'object' && def.shape ? def.shape : {};
}

/** Routes from the procedures' OpenAPI metadata: the same table the published document describes. */
function buildRoutes(): Route[] {
  return Object.entries(procedures).flatMap(([procedurePath, procedure]) => {
    const openapi = (procedure._def.meta as OpenApiMeta | undefined)?.openapi;
    if (!openapi || (procedure._def.type !== 'query' && procedure._def.type !== 'mutation')) return [];
    const parameters: string[] = [];
    const source = openapi.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      parameters.push(name);
      return '([^/]+)';
    });
    const inputSchema = (procedure._def.inputs as unknown as z.ZodType[])[0];
    const fieldKinds = new Map(Object.entries(objectShape(inputSchema)).map(([key, schema]) => [key, fieldKind(schema)]));
    return [
      { method: openapi.method, pattern: new RegExp(`^${source}/?$`), parameters, procedurePath, type: procedure._def.type, fieldKinds },
    ];
  });
}

function coerceQuery(url: URL, fieldKinds: Map<string, string>): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) {
    const kind = fieldKinds.get(key);
    query[key] =
      kind === 'boolean' && (value === 'true' || value === 'false')
        ? value === 'true'
        : kind === 'number' && value.trim() !== '' && Number.isFinite(Number(value))
          ? Number(value)
          : value;
  }
  return query;
}

const ROUTES = buildRoutes();

/** The route a method and path (relative to /api/v1) name, if any. */
export function findRoute(method: string, path: string): Route | undefined {
  return ROUTES.find((route) => route.method === method && route.pattern.test(path));
}

/**
 * Path parameters as text: "meta-llama%2FLlama" is "meta-llama/Llama". Decoded once, here, so that a
 * parameter reaches its procedure's input schema as the client meant it; a malformed escape is a 400.
 */
function decodeParameter(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `path parameter ${name} is not valid percent-encoding: ${raw.slice(0, 80)}` });
  }
}

/**
 * REST at /api/v1: each procedure with OpenAPI metadata answers at its method and path; the body (POST) or
 * query string (GET) plus path parameters is its input. Answers are the procedure's output as JSON, or
 * `{message, code, issues}` with the HTTP status of the error (issues name each invalid field's path).
 */
export function createRestHandler(
  contextFor: ApiContext | ((req: IncomingMessage) => ApiContext),
  maxBodyBytes: number,
  placement: CallPlacement = {},
) {
  const routes = ROUTES;
  const sendFailure = (res: ServerResponse, outcome: Extract<CallOutcome, { ok: false }>) =>
    sendJson(
      res,
      outcome.status,
      { message: outcome.shape.message, code: outcome.code, issues: outcome.shape.data.issues ?? undefined },
      retryAfterHeader([outcome]),
    );

  /** `path` is relative to /api/v1 ("/estimate"). */
  return async (req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> => {
    const ctx = typeof contextFor === 'function' ? contextFor(req) : contextFor;
    const method = req.method ?? 'GET';
    const candidates = routes.filter((route) => route.pattern.test(path));
    const route = candidates.find((candidate) => candidate.method === method);
    if (!route) {
      const error =
        candidates.length > 0
          ? new TRPCError({
              code: 'METHOD_NOT_SUPPORTED',
              message: `${path} answers ${candidates.map((c) => c.method).join(', ')}, not ${method}`,
            })
          : new TRPCError({ code: 'NOT_FOUND', message: `no route ${method} /api/v1${path}; see /api/openapi.json` });
      sendFailure(res, failure(error, undefined, 'unknown', undefined, ctx));
      return;
    }
    const match = route.pattern.exec(path);
    let input: unknown;
    try {
      const pathInput = Object.fromEntries(route.parameters.map((name, index) => [name, decodeParameter(name, match?.[index + 1] ?? '')]));
      if (method === 'GET' || method === 'DELETE') {
        input = { ...coerceQuery(url, route.fieldKinds), ...pathInput };
      } else {
        const contentType = req.headers['content-type'];
        if (!contentType?.startsWith('application/json')) {
          throw new TRPCError({
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message: `send the body as JSON (content-type: application/json), not ${contentType ?? 'nothing'}`,
          });
        }
        const body = await readJsonBody(req, maxBodyBytes);
        // An empty body is an empty object; arrays and scalars go on to fail validation with a clear message.
        const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
        input = body === undefined || isObject ? { ...(body as object | undefined), ...pathInput } : body;
      }
    } catch (cause) {
      sendFailure(res, failure(getTRPCErrorFromUnknown(cause), route.procedurePath, route.type, undefined, ctx));
      return;
    }
    const outcome = await callProcedure(route.procedurePath, route.type, input, ctx, 0, placement);
    // An output of `undefined` has no JSON text; no procedure answers it, but `null` is the honest body.
    if (outcome.ok) sendJsonText(res, 200, outcome.json ?? 'null');
    else sendFailure(res, outcome);
  };
}
