// `npm run bench` (this package): the renderer's JavaScript gzipped (target <= 400 KB) and the time from
// navigation to the first fit matrix in headless Chromium (target < 1 s), against the built server.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { createWeightplanServer } from '@weightplan/server';
import { chromium } from 'playwright-core';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const assets = join(dist, 'assets');
const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
const gzippedBytes = scripts.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0);
const rawBytes = scripts.reduce((sum, name) => sum + readFileSync(join(assets, name)).length, 0);
console.log(
  `renderer JavaScript: ${(rawBytes / 1024).toFixed(0)} KB, ${(gzippedBytes / 1024).toFixed(0)} KB gzipped (target <= 400 KB)${gzippedBytes > 400 * 1024 ? '  MISSED TARGET' : ''}`,
);

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.log(`time to first fit matrix: skipped, no ${chromiumPath} (apt-get install chromium)`);
  process.exit(0);
}

process.env.WEIGHTPLAN_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'wp-bench-ui-'));
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * 1024 ** 3 });
const server = createWeightplanServer(
  { port: 0, uiDirectory: dist, rateLimitPerMinute: 1_000_000 },
  { detectHardware: async () => machine, log: () => undefined },
);
const url = await server.listen();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

async function timeToFitMatrix() {
  // A fresh context each time: no HTTP cache, as on a first visit.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(`${url}/#/fit`);
  await page.getByTestId('fit-matrix').waitFor();
  const milliseconds = performance.now() - started;
  await context.close();
  return milliseconds;
}

/** Bytes over the wire (compressed, headers excluded) for the landing view's page, scripts and styles. */
async function landingTransfer() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.getByTestId('answer-command').waitFor();
  const bytes = await page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const assets = performance.getEntriesByType('resource').filter((e) => e.name.includes('/assets/'));
    const sum = (key) => assets.reduce((total, e) => total + e[key], 0);
    return {
      encoded: sum('encodedBodySize') + (navigation?.encodedBodySize ?? 0),
      decoded: sum('decodedBodySize') + (navigation?.decodedBodySize ?? 0),
      files: assets.length + 1,
    };
  });
  await context.close();
  return bytes;
}

const landing = await landingTransfer();
console.log(
  `landing view transferred: ${(landing.encoded / 1024).toFixed(0)} KB compressed for ${(landing.decoded / 1024).toFixed(0)} KB of page, scripts and styles (${landing.files} files; other views load on first use)`,
);

const first = await timeToFitMatrix();
const samples = [];
for (let i = 0; i < 7; i++) samples.push(await timeToFitMatrix());
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
console.log(
  `time to first fit matrix: first ${first.toFixed(0)} ms (cold server), median ${median.toFixed(0)} ms over ${samples.length} (target < 1000 ms)${median >= 1000 ? '  MISSED TARGET' : ''}`,
);
await browser.close();
await server.close();
