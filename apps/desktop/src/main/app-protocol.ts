import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './renderer-location.js';
import { CONTENT_SECURITY_POLICY } from './security.js';

export { APP_HOST, APP_PAGE_URL, APP_SCHEME } from './renderer-location.js';

/**
 * The built page is served from app://weightplan/, not file://. A page on file:// needs the
 * GrantFileProtocolExtraPrivileges fuse (its module scripts are CORS fetches of file URLs), and with that
 * fuse any file:// page may read any file:// URL. Under its own scheme the page is an ordinary secure
 * origin: 'self' in its CSP means app://weightplan and nothing on disk, and the handler below answers only
 * files inside the renderer's folder.
 */
/**
 * Standard: a real origin with relative URLs that resolve as on the web; secure: a secure context, like
 * https; supportFetchAPI: the page's module scripts and assets load through fetch. No other privilege
 * (bypassCSP, corsEnabled for other origins, service workers) is given.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export type AppRequestTarget =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405; reason: string };

/**
 * The file an app:// request names, or why it is refused. Every path segment is decoded once and must be
 * a plain name: an encoded separator (%2F, %5C), a dot segment that survived URL parsing (%2e%2e in some
 * spellings), a NUL or a drive letter is a 403, never a path. The file is then resolved through links
 * and must still lie inside the renderer folder (also resolved), and be a regular file: anything else is
 * a 404, whether or not it exists, so the answer says nothing about the disk beyond the folder.
 */
export function resolveAppRequest(rendererDirectory: string, requestUrl: string, method = 'GET'): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405, reason: `${method} is not served; only GET` };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST)
    return { kind: 'refused', status: 404, reason: `not an ${APP_SCHEME}://${APP_HOST}/ URL` };
  const rawSegments = url.pathname.split('/').filter((segment) => segment !== '');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'refused', status: 400, reason: 'malformed percent-encoding' };
    }
    if (segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) return { kind: 'refused', status: 403, reason: 'outside the app' };
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  let root: string;
  let file: string;
  try {
    root = realpathSync(rendererDirectory);
    file = realpathSync(join(root, ...segments));
  } catch {
    return { kind: 'refused', status: 404, reason: 'no such file in the app' };
  }
  if (!file.startsWith(root + sep)) return { kind: 'refused', status: 404, reason: 'no such file in the app' };
  try {
    if (!statSync(file).isFile()) return { kind: 'refused', status: 404, reason: 'no such file in the app' };
  } catch {
    return { kind: 'refused', status: 404, reason: 'no such file in the app' };
  }
  return { kind: 'file', path: file, contentType: MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
}

/** The headers of every file the scheme serves: its type, our CSP, no sniffing, no caching between runs. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}

/** Answers one app:// request (protocol.handle's handler, kept apart so tests call it with real Requests). */
export async function answerAppRequest(rendererDirectory: string, request: Request): Promise<Response> {
  const target = resolveAppRequest(rendererDirectory, request.url, request.method);
  if (target.kind === 'refused') {
    return new Response(target.reason, {
      status: target.status,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    });
  }
  const body = request.method === 'HEAD' ? null : await readFile(target.path);
  return new Response(body, { status: 200, headers: appResponseHeaders(target.contentType) });
}

/** Serves the renderer folder at app://weightplan/ (after the app is ready). */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDirectory: string): void {
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(rendererDirectory, request));
}
