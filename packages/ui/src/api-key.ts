/** Where the web UI keeps the server's API key: this tab's session only, never written to disk. */
export const API_KEY_STORAGE_KEY = 'weightplan.apiKey';

type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * The API key of a server started with --api-key, and the fetch that sends it. The server accepts the key
 * only as `Authorization: Bearer <key>` and answers 401 without it; the fetch reports each 401 so the UI
 * can ask for the key (again, when the one given was wrong).
 */
export interface ApiKeyStore {
  current(): string | null;
  remember(key: string): void;
  /** Calls `listener` whenever the server answers 401; returns the unsubscribe. */
  onUnauthorized(listener: () => void): () => void;
  fetch: FetchFunction;
}

export function createApiKeyStore(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined, baseFetch?: FetchFunction): ApiKeyStore {
  const listeners = new Set<() => void>();
  const current = () => {
    try {
      return storage?.getItem(API_KEY_STORAGE_KEY) ?? null;
    } catch {
      return null; // storage disabled by the browser: ask each time
    }
  };
  return {
    current,
    remember(key) {
      try {
        storage?.setItem(API_KEY_STORAGE_KEY, key);
      } catch {
        // Storage disabled: the key is lost on reload, asked for again.
      }
    },
    onUnauthorized(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async fetch(input, init) {
      const key = current();
      const headers = new Headers(init?.headers);
      if (key) headers.set('authorization', `Bearer ${key}`);
      const response = await (baseFetch ?? globalThis.fetch)(input, { ...init, headers });
      if (response.status === 401) for (const listener of listeners) listener();
      return response;
    },
  };
}
