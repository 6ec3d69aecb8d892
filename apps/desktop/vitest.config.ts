import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

export default defineConfig({
  ...sourceConditions,
  test: {
    ...sourceConditions.test,
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // trpc-electron imports 'electron' itself; inlined, it sees the tests' mock instead of the real package
    // (whose index.js would try to download the Electron binary).
    server: { deps: { inline: ['trpc-electron'] } },
  },
});
