import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { sharedModules, sourceConditions } from '../../vitest.shared.js';

export default defineConfig({
  ...sourceConditions,
  plugins: [react()],
  test: {
    ...sourceConditions.test,
    ...sharedModules,
    testTimeout: 60_000,
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: [...sharedModules.setupFiles, './src/test-setup.ts'],
  },
});
