import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { createWeightplanServer, type WeightplanServer } from '@weightplan/server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

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
export async function startWebServer(
  options: { allowDirs?: string[]; maxBodyBytes?: number } = {},
): Promise<{ server: WeightplanServer; url: string }> {
  if (!existsSync(join(uiDist, 'index.html'))) throw new Error(`no UI build at ${uiDist}: run npm run build -w @weightplan/ui`);
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-e2e-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  mkdirSync(resultsDirectory, { recursive: true });
  const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * 1024 ** 3 });
  // Heavy calls in the server's thread: what the browser sees is the same (the pool has its own tests), and
  // the CI machine's two cores are not shared with two more copies of the router.
  const server = createWeightplanServer(
    {
      port: 0,
      workers: 0,
      uiDirectory: uiDist,
      rateLimitPerMinute: 100_000,
      allowDirs: options.allowDirs ?? [],
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    },
    { detectHardware: async () => machine, log: () => undefined },
  );
  // Closing the server also removes its config directory: the tests leave nothing in the temporary folder.
  const close = server.close;
  server.close = async () => {
    await close();
    rmSync(configDirectory, { recursive: true, force: true });
  };
  return { server, url: await server.listen() };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A page of its own context, whose script errors and console errors go into `errors` (a test expects none). */
export async function openPage(
  browser: Browser,
  errors: string[],
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page };
}

/** axe-core on the page as it stands: no serious or critical violation, each named with where it is. */
export async function checkAccessibility(page: Page, view: string): Promise<void> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses an inline script.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
    const axe = (window as any).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${view}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
}

/** A full-page screenshot kept in test-results/ as ui-NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(resultsDirectory, `ui-${name}.png`), fullPage: true });
}
