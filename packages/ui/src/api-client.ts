import { createTRPCClient, httpBatchLink, type TRPCClient, type TRPCLink } from '@trpc/client';
import type { AppRouter } from '@weightplan/api';
import { ipcLink } from 'trpc-electron/renderer';

export type ApiClient = TRPCClient<AppRouter>;

/**
 * The desktop app's preload exposes `electronTRPC` (and nothing else): there the router is reached over
 * IPC. In a browser the page was served by the Weightplan server, whose router is at /trpc.
 */
export function createApiClient(): ApiClient {
  const inDesktop = typeof window !== 'undefined' && 'electronTRPC' in window;
  const link: TRPCLink<AppRouter> = inDesktop
    ? ipcLink<AppRouter>()
    : httpBatchLink({ url: new URL('trpc', new URL('/', window.location.href)).toString() });
  return createTRPCClient<AppRouter>({ links: [link] });
}
