/** The most of a query a message repeats: a 100 KB name must not come back as a 100 KB error. */
const SHOWN_QUERY_CHARS = 80;

function shown(query: string): string {
  return query.length <= SHOWN_QUERY_CHARS ? query : `${query.slice(0, SHOWN_QUERY_CHARS)}... (${query.length} characters)`;
}

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
    super(`unknown ${subject} "${shown(query)}"${format}${hint}`);
  }
}
