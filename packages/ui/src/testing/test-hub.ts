import { fixtureSha, gatedLlamaRepo, qwen3GgufRepo, qwen3Repo, type StandInHub, startStandInHub } from '@weightplan/hub/testing';
import type { ApiClient } from '../api-client.js';
import type { HostInfo } from '../state/host.js';
import { testClient, testDirectory } from './test-client.js';

/** Qwen3-8B's five bf16 shards under a name no catalog knows, as a fine-tune published this morning would be. */
export const FRESH_HUB_ID = 'acme/Qwen3-8B-Support-Agent';
export const FRESH_HUB_COMMIT = fixtureSha(FRESH_HUB_ID);

/** The desktop app, which looks models up on the Hub. */
export const HUB_HOST: HostInfo = { version: '0.1.0', host: 'desktop', readsFiles: true, fileDialogs: true, hubLookUps: true };

/**
 * The stand-in Hub on 127.0.0.1 with a fresh safetensors repository, a GGUF repository and a gated one. The
 * router runs in the test's process and reaches it with the test page's fetch, so the page's same-origin rule
 * is lifted, and files are served without a CDN redirect (which the page's fetch would not hand over).
 */
export async function startTestHub(): Promise<StandInHub> {
  (
    window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }
  ).happyDOM.settings.fetch.disableSameOriginPolicy = true;
  return startStandInHub({
    repos: [{ ...qwen3Repo(), id: FRESH_HUB_ID, sha: FRESH_HUB_COMMIT }, qwen3GgufRepo(), gatedLlamaRepo()],
    lfsThresholdBytes: 4 * 1024 ** 3,
  });
}

/** The real router, looking models up on `hub` with a cache of its own. */
export function hubTestClient(hub: StandInHub): ApiClient {
  return testClient({ hub: { endpoint: hub.endpoint, cacheDir: testDirectory('wp-ui-hub-') } });
}
