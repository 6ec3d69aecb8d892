import { fileURLToPath } from 'node:url';
import { defaultServerConditions, type UserConfig } from 'vite';

// Workspace packages export their TypeScript sources under the "@weightplan/source" condition, so tests
// run against src/ without building dependencies first (and see source-mapped stack traces).
const conditions = ['@weightplan/source', ...defaultServerConditions];

export const sourceConditions: UserConfig & { test: { testTimeout: number; hookTimeout: number } } = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  // Turborepo runs every package's tests at once on CI's two cores: sweeps that take 0.5 s alone can take
  // several seconds there. Timeouts catch hangs, not slowness (speed lives in npm run bench).
  test: { testTimeout: 30_000, hookTimeout: 60_000 },
};

/**
 * For packages whose test files mock no module and reset the global state they touch (environment variables,
 * the page's URL and storage): a worker imports the sources once and runs file after file on them, instead of
 * re-importing (and re-warming the estimator's per-model caches) for every file. Measured on two busy cores
 * (user+sys CPU of `npx vitest run`): estimator 46 s -> 23 s, api 48 s -> 18 s, ui 153 s -> 65 s, cli 74 s -> 51 s,
 * server 68 s -> 57 s (these two spend most of it in the processes and worker threads they start).
 * Not for packages that vi.mock modules (apps/desktop, packages/weights): a mock would leak into later files.
 * Each file still starts with the environment variables the worker started with (vitest.restore-env.ts).
 */
export const sharedModules = {
  isolate: false,
  setupFiles: [fileURLToPath(new URL('./vitest.restore-env.ts', import.meta.url))],
};
