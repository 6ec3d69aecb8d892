import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The page may load only its own scripts and talk only to this server; nothing may frame it. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The file's size, or undefined when `path` is not a readable regular file. */
function fileSize(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the web UI's build: a file under `root` when the path names one, else index.html (the UI routes
 * itself with #/ paths). A missing file that looks like an asset (has an extension) is a 404, so a stale
 * page never gets HTML for a script. Paths are normalised and must stay inside `root`.
 */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return false;
  }
  const requested = normalize(join(base, decoded));
  if (requested !== base && !requested.startsWith(base + sep)) return false;
  let file = requested;
  let size = fileSize(file);
  if (size === undefined) {
    if (extname(requested) !== '') return false;
    file = join(base, 'index.html');
    size = fileSize(file);
    if (size === undefined) return false;
  }
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  createReadStream(file).pipe(res);
  return true;
}
