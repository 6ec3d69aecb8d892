import { parsePlanUrl } from '@weightplan/api';
import type { WeightplanServer } from '@weightplan/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility, hasChromium, launchBrowser, openPage, screenshot, startWebServer } from './browser.js';

// The planner, answer first (issue 13): every behaviour checked in a real Chromium against the real server.
const run = hasChromium || process.env.CI ? describe : describe.skip;
if (!hasChromium && !process.env.CI) console.warn('e2e: /usr/bin/chromium not found, skipping browser tests (apt-get install chromium)');

let browser: Browser;
let server: WeightplanServer;
let url: string;
const pageErrors: string[] = [];

/** How far the page scrolls sideways, and what sticks out (empty when nothing does). */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest('.table-scroll, .chart'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} to ${Math.round(e.getBoundingClientRect().right)}px`)
      .concat(`scrollWidth ${document.documentElement.scrollWidth}`);
  });
}

run('the planner, answer first (web mode, Chromium)', () => {
  beforeAll(async () => {
    ({ server, url } = await startWebServer());
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`lands on the answer without a click: model, speed band, why, launch command, then the matrix (${colorScheme})`, async () => {
      const { context, page } = await openPage(browser, pageErrors, { width: 1400, height: 900, colorScheme });
      const encodings: string[] = [];
      page.on('response', (response) => {
        if (response.url().includes('/assets/')) encodings.push(response.headers()['content-encoding'] ?? 'none');
      });
      await page.goto(`${url}/`);
      await page.getByTestId('hardware-label').filter({ hasText: 'This machine: NVIDIA GeForce RTX 4090, 64 GiB RAM' }).waitFor();
      const answer = page.getByTestId('answer');
      await answer.waitFor();
      expect(await answer.locator('h3').textContent()).toMatch(/ at /);
      expect(await page.getByTestId('answer-speed').textContent()).toMatch(/tokens\/s \(likely .+–.+\)/);
      expect((await page.getByTestId('answer-why').textContent())?.length).toBeGreaterThan(10);
      expect(await page.getByTestId('answer-command').textContent()).toMatch(/^(llama-server|vllm serve) /);
      await page.getByTestId('fit-matrix').locator('td.recommended').waitFor();
      expect(await page.getByTestId('fit-matrix').locator('caption').textContent()).toMatch(/tokens\/s/);
      // The scripts and styles came compressed: brotli from the server, far fewer bytes than they decode to.
      expect(encodings.length).toBeGreaterThan(0);
      expect(new Set(encodings)).toEqual(new Set(['br']));
      const sizes = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('.js'))
          .map((e) => [(e as PerformanceResourceTiming).encodedBodySize, (e as PerformanceResourceTiming).decodedBodySize]),
      );
      for (const [encoded, decoded] of sizes) expect(encoded).toBeLessThan((decoded ?? 0) / 2);
      // And the stylesheet arrived whole and applies (a compression stall once answered it with 408).
      expect(await page.evaluate(() => document.styleSheets[0]?.cssRules.length ?? 0)).toBeGreaterThan(50);
      await screenshot(page, `answer-desktop-${colorScheme}`);
      await checkAccessibility(page, `answer (${colorScheme})`);
      await context.close();
    }, 60_000);
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`fits a 390 x 844 phone without horizontal scrolling; the views sit behind a menu (${colorScheme})`, async () => {
      const { context, page } = await openPage(browser, pageErrors, { width: 390, height: 844, colorScheme });
      await page.goto(`${url}/`);
      await page.getByTestId('answer-command').waitFor();
      await page.getByTestId('fit-matrix').waitFor();
      expect(await horizontalOverflow(page)).toEqual([]);
      await screenshot(page, `answer-phone-${colorScheme}`);
      await checkAccessibility(page, `answer on a phone (${colorScheme})`);
      expect(await page.getByRole('link', { name: 'Scenario' }).isVisible()).toBe(false);
      for (const view of ['Scenario', 'Machine', 'Compare', 'Plans']) {
        await page.getByRole('button', { name: /^Menu:/ }).click();
        await page.getByRole('link', { name: view, exact: true }).click();
        await page.getByRole('heading', { level: 2, name: view === 'Machine' ? 'Machine' : view }).waitFor();
        if (view === 'Machine') await page.getByTestId('machine-profile').waitFor();
        await page.waitForLoadState('networkidle');
        expect(await horizontalOverflow(page), view).toEqual([]);
      }
      await context.close();
    }, 90_000);
  }

  it('carries the matrix context (32k) and a recommendation (coding: 32k, 8k-token prompt) into the scenario', async () => {
    const { context, page } = await openPage(browser, pageErrors, { width: 1400, height: 900 });
    await page.goto(`${url}/#/fit?mctx=32768`);
    await page.getByRole('searchbox', { name: 'Search' }).fill('qwen3 8b');
    await page
      .getByTestId('fit-matrix')
      .getByRole('button', { name: /^Qwen3 8B at Q4_K_M: / })
      .click();
    await page.getByTestId('scenario-headline').waitFor();
    expect(await page.getByRole('combobox', { name: 'Context' }).inputValue()).toBe('32768');

    await page.goto(`${url}/#/recommend?use=coding`);
    await page.getByRole('button', { name: 'Open scenario' }).first().click();
    await page.getByTestId('scenario-headline').waitFor();
    expect(await page.getByRole('combobox', { name: 'Context' }).inputValue()).toBe('32768');
    expect(await page.getByRole('spinbutton', { name: 'Prompt tokens' }).inputValue()).toBe('8192');
    // Saved and exported as shown: the Markdown says 32,768, not the form's old 8,192 default.
    await page.getByRole('textbox', { name: 'Name' }).fill('Coding at 32k');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByText('Saved “Coding at 32k” (revision 1).').waitFor();
    const markdown = await page.evaluate(async () => {
      const list = await (await fetch('/api/v1/plans')).json();
      const plan = list.plans.find((p: { name: string }) => p.name === 'Coding at 32k');
      return (await (await fetch(`/api/v1/plans/${plan.id}/markdown`)).json()).markdown as string;
    });
    expect(markdown).toMatch(/\| Context \| 32,768 tokens/);
    await context.close();
  }, 60_000);

  it('keeps a what-if machine across a reload, and Copy link gives a link the CLI reads', async () => {
    const { context, page } = await openPage(browser, pageErrors, { width: 1400, height: 900 });
    await page.goto(`${url}/#/machine`);
    await page.getByRole('combobox', { name: 'GPU 1' }).fill('RTX 3090');
    await page.getByRole('spinbutton', { name: 'Count' }).fill('2');
    await page.getByRole('spinbutton', { name: 'RAM (GiB)' }).fill('128');
    await page.getByRole('button', { name: 'Plan for this hardware' }).click();
    const label = '2x NVIDIA GeForce RTX 3090, 128 GiB RAM';
    await page.getByTestId('hardware-label').filter({ hasText: label }).waitFor();
    await page.getByRole('link', { name: 'Scenario' }).click();
    await page.getByRole('combobox', { name: 'Context' }).selectOption('4096');
    await page.reload();
    await page.getByTestId('hardware-label').filter({ hasText: label }).waitFor();
    await page.getByTestId('scenario-headline').waitFor();
    expect(await page.getByRole('combobox', { name: 'Context' }).inputValue()).toBe('4096');

    const link = await page.getByTestId('copy-link').getAttribute('data-link');
    const parsed = parsePlanUrl(link ?? '');
    expect(parsed.view).toBe('scenario');
    expect(parsed.input).toMatchObject({
      model: 'meta-llama/Meta-Llama-3-8B-Instruct',
      contextTokens: 4096,
      hardware: { whatIf: { gpu: '2x RTX 3090', ramGiB: 128 } },
    });
    await context.close();
  }, 60_000);

  it('vLLM with a GGUF precision shows no command or manifest, says why, and offers AWQ-INT4', async () => {
    const { context, page } = await openPage(browser, pageErrors, { width: 1400, height: 900 });
    await page.goto(`${url}/#/scenario?model=meta-llama%2FMeta-Llama-3-8B-Instruct&precision=Q4_K_M&runtime=vllm`);
    const unavailable = page.getByTestId('launch-unavailable');
    await unavailable.waitFor();
    expect(await unavailable.textContent()).toMatch(/vLLM does not load GGUF files \(Q4_K_M\)/);
    expect(await page.getByTestId('launch-command').count()).toBe(0);
    expect(await page.getByTestId('kubernetes-manifest').count()).toBe(0);
    await screenshot(page, 'scenario-vllm-gguf');
    await page.getByRole('button', { name: 'Plan at AWQ-INT4 instead' }).click();
    await expect.poll(() => page.getByTestId('launch-command').textContent()).toMatch(/^vllm serve /);
    await context.close();
  }, 60_000);

  it('the matrix is one tab stop; arrow keys move between cells', async () => {
    const { context, page } = await openPage(browser, pageErrors, { width: 1400, height: 900 });
    await page.goto(`${url}/#/fit`);
    const grid = page.getByRole('grid');
    await grid.waitFor();
    expect(await grid.locator('button[tabindex="0"]').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search' }).focus();
    // Tab from the toolbar lands on the grid's one stop; a second Tab leaves the grid.
    await page.getByRole('checkbox', { name: 'Only models that run here' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('0:0');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('2:1');
    expect(await grid.locator('button[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[role="grid"]'))).toBeNull();
    await checkAccessibility(page, 'fit matrix grid');
    await context.close();
  }, 60_000);

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
