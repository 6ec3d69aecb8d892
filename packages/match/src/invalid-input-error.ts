/**
 * Input a person or a program got wrong: a negative context, a GPU list with an empty entry, a memory
 * configuration out of range. Every surface shows its message as is (HTTP 400, CLI exit 2). Code that
 * finds a genuine bug throws something else, so it surfaces as an internal error instead of being blamed
 * on the user.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}
