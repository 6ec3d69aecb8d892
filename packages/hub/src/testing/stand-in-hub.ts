// A local stand-in for the Hugging Face Hub: the documented endpoints the client uses, served from
// in-memory fixtures on 127.0.0.1. Weight files are virtual: a real header followed by a data region of
// zeros produced on demand, so a "16 GB" repository costs a few MB of memory.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInFile {
  path: string;
  /** Total size in bytes; the bytes past `head` are zeros. */
  size: number;
  /** The file's first bytes (a weight header, or a whole small file). */
  head: Buffer;
}

export interface StandInRepo {
  id: string;
  sha: string;
  files: StandInFile[];
  license?: string;
  /** Files need a token that was granted access (401 without one, 403 with another). */
  gated?: boolean;
  /** The repository is invisible without the granted token (401 RepoNotFound, as the Hub answers). */
  private?: boolean;
  /** 'hang': accepts the connection and never answers; 'malformed-json': model info is cut off mid-JSON. */
  behaviour?: 'hang' | 'malformed-json';
}

export interface RecordedRequest {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  range: string | undefined;
  authorization: string | undefined;
  status: number;
}

export interface StandInHub {
  /** The Hub's base URL, for `endpoint`. */
  endpoint: string;
  /** The "CDN" large files redirect to (another port, so another origin). */
  cdnEndpoint: string;
  /** The token gated and private repositories accept. */
  token: string;
  requests: RecordedRequest[];
  addRepo(repo: StandInRepo): void;
  close(): Promise<void>;
}

export interface StandInHubOptions {
  repos?: StandInRepo[];
  token?: string;
  /** Files at least this large are LFS files: resolve redirects them to the CDN (the Hub: 10 MB). */
  lfsThresholdBytes?: number;
  /** Tree entries per page (the Hub pages with a Link header). */
  treePageSize?: number;
}

const oid = (text: string) => createHash('sha1').update(text).digest('hex');

