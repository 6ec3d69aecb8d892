import type { ServerResponse } from 'node:http';

/**
 * Answers with a JSON body and its exact length. A response already answered (the request's deadline
 * passed while it was computed) is left alone: the late result has nowhere to go.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** The same, for a body already serialised (a procedure's output, computed in a worker thread or here). */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The Retry-After header for answers that say "busy, come back", none otherwise. */
export function retryAfterHeader(outcomes: ReadonlyArray<{ ok: boolean; retryAfterSeconds?: number }>): Record<string, string> {
  const seconds = Math.max(0, ...outcomes.map((outcome) => (outcome.ok ? 0 : (outcome.retryAfterSeconds ?? 0))));
  return seconds > 0 ? { 'retry-after': String(seconds) } : {};
}
