/** A user file that exists but cannot be used as it is. It is never overwritten: the message says where it is and what is wrong. */
export class UserDataError extends Error {
  override readonly name = 'UserDataError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
