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
 * re-importing (and re-warming the estimator's per-model caches) for every file. Measured on the 2-core VM,
 * `npx vitest run --isolate` against `npx vitest run`, wall and user+sys CPU: ui 143 s -> 51 s (192 -> 66 s CPU),
 * estimator 44 -> 25 s (56 -> 24), api 58 -> 23 s (53 -> 22), cli 82 -> 46 s (87 -> 50), server 77 -> 66 s
 * (78 -> 64; most of it is in the processes and worker threads it starts), bench 25 -> 15 s (25 -> 18).
 * Not for packages that vi.mock modules (apps/desktop, packages/weights): a mock would leak into later files.
 * Each file still starts with the environment variables the worker started with (vitest.restore-env.ts).
 */
export const sharedModules = {
  isolate: false,
  setupFiles: [fileURLToPath(new URL('./vitest.restore-env.ts', import.meta.url))],
};
