/** Bad input from the user: exit 2 with the message, never a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
