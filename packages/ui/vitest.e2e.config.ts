import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

// Browser tests against the built UI served by the real server: one file, run serially.
export default defineConfig({
  ...sourceConditions,
  test: { ...sourceConditions.test, include: ['e2e/**/*.e2e.test.ts'], environment: 'node', fileParallelism: false },
});
