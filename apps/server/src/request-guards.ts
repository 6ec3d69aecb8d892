import type { IncomingMessage } from 'node:http';
import { isLoopback } from './server-options.js';

/** The names a loopback server answers to, whatever else is configured. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** "name" or "[v6]" and an optional numeric port; anything else is not a Host header we accept. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/i;

/**
 * Whether a request's Host header names this server. A browser page on any domain can re-point that
 * domain's DNS at 127.0.0.1 (DNS rebinding) and then reach a loopback server as "same origin": its requests
 * still carry the attacker's name in Host, so a loopback server answers only to loopback names and the
 * configured `allowedHosts`. A server bound beyond loopback requires an API key anyway; there the list is
 * enforced only when given.
 */
export function hostAllowed(hostHeader: string | undefined, bindHost: string, allowedHosts: readonly string[]): boolean {
  if (!isLoopback(bindHost) && allowedHosts.length === 0) return true;
  const match = HOST_HEADER.exec(hostHeader ?? '');
  if (!match?.[1]) return false;
  const name = match[1].toLowerCase();
  if (LOOPBACK_NAMES.has(name)) return true;
  const full = (hostHeader ?? '').toLowerCase();
  return allowedHosts.some((allowed) => {
    const entry = allowed.toLowerCase();
    return entry === name || entry === full;
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request from another site is refused, or undefined when it may go on. A page on any
 * site can send a POST that needs no CORS preflight ("simple" request) and the browser delivers it even
 * though the page cannot read the answer: the write would still happen. Browsers name the page's origin in
 * `Origin` (and, where Origin is absent, the relation in `Sec-Fetch-Site`); only this server's own origin
 * and the configured CORS origins may change data. Clients that are not browsers send neither header.
 */
export function crossSiteRefusal(req: IncomingMessage, corsOrigins: readonly string[]): string | undefined {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (corsOrigins.includes(origin)) return undefined;
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined; // "null" (sandboxed frames, file: pages) is never this server
    }
    if (originHost !== undefined && originHost === req.headers.host?.toLowerCase()) return undefined;
    return `${req.method} from origin ${origin} refused: only this server's own pages and --cors-origin origins may change data`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return undefined;
  return `${req.method} from a ${site} page refused: only this server's own pages and --cors-origin origins may change data`;
}

/**
 * Why a POST's body type is refused, or undefined for JSON. Requiring application/json makes every
 * browser POST from another origin a preflighted one (a form or a no-cors fetch can send only text/plain,
 * multipart or url-encoded bodies), so the CORS policy decides before anything runs.
 */
export function contentTypeRefusal(req: IncomingMessage): string | undefined {
  if (req.method !== 'POST') return undefined;
  const contentType = req.headers['content-type'];
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return undefined;
  return `send the body as JSON (content-type: application/json), not ${contentType ?? 'no content type'}`;
}
