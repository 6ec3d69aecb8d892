/**
 * A name that matches nothing in a catalog. It carries the closest known names so that every surface
 * (CLI exit 2, API 400/404, UI) can say "did you mean ...?" the same way.
 */
export class UnknownNameError extends Error {
  override readonly name = 'UnknownNameError';

  constructor(
    /** What was looked up: "model", "GPU", "precision". */
    readonly subject: string,
    readonly query: string,
    readonly suggestions: readonly string[],
    /** What a valid name looks like, for the message. */
    readonly accepted?: string,
  ) {
    const hint = suggestions.length > 0 ? `; closest known: ${suggestions.join(', ')}` : '';
    const format = accepted ? ` (${accepted})` : '';
    super(`unknown ${subject} "${query}"${format}${hint}`);
  }
}
