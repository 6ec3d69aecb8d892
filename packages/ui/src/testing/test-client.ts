import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, unstable_localLink } from '@trpc/client';
import { type ApiContext, type AppRouter, appRouter } from '@weightplan/api';
import { buildWhatIfProfile, type HardwareProfile } from '@weightplan/hardware';
import { onTestFinished } from 'vitest';
import type { ApiClient } from '../api-client.js';

const GiB = 1024 ** 3;

/** A host with an RTX 4090 and 64 GB of RAM: what "this machine" is in the component tests. */
export const TEST_MACHINE: HardwareProfile = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });

/** A fresh directory under the system's temporary folder, removed when the test that asked for it finishes. */
export function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/**
 * The real router, called in-process: components are tested against real estimates, not canned ones. Each
 * client gets its own empty config directory (plans, saved machines), removed after the test.
 */
export function testClient(context: Partial<ApiContext> = {}): ApiClient {
  process.env.WEIGHTPLAN_CONFIG_DIR = testDirectory('wp-ui-test-');
  // As in the desktop app, whose user sees a failure's own message.
  const ctx: ApiContext = { detectHardware: async () => TEST_MACHINE, allowedRoots: [], showInternalErrors: true, ...context };
  return createTRPCClient<AppRouter>({ links: [unstable_localLink({ router: appRouter, createContext: async () => ctx })] });
}

/** Detection that never answers: the views' loading states. */
export const hangingDetection = () => new Promise<HardwareProfile>(() => undefined);

/** Detection that fails, as a stuck driver would make it. */
export const failingDetection = async (): Promise<HardwareProfile> => {
  throw new Error('nvidia-smi timed out after 3 s');
};
