import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WeightplanServer } from '@weightplan/server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyLlamaGguf } from '../src/testing/test-weights.js';
import { checkAccessibility, hasChromium, launchBrowser, openPage, screenshot, startWebServer } from './browser.js';

// Inspect in the planner (issue 13, item 7), in a real Chromium against the real server with --allow-dir.
const run = hasChromium || process.env.CI ? describe : describe.skip;
if (!hasChromium && !process.env.CI) console.warn('e2e: /usr/bin/chromium not found, skipping browser tests (apt-get install chromium)');

let browser: Browser;
let server: WeightplanServer;
let url: string;
let allowed: string;
let weights: { path: string; weightsBytes: number };
const pageErrors: string[] = [];

run('Inspect (web mode with --allow-dir, Chromium)', () => {
  beforeAll(async () => {
    allowed = mkdtempSync(join(tmpdir(), 'wp-e2e-allowed-'));
    weights = await writeTinyLlamaGguf(allowed);
    ({ server, url } = await startWebServer({ allowDirs: [allowed] }));
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (allowed) rmSync(allowed, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`reads a GGUF's headers and plans exactly those weights (${colorScheme})`, async () => {
      const { context, page } = await openPage(browser, pageErrors, { colorScheme });
      await page.goto(`${url}/`);
      await page.getByRole('link', { name: 'Inspect', exact: true }).click();
      await page.getByRole('textbox', { name: 'Path on the server' }).fill(weights.path);
      await page.getByRole('button', { name: 'Inspect', exact: true }).click();
      const result = page.getByTestId('inspect-result');
      await result.waitFor();
      expect(await page.getByTestId('inspect-parameters').textContent()).toContain('1,100,048,384');
      expect(await page.getByTestId('inspect-bytes').textContent()).toContain(`${weights.weightsBytes.toLocaleString('en-US')} bytes`);
      const types = await page.getByTestId('inspect-quant-mix').locator('tbody th').allTextContents();
      expect(types).toEqual(expect.arrayContaining(['Q4_K', 'Q6_K', 'F32']));
      // What was read is in the address: a reload reads it again.
      expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`inspect=${weights.path}`);
      await page.reload();
      await page.getByTestId('inspect-result').waitFor();
      expect(await page.getByTestId('inspect-parameters').textContent()).toContain('1,100,048,384');
      await screenshot(page, `inspect-${colorScheme}`);
      await checkAccessibility(page, `inspect (${colorScheme})`);

      await page.getByRole('button', { name: 'Plan with this' }).click();
      await page.getByTestId('scenario-headline').waitFor();
      expect(await page.getByRole('combobox', { name: 'Precision' }).inputValue()).toBe('as-stored');
      const hash = decodeURIComponent(new URL(page.url()).hash);
      expect(hash).toMatch(/^#\/scenario\?/);
      expect(hash).toContain(`model=${weights.path}`);
      expect(await page.getByTestId('scenario-headline').textContent()).toMatch(/TinyLlama/);
      await context.close();
    }, 60_000);
  }

  it('fits a 390 x 844 phone without horizontal scrolling (the quant mix scrolls in its own box)', async () => {
    const { context, page } = await openPage(browser, pageErrors, { width: 390, height: 844 });
    await page.goto(`${url}/#/inspect?inspect=${encodeURIComponent(weights.path)}`);
    await page.getByTestId('inspect-result').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await screenshot(page, 'inspect-phone');
    await checkAccessibility(page, 'inspect on a phone');
    await context.close();
  }, 60_000);
});

// A file on the user's own computer, on a server started without --allow-dir: Chromium reads its headers
// through Blob.slice and the router's inspectHeader describes them.
run('Inspect a file picked in the browser (web mode without --allow-dir, Chromium)', () => {
  let pickBrowser: Browser;
  let pickServer: WeightplanServer;
  let pickUrl: string;
  let folder: string;
  let fixture: { path: string; weightsBytes: number };
  const errors: string[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wp-e2e-picked-'));
    fixture = await writeTinyLlamaGguf(folder);
    ({ server: pickServer, url: pickUrl } = await startWebServer());
    pickBrowser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await pickBrowser?.close();
    await pickServer?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });

  it('reads a picked 0.67 GB GGUF from its header: exact parameters and bytes, and an accessible page', async () => {
    const { context, page } = await openPage(pickBrowser, errors);
    await page.goto(`${pickUrl}/#/inspect`);
    // This server reads no files: no path field, the page's own picker instead.
    expect(await page.getByRole('textbox', { name: 'Path on the server' }).count()).toBe(0);
    await page.getByLabel('Weight files on this computer').setInputFiles(fixture.path);
    const result = page.getByTestId('inspect-result');
    await result.waitFor();
    expect(await page.getByTestId('inspect-parameters').textContent()).toContain('1,100,048,384');
    expect(await page.getByTestId('inspect-bytes').textContent()).toContain(`${fixture.weightsBytes.toLocaleString('en-US')} bytes`);
    const types = await page.getByTestId('inspect-quant-mix').locator('tbody th').allTextContents();
    expect(types).toEqual(expect.arrayContaining(['Q4_K', 'Q6_K', 'F32']));
    expect(await result.textContent()).toContain('tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf on this computer');
    // No path of the user's computer goes into the address.
    expect(decodeURIComponent(new URL(page.url()).hash)).not.toContain('inspect=');
    await screenshot(page, 'inspect-picked');
    await checkAccessibility(page, 'inspect (picked file)');
    await context.close();
  }, 60_000);

  it('says in one line why a picked file is not weights', async () => {
    const { context, page } = await openPage(pickBrowser, errors);
    await page.goto(`${pickUrl}/#/inspect`);
    const notes = join(folder, 'notes.gguf');
    writeFileSync(notes, 'These are my notes, not weights.');
    await page.getByLabel('Weight files on this computer').setInputFiles(notes);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('notes.gguf: not a GGUF file (magic "Thes", expected "GGUF")');
    expect(await page.getByTestId('inspect-result').count()).toBe(0);
    await checkAccessibility(page, 'inspect (picked file refused)');
    await context.close();
  }, 60_000);

  it("says so when the headers' description is larger than the server accepts in one request", async () => {
    const { server, url: smallUrl } = await startWebServer({ maxBodyBytes: 4096 });
    const { context, page } = await openPage(pickBrowser, errors);
    // The refused request is the test's own doing: the console's "413" line is expected, not a page error.
    const before = errors.length;
    await page.goto(`${smallUrl}/#/inspect`);
    await page.getByLabel('Weight files on this computer').setInputFiles(fixture.path);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^tinyllama-1\.1b-chat-v1\.0\.Q4_K_M\.gguf: the headers list 201 tensors \(\d+(\.\d+)? KiB to send\), more than this server accepts in one request: start it with a larger --max-body-bytes/,
    );
    for (const error of errors.splice(before)) expect(error).toMatch(/413/);
    await context.close();
    await server.close();
  }, 60_000);
});
