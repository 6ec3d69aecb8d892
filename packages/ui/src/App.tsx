import type { ApiClient } from './api-client.js';

export function App({ api }: { api: ApiClient }) {
  void api;
  return <main>Weightplan</main>;
}
