/**
 * What went wrong talking to the Hub, as a kind the CLI and the API can map to an exit code or a status
 * (forbidden -> 403, not-found -> 404, unreachable/timeout -> 503/504, the rest -> 400/502), and a one-line
 * message that says what happened and what to do.
 */
export type HubErrorKind =
  /** The repository id or `:QUANT` suffix is not well formed. */
  | 'invalid-reference'
  /** Gated or private and the token (if any) has no access. */
  | 'forbidden'
  /** No such repository, revision, file or quantisation. */
  | 'not-found'
  /** The endpoint could not be reached, or answered 5xx. */
  | 'unreachable'
  /** One request took longer than the per-request timeout. */
  | 'timeout'
  /** The Hub answered something that is not what its API documents (bad JSON, bad headers, bad weights). */
  | 'malformed'
  /** The look-up needed more requests than its bound: a repository shaped unlike any real model. */
  | 'request-limit'
  /** HTTP 429. */
  | 'rate-limited'
  /** The repository holds nothing that describes a model (no config.json, safetensors or GGUF). */
  | 'unsupported'
  /** Any other HTTP status. */
  | 'http';

export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly kind: HubErrorKind,
    message: string,
  ) {
    super(message);
  }
}
