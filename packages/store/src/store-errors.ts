import { UserDataError } from '@weightplan/user-data';

/**
 * A save that named the revision it read, when the stored record has moved on (or was removed) since:
 * nothing is written, and the caller re-reads, merges and saves again. The API answers 409 CONFLICT.
 */
export class StoreConflictError extends UserDataError {
  constructor(
    what: string,
    readonly expectedRevision: number,
    readonly currentRevision: number | null,
  ) {
    super(
      what,
      currentRevision === null
        ? `was removed after you read revision ${expectedRevision}; nothing was saved`
        : `is at revision ${currentRevision}, not the revision ${expectedRevision} you read: someone saved it meanwhile; reload it and save again`,
    );
  }
}

/** A named record (a saved machine, a fleet, a stored document) that the store does not hold. */
export class RecordNotFoundError extends UserDataError {}
