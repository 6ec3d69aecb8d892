import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@weightplan/api';

export type { AppRouter } from '@weightplan/api';

export interface WeightplanClientOptions {
  /** API key for a server that listens beyond loopback. */
  apiKey?: string;
  /**
   * Batch concurrent calls into one HTTP request (the default). Batching waits one tick to collect
   * calls, so a script making calls one after another can turn it off.
   */
  batch?: boolean;
  /** fetch implementation (tests, proxies); defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * A typed client for a Weightplan server: `client.estimate.mutate({ model: 'llama-3-8b', precision:
 * 'Q4_K_M' })` returns the same `Estimate` the CLI prints with --json, with full types.
 */
export function createWeightplanClient(url: string, options: WeightplanClientOptions = {}): TRPCClient<AppRouter> {
  const endpoint = `${url.replace(/\/+$/, '')}/trpc`;
  const linkOptions = {
    url: endpoint,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: () => (options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
  // The server takes at most 10 calls in one batch (400 beyond): larger groups go as several requests.
  return createTRPCClient<AppRouter>({
    links: [options.batch === false ? httpLink(linkOptions) : httpBatchLink({ ...linkOptions, maxItems: 10 })],
  });
}
