import { afterAll, beforeAll } from 'vitest';

// Test files that share a worker (sharedModules in vitest.shared.ts) would otherwise see the environment
// variables an earlier file set (WEIGHTPLAN_CONFIG_DIR, HF_ENDPOINT, XDG_CACHE_HOME...): each file ends with the
// environment it started with, as it would in a process of its own.
let started: Record<string, string | undefined> = {};
beforeAll(() => {
  started = { ...process.env };
});
afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in started)) delete process.env[name];
  Object.assign(process.env, started);
});
