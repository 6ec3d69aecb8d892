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