/** Starts the Hub and its CDN on random ports of 127.0.0.1. */
export async function startStandInHub(options: StandInHubOptions = {}): Promise<StandInHub> {
  const token = options.token ?? 'hf_standin_token';
  const lfsThreshold = options.lfsThresholdBytes ?? 10 * 1024 * 1024;
  const pageSize = options.treePageSize ?? 1000;
  const repos = new Map<string, StandInRepo>();
  for (const repo of options.repos ?? []) repos.set(repo.id.toLowerCase(), repo);
  const requests: RecordedRequest[] = [];
  let cdnEndpoint = '';
  let endpoint = '';

  const record = (server: 'hub' | 'cdn', req: IncomingMessage, res: ServerResponse) => {
    const entry: RecordedRequest = {
      server,
      method: req.method ?? 'GET',
      path: req.url ?? '',
      range: req.headers.range,
      authorization: req.headers.authorization,
      status: 0,
    };
    requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    return entry;
  };
  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${token}`;
  const error = (res: ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-error-code': code, 'x-error-message': message });
    res.end(JSON.stringify({ error: message }));
  };
  const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  /** Finds the repository and checks access the way the Hub does; answers the error itself. */
  const repoFor = (req: IncomingMessage, res: ServerResponse, id: string, forFiles: boolean): StandInRepo | undefined => {
    const repo = repos.get(id.toLowerCase());
    if (repo?.behaviour === 'hang') return undefined; // never answer
    if (!repo || (repo.private && !authorized(req))) {
      // The Hub does not reveal whether a private repository exists: 401 without a token, 404 with one.
      error(res, req.headers.authorization ? 404 : 401, 'RepoNotFound', 'Repository not found');
      return undefined;
    }
    if (forFiles && repo.gated && !authorized(req)) {
      const message = `Access to model ${repo.id} is restricted. You must have access to it and be authenticated to access it.`;
      error(res, req.headers.authorization ? 403 : 401, 'GatedRepo', message);
      return undefined;
    }
    return repo;
  };

  const revisionOf = (repo: StandInRepo, revision: string) => (revision === 'main' || revision === repo.sha ? repo.sha : undefined);

  const hub = createServer((req, res) => {
    record('hub', req, res);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = decodeURIComponent(url.pathname);
    let match = /^\/api\/models\/([^/]+\/[^/]+)(?:\/revision\/([^/]+))?$/.exec(path);
    if (match?.[1] && req.method === 'GET') {
      const repo = repoFor(req, res, match[1], false);
      if (!repo) return;
      if (repo.behaviour === 'malformed-json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"id":"${repo.id}","sha":"${repo.sha}","siblings":[{"rfilename":`);
        return;
      }
      if (match[2] && !revisionOf(repo, match[2])) return error(res, 404, 'RevisionNotFound', `Invalid rev id: ${match[2]}`);
      return json(res, {
        _id: oid(repo.id).slice(0, 24),
        id: repo.id,
        modelId: repo.id,
        sha: repo.sha,
        private: repo.private === true,
        gated: repo.gated ? 'manual' : false,
        disabled: false,
        tags: repo.license ? [`license:${repo.license}`] : [],
        cardData: repo.license ? { license: repo.license } : {},
        siblings: repo.files.map((f) => ({ rfilename: f.path })),
      });
    }
    match = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)(?:\/(.*))?$/.exec(path);
    if (match?.[1] && match[2] && req.method === 'GET') {
      const repo = repoFor(req, res, match[1], false);
      if (!repo) return;
      if (!revisionOf(repo, match[2])) return error(res, 404, 'RevisionNotFound', `Invalid rev id: ${match[2]}`);
      const folder = match[3] ? `${match[3].replace(/\/$/, '')}/` : '';
      const recursive = url.searchParams.get('recursive') === 'true' || url.searchParams.get('recursive') === '1';
      const entries: unknown[] = [];
      const folders = new Set<string>();
      for (const file of repo.files) {
        if (!file.path.startsWith(folder)) continue;
        const rest = file.path.slice(folder.length);
        if (!recursive && rest.includes('/')) {
          const dir = folder + rest.split('/')[0];
          if (!folders.has(dir)) entries.push({ type: 'directory', oid: oid(dir), size: 0, path: dir });
          folders.add(dir);
          continue;
        }
        const lfs = file.size >= lfsThreshold;
        entries.push({
          type: 'file',
          oid: oid(`${repo.sha}/${file.path}`),
          size: file.size,
          path: file.path,
          ...(lfs ? { lfs: { oid: createHash('sha256').update(file.path).digest('hex'), size: file.size, pointerSize: 135 } } : {}),
        });
      }
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      const page = entries.slice(cursor, cursor + pageSize);
      const headers: Record<string, string> = {};
      if (cursor + pageSize < entries.length) {
        const next = new URL(url.href.replace('http://stand-in', endpoint));
        next.searchParams.set('cursor', String(cursor + pageSize));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return json(res, page, headers);
    }
    match = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (match?.[1] && match[2] && match[3] && (req.method === 'GET' || req.method === 'HEAD')) {
      const repo = repoFor(req, res, match[1], true);
      if (!repo) return;
      const sha = revisionOf(repo, match[2]);
      if (!sha) return error(res, 404, 'RevisionNotFound', `Invalid rev id: ${match[2]}`);
      const file = repo.files.find((f) => f.path === match?.[3]);
      if (!file) return error(res, 404, 'EntryNotFound', `${match[3]} does not exist on "${match[2]}"`);
      if (file.size >= lfsThreshold) {
        const signature = oid(`${token}${file.path}`).slice(0, 16);
        res.writeHead(302, {
          location: `${cdnEndpoint}/repos/${encodeURIComponent(repo.id)}/${sha}/${file.path.split('/').map(encodeURIComponent).join('/')}?sig=${signature}`,
          'x-repo-commit': sha,
          'x-linked-size': String(file.size),
          'x-linked-etag': `"${oid(file.path)}"`,
        });
        res.end();
        return;
      }
      return serveFile(req, res, file, { 'x-repo-commit': sha, etag: `"${oid(file.path)}"` });
    }
    error(res, 404, 'NotFound', `no route for ${req.method} ${path}`);
  });

  const cdn = createServer((req, res) => {
    record('cdn', req, res);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const match = /^\/repos\/([^/]+)\/([0-9a-f]{40})\/(.+)$/.exec(url.pathname);
    const repo = match?.[1] ? repos.get(decodeURIComponent(match[1]).toLowerCase()) : undefined;
    const filePath = match?.[3]?.split('/').map(decodeURIComponent).join('/');
    const file = repo?.sha === match?.[2] ? repo?.files.find((f) => f.path === filePath) : undefined;
    if (!file || !url.searchParams.get('sig')) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('AccessDenied');
      return;
    }
    serveFile(req, res, file, {});
  });

  const listen = (server: Server) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  endpoint = `http://127.0.0.1:${await listen(hub)}`;
  cdnEndpoint = `http://127.0.0.1:${await listen(cdn)}`;
  return {
    endpoint,
    cdnEndpoint,
    token,
    requests,
    addRepo: (repo) => {
      repos.set(repo.id.toLowerCase(), repo);
    },
    close: async () => {
      for (const server of [hub, cdn]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/** Serves a virtual file, whole or one byte range (single ranges, as the Hub and its CDN do). */
function serveFile(req: IncomingMessage, res: ServerResponse, file: StandInFile, headers: Record<string, string>): void {
  const base = { ...headers, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
  let start = 0;
  let end = file.size - 1;
  let status = 200;
  const range = req.headers.range;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    const from = m?.[1] ? Number(m[1]) : undefined;
    const to = m?.[2] ? Number(m[2]) : undefined;
    if (!m || (from === undefined && to === undefined)) {
      res.writeHead(416, { ...base, 'content-range': `bytes */${file.size}` });
      res.end();
      return;
    }
    if (from === undefined) start = Math.max(0, file.size - (to ?? 0));
    else {
      start = from;
      end = Math.min(to ?? file.size - 1, file.size - 1);
    }
    if (start >= file.size || start > end) {
      res.writeHead(416, { ...base, 'content-range': `bytes */${file.size}` });
      res.end();
      return;
    }
    status = 206;
    Object.assign(base, { 'content-range': `bytes ${start}-${end}/${file.size}` });
  }
  res.writeHead(status, { ...base, 'content-length': String(end - start + 1) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // Stream [start, end]: header bytes where they overlap, zeros after, in 64 KiB pieces with backpressure.
  let position = start;
  const piece = 64 * 1024;
  const zeros = Buffer.alloc(piece);
  const pump = () => {
    while (position <= end && !res.destroyed) {
      const stop = Math.min(end + 1, position + piece);
      const chunk =
        position < file.head.length
          ? Buffer.concat([
              file.head.subarray(position, Math.min(stop, file.head.length)),
              zeros.subarray(0, Math.max(0, stop - file.head.length)),
            ])
          : zeros.subarray(0, stop - position);
      position = stop;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}
