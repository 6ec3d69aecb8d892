import { HubError } from './hub-error.js';
import type { HubOptions } from './hub-options.js';

/** Redirect hops one request may take (the Hub: resolve -> CDN; a renamed repository adds one). */
const MAX_REDIRECTS = 5;
/** JSON the Hub answers (model info, tree pages, config.json, the safetensors index) stays far below this. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** Bytes one look-up may read: twice the largest GGUF header the reader accepts; real look-ups read a few MB. */
export const MAX_LOOKUP_BYTES = 512 * 1024 * 1024;

/** One HTTP exchange, for the measurement report and the tests. */
export interface HubExchange {
  method: 'GET' | 'HEAD';
  url: string;
  status: number;
  bytes: number;
}

export interface RangeAnswer {
  bytes: Buffer;
  /** The whole file's size, from Content-Range. */
  fileSize: number;
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * The requests of one look-up: documented endpoints only (`/api/models/{repo}`, its `/tree/{revision}`,
 * `/{repo}/resolve/{revision}/{path}` with Range), a per-request timeout, a bound on the number of requests,
 * redirects followed by hand so the token never leaves the endpoint's host, and every error mapped to a
 * `HubError` with one line.
 */
export class HubSession {
  /** Logical requests (one per API call or range read), whatever redirects they took. */
  requests = 0;
  /** HTTP exchanges, redirect hops included. */
  readonly exchanges: HubExchange[] = [];
  bytesRead = 0;
  private readonly endpointOrigin: string;
  /** Where a file's resolve URL redirected last, so further ranges of it skip the hop. */
  private readonly redirected = new Map<string, string>();

  constructor(
    readonly options: HubOptions,
    readonly repo: string,
    private requestBudget: number,
    private readonly byteBudget: number = MAX_LOOKUP_BYTES,
  ) {
    this.endpointOrigin = new URL(options.endpoint).origin;
  }

  /** Raises the bound once the look-up knows how many files it must read. */
  allow(moreRequests: number): void {
    this.requestBudget += moreRequests;
  }

  /** GET /api/models/{repo}/... as JSON. */
  async apiJson(suffix: string, what: string): Promise<{ json: unknown; headers: Headers }> {
    const url = `${this.options.endpoint}/api/models/${this.repo}${suffix}`;
    const { response, finalUrl } = await this.send(url, 'GET', undefined, what);
    const body = await this.readBody(response, finalUrl, MAX_JSON_BYTES, what, 'refuse');
    return { json: this.parseJson(body, what), headers: response.headers };
  }

  /** Follows a `Link: <...>; rel="next"` page URL the Hub gave (same host only). */
  async pageJson(url: string, what: string): Promise<{ json: unknown; headers: Headers }> {
    if (new URL(url, this.options.endpoint).origin !== this.endpointOrigin)
      throw new HubError('malformed', `the Hub at ${this.options.endpoint} paged ${what} to another host (${url})`);
    const { response, finalUrl } = await this.send(new URL(url, this.options.endpoint).href, 'GET', undefined, what);
    const body = await this.readBody(response, finalUrl, MAX_JSON_BYTES, what, 'refuse');
    return { json: this.parseJson(body, what), headers: response.headers };
  }

  /** A small repository file (config.json, the safetensors index) as JSON. */
  async fileJson(revision: string, path: string): Promise<Record<string, unknown>> {
    const what = `${this.repo}/${path}`;
    const { response, finalUrl } = await this.send(this.resolveUrl(revision, path), 'GET', undefined, what);
    const json = this.parseJson(await this.readBody(response, finalUrl, MAX_JSON_BYTES, what, 'refuse'), what);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new HubError('malformed', `${what} is not a JSON object`);
    return json as Record<string, unknown>;
  }

