import { DEFAULT_PLAN_PAGE, MAX_PLAN_PAGE, UserDataError } from '@weightplan/user-data';
import { z } from 'zod';

/** A page of a list: `limit` items (default 50, at most 200) after `cursor`, the previous page's `nextCursor`. */
export interface PageRequest {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Items in the whole list, on every page. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

export function pageLimit(page: PageRequest): number {
  const limit = page.limit ?? DEFAULT_PLAN_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PLAN_PAGE) {
    throw new UserDataError('limit', `must be a whole number from 1 to ${MAX_PLAN_PAGE}`);
  }
  return limit;
}

const KeyCursorSchema = z.tuple([z.string().max(400), z.string().max(400)]);

/** Cursors are opaque to callers: the last item's sort key and unique key, so pages neither repeat nor skip. */
export function encodeKeyCursor(sortKey: string, key: string): string {
  return Buffer.from(JSON.stringify([sortKey, key])).toString('base64url');
}

export function decodeKeyCursor(cursor: string): [sortKey: string, key: string] {
  try {
    return KeyCursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new UserDataError('cursor', 'is not a nextCursor this list returned; omit it for the first page');
  }
}

/** One page of an in-memory list already sorted by (sortKey, key), in JavaScript's code-unit order. */
export function pageOf<T>(sorted: readonly T[], keys: (item: T) => [string, string], page: PageRequest): Page<T> {
  const limit = pageLimit(page);
  let start = 0;
  if (page.cursor !== undefined) {
    const [sortKey, key] = decodeKeyCursor(page.cursor);
    start = sorted.findIndex((item) => {
      const [s, k] = keys(item);
      return s > sortKey || (s === sortKey && k > key);
    });
    if (start < 0) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  const more = start + items.length < sorted.length;
  return { items, total: sorted.length, nextCursor: more && last !== undefined ? encodeKeyCursor(...keys(last)) : null };
}

/** Sorts by (sortKey, key) in code-unit order, the order Postgres's "C" collation gives too. */
export function sortByKeys<T>(items: T[], keys: (item: T) => [string, string]): T[] {
  return items.sort((a, b) => {
    const [sa, ka] = keys(a);
    const [sb, kb] = keys(b);
    return sa < sb ? -1 : sa > sb ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
