/**
 * What went wrong measuring, as a kind every surface maps to a status (and the CLI to exit 2), with a
 * one-line message saying what happened and what to do.
 */
export type BenchErrorKind =
  /** node-llama-cpp could not be installed (no npm, no registry) or its binary does not load here. */
  | 'runner-unavailable'
  /** The model or precision is one the synthetic writer cannot build (an architecture llama.cpp names differently). */
  | 'unsupported'
  /** Not enough free disk or memory for the synthetic file and its run. */
  | 'no-room'
  /** A server given with --endpoint could not be reached, or answered something its API does not document. */
  | 'endpoint'
  /** A llama-bench output file that is none of its formats. */
  | 'parse'
  /** This host does not run benchmarks (the HTTP server). */
  | 'not-available';

export class BenchError extends Error {
  override readonly name = 'BenchError';
  constructor(
    readonly kind: BenchErrorKind,
    message: string,
  ) {
    super(message);
  }
}
