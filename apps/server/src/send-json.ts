import type { ServerResponse } from 'node:http';

/**
 * Answers with a JSON body and its exact length. A response already answered (the request's deadline
 * passed while it was computed) is left alone: the late result has nowhere to go.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
