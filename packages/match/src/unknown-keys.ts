import { closestNames } from './closest-names.js';

/**
 * The message for fields a request should not have: `unknown field "context" (did you mean "contextTokens"?)`.
 * A misspelt field silently ignored answers a different question than the one asked, so inputs are strict
 * and say which known field was probably meant.
 */
export function unknownKeysMessage(keys: readonly string[], knownKeys: readonly string[]): string {
  const parts = keys.map((key) => {
    const [closest] = closestNames(
      key,
      knownKeys.map((known) => [known]),
      1,
    );
    return `"${key}"${closest ? ` (did you mean "${closest}"?)` : ''}`;
  });
  return `unknown field${keys.length > 1 ? 's' : ''} ${parts.join(', ')}; accepted: ${knownKeys.join(', ')}`;
}
