/**
 * A weight file that cannot be read as what it claims to be: truncated, wrong magic, absurd sizes,
 * invalid UTF-8, unknown types. Carries the file and a one-line reason; the CLI exits 2 with it and the
 * API answers 400, never a stack trace.
 */
export class WeightFileError extends Error {
  override readonly name = 'WeightFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
