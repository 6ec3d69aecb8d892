import { createTRPCClient, httpBatchLink, type TRPCClient, type TRPCLink } from '@trpc/client';
import type { AppRouter } from '@weightplan/api';
import { ipcLink } from 'trpc-electron/renderer';
import type { ApiKeyStore } from './api-key.js';

export type ApiClient = TRPCClient<AppRouter>;

/**
 * The desktop app's preload exposes `electronTRPC` (and nothing else): there the router is reached over
 * IPC. In a browser the page was served by the Weightplan server, whose router is at /trpc; a keyed server
 * gets its key from `keys`. Batches stay within the server's cap of 10 calls.
 */
export function createApiClient(keys?: ApiKeyStore, url?: string): ApiClient {
  const inDesktop = typeof window !== 'undefined' && 'electronTRPC' in window;
  const link: TRPCLink<AppRouter> = inDesktop
    ? ipcLink<AppRouter>()
    : httpBatchLink({
        url: url ?? new URL('trpc', new URL('/', window.location.href)).toString(),
        maxItems: 10,
        ...(keys ? { fetch: keys.fetch } : {}),
      });
  return createTRPCClient<AppRouter>({ links: [link] });
}
