/** Longest reason kept: a reason can quote a name from the file, and a hostile name can be megabytes long. */
const MAX_REASON_CHARACTERS = 400;

/**
 * A weight file that cannot be read as what it claims to be: truncated, wrong magic, absurd sizes,
 * invalid UTF-8, unknown types. Carries the file and a one-line reason; the CLI exits 2 with it and the
 * API answers 400, never a stack trace.
 */
export class WeightFileError extends Error {
  override readonly name = 'WeightFileError';
  readonly reason: string;
  constructor(
    readonly file: string,
    reason: string,
  ) {
    const oneLine = reason.replace(/[\r\n]+/g, ' ');
    const short = oneLine.length > MAX_REASON_CHARACTERS ? `${oneLine.slice(0, MAX_REASON_CHARACTERS)}…` : oneLine;
    super(`${file}: ${short}`);
    this.reason = short;
  }
}
