import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the web UI's build: a file under `root` when the path names one, else index.html (the UI routes
 * itself). Paths are normalised and must stay inside `root`.
 */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  const base = resolve(root);
  const requested = normalize(join(base, decodeURIComponent(urlPath.split('?')[0] ?? '/')));
  if (requested !== base && !requested.startsWith(base + sep)) return false;
  let file = requested;
  try {
    if (!statSync(file).isFile()) file = join(base, 'index.html');
  } catch {
    file = join(base, 'index.html');
  }
  try {
    const stat = statSync(file);
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
    return true;
  } catch {
    return false;
  }
}
