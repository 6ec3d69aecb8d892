import { defineConfig } from 'vitest/config';
import { sharedModules, sourceConditions } from '../../vitest.shared.js';

export default defineConfig({ ...sourceConditions, test: { ...sourceConditions.test, ...sharedModules } });