  /** Bytes [offset, offset + length) of a repository file, and the file's size. */
  async range(revision: string, path: string, offset: number, length: number): Promise<RangeAnswer> {
    const what = `${this.repo}/${path}`;
    const resolveUrl = this.resolveUrl(revision, path);
    const known = this.redirected.get(resolveUrl);
    const range = `bytes=${offset}-${offset + length - 1}`;
    let sent: { response: Response; finalUrl: string };
    try {
      sent = await this.send(known ?? resolveUrl, 'GET', range, what);
    } catch (error) {
      // A signed CDN URL can expire between reads: start again from the resolve URL once.
      if (!known || !(error instanceof HubError) || !['forbidden', 'not-found'].includes(error.kind)) throw error;
      this.redirected.delete(resolveUrl);
      sent = await this.send(resolveUrl, 'GET', range, what);
    }
    const { response, finalUrl } = sent;
    if (finalUrl !== resolveUrl) this.redirected.set(resolveUrl, finalUrl);
    if (response.status === 206) {
      const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
      if (!match || Number(match[1]) !== offset)
        throw new HubError('malformed', `${what}: the Hub answered a range request without a matching Content-Range header`);
      const bytes = await this.readBody(response, finalUrl, length, what, 'truncate');
      return { bytes, fileSize: Number(match[3]) };
    }
    if (response.status === 200 && offset === 0) {
      // A server that ignores Range sends the whole file: keep the first bytes and hang up.
      const fileSize = Number(response.headers.get('content-length'));
      const bytes = await this.readBody(response, finalUrl, length, what, 'truncate');
      return { bytes, fileSize: Number.isSafeInteger(fileSize) && fileSize > 0 ? fileSize : bytes.length };
    }
    await response.body?.cancel();
    throw new HubError('malformed', `${what}: the Hub answered HTTP ${response.status} to a range request (${range})`);
  }

