import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { createWeightplanServer, type WeightplanServer } from '@weightplan/server';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium package (installed by .ci/run); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const uiDist = fileURLToPath(new URL('../dist/', import.meta.url));
export const resultsDirectory = fileURLToPath(new URL('../../../test-results/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/**
 * The real server in web mode, serving the built UI, for a machine with one RTX 4090 and 64 GB of RAM
 * (detection is the one part replaced: the test must not depend on the CI box's hardware); `allowDirs` as
 * `--allow-dir` gives them.
 */
export async function startWebServer(options: { allowDirs?: string[] } = {}): Promise<{ server: WeightplanServer; url: string }> {
  if (!existsSync(join(uiDist, 'index.html'))) throw new Error(`no UI build at ${uiDist}: run npm run build -w @weightplan/ui`);
  process.env.WEIGHTPLAN_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'wp-e2e-'));
  mkdirSync(resultsDirectory, { recursive: true });
  const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * 1024 ** 3 });
  const server = createWeightplanServer(
    { port: 0, uiDirectory: uiDist, rateLimitPerMinute: 100_000, allowDirs: options.allowDirs ?? [] },
    { detectHardware: async () => machine, log: () => undefined },
  );
  return { server, url: await server.listen() };
}
