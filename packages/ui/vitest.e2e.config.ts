import { defineConfig } from 'vitest/config';
import { sharedModules, sourceConditions } from '../../vitest.shared.js';

// Browser tests against the built UI served by the real server: one file at a time, all on one import of the
// server's sources (each file still starts its own server and browser).
export default defineConfig({
  ...sourceConditions,
  test: {
    ...sourceConditions.test,
    ...sharedModules,
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
  },
});