  private resolveUrl(revision: string, path: string): string {
    return `${this.options.endpoint}/${this.repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
  }

  private parseJson(body: Buffer, what: string): unknown {
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch (error) {
      const reason = error instanceof RangeError ? 'nested too deeply' : (error as Error).message.split('\n')[0];
      throw new HubError('malformed', `the Hub at ${this.options.endpoint} answered ${what} with malformed JSON (${reason})`);
    }
  }

  /**
   * Reads a body, at most `maxBytes` of it: 'truncate' keeps the first bytes and cancels the rest (a range
   * answer longer than asked), 'refuse' is an error (JSON that large is not what the API answers).
   */
  private async readBody(response: Response, url: string, maxBytes: number, what: string, over: 'truncate' | 'refuse'): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let received = 0;
    const reader = response.body?.getReader();
    if (!reader) return Buffer.alloc(0);
    try {
      // Read to the end when the answer is the size asked for (the connection is then reused); hang up only
      // on a body that runs past the limit.
      let finished = false;
      while (!finished && received <= maxBytes) {
        const { done, value } = await reader.read();
        if (done) finished = true;
        else {
          chunks.push(Buffer.from(value));
          received += value.length;
          this.bytesRead += value.length;
          const last = this.exchanges.at(-1);
          if (last) last.bytes += value.length;
          if (this.bytesRead > this.byteBudget) {
            await reader.cancel().catch(() => undefined);
            throw new HubError('request-limit', `${this.repo}: the look-up read more than ${this.byteBudget} bytes from the Hub; stopped`);
          }
        }
      }
      if (!finished) {
        await reader.cancel().catch(() => undefined);
        if (over === 'refuse') throw new HubError('malformed', `${what} is larger than ${maxBytes} bytes`);
      }
    } catch (error) {
      if (error instanceof HubError) throw error;
      throw this.transportError(error, url, what);
    }
    const body = Buffer.concat(chunks);
    return body.length > maxBytes ? body.subarray(0, maxBytes) : body;
  }

  /** One request, redirects followed by hand: the token goes to the endpoint's own origin only. */
  private async send(
    startUrl: string,
    method: 'GET' | 'HEAD',
    range: string | undefined,
    what: string,
  ): Promise<{ response: Response; finalUrl: string }> {
    this.requests += 1;
    let url = startUrl;
    let retried = false;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (this.exchanges.length >= this.requestBudget)
        throw new HubError(
          'request-limit',
          `${this.repo}: the look-up needed more than ${this.requestBudget} requests to the Hub at ${this.options.endpoint}; stopped`,
        );
      const headers: Record<string, string> = { accept: 'application/json, */*' };
      if (range) headers.range = range;
      if (this.options.token && new URL(url).origin === this.endpointOrigin) headers.authorization = `Bearer ${this.options.token}`;
      const exchange: HubExchange = { method, url, status: 0, bytes: 0 };
      this.exchanges.push(exchange);
      let response: Response;
      try {
        response = await fetch(url, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(this.options.timeoutMs) });
      } catch (error) {
        const mapped = this.transportError(error, url, what);
        // A kept-alive connection the server closed just as it was reused: GETs are idempotent, ask once more.
        if (mapped.kind !== 'unreachable' || !/ECONNRESET|UND_ERR_SOCKET|other side closed/i.test(mapped.message) || retried) throw mapped;
        retried = true;
        hop -= 1;
        continue;
      }
      exchange.status = response.status;
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location) throw new HubError('malformed', `${what}: the Hub answered HTTP ${response.status} without a Location`);
        url = new URL(location, url).href;
        if (!/^https?:$/.test(new URL(url).protocol)) throw new HubError('malformed', `${what}: redirected to ${url}`);
        continue;
      }
      if (response.status >= 400) {
        await response.body?.cancel().catch(() => undefined);
        throw this.statusError(response, url, what);
      }
      return { response, finalUrl: url };
    }
    throw new HubError('malformed', `${what}: more than ${MAX_REDIRECTS} redirects`);
  }

  private statusError(response: Response, url: string, what: string): HubError {
    const status = response.status;
    const code = response.headers.get('x-error-code') ?? '';
    const fromHub = new URL(url).origin === this.endpointOrigin;
    if (code === 'GatedRepo' || (fromHub && status === 403 && code === ''))
      return new HubError(
        'forbidden',
        `${this.repo}: this repository is gated: accept its license on the Hub and set HF_TOKEN${this.options.token ? ' (the token given has no access yet)' : ''}`,
      );
    if (code === 'RepoNotFound' || (fromHub && status === 401))
      return new HubError(
        'not-found',
        `${this.repo}: no such repository on the Hub at ${this.options.endpoint}${this.options.token ? '' : ' (a private one needs HF_TOKEN)'}`,
      );
    if (code === 'RevisionNotFound')
      return new HubError('not-found', `${this.repo}: revision "${this.options.revision}" not found on the Hub`);
    if (status === 404) return new HubError('not-found', `${what}: not found on the Hub at ${this.options.endpoint}`);
    if (status === 401 || status === 403)
      return new HubError('forbidden', `${what}: the Hub's file host refused access (HTTP ${status}); try again`);
    if (status === 429)
      return new HubError(
        'rate-limited',
        `the Hub at ${this.options.endpoint} is rate-limiting requests (HTTP 429); wait and retry, or set HF_TOKEN`,
      );
    if (status >= 500)
      return new HubError('unreachable', `the Hub at ${new URL(url).origin} answered HTTP ${status} for ${what}; try again later`);
    return new HubError('http', `the Hub at ${new URL(url).origin} answered HTTP ${status} for ${what}`);
  }

  private transportError(error: unknown, url: string, what: string): HubError {
    const origin = new URL(url).origin;
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return new HubError(
        'timeout',
        `the Hub at ${origin} did not answer ${what} within ${this.options.timeoutMs / 1000} s; check the network or HF_ENDPOINT`,
      );
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error)?.message ?? 'network error';
    return new HubError('unreachable', `cannot reach the Hub at ${origin} (${reason}); check the network or HF_ENDPOINT`);
  }
}
