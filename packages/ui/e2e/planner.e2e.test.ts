import type { WeightplanServer } from '@weightplan/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility, hasChromium, launchBrowser, openPage, screenshot, startWebServer } from './browser.js';

// CI installs Debian's chromium and must run this; a developer machine without it gets a loud skip.
const run = hasChromium || process.env.CI ? describe : describe.skip;
if (!hasChromium && !process.env.CI) console.warn('e2e: /usr/bin/chromium not found, skipping browser tests (apt-get install chromium)');

let browser: Browser;
let server: WeightplanServer;
let url: string;
let page: Page;
const pageErrors: string[] = [];

run('the planner in a real browser (web mode)', () => {
  beforeAll(async () => {
    ({ server, url } = await startWebServer());
    browser = await launchBrowser();
    ({ page } = await openPage(browser, pageErrors));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens on the answer and the fit matrix for the detected machine', async () => {
    await page.goto(`${url}/`);
    await page.getByTestId('fit-matrix').waitFor();
    await page.getByTestId('hardware-label').filter({ hasText: 'This machine: NVIDIA GeForce RTX 4090, 64 GiB RAM' }).waitFor();
    const cell = page.getByRole('button', { name: /Llama 3 8B Instruct at Q4_K_M: Fits/ });
    expect(await cell.count()).toBe(1);
    await screenshot(page, 'fit-matrix');
    await checkAccessibility(page, 'fit matrix');
  }, 60_000);

  it('plans for a GPU profile: two RTX 3090s put a 70B model at Q4_K_M on the GPUs', async () => {
    await page.getByRole('link', { name: 'Machine' }).click();
    await page.getByTestId('machine-profile').waitFor();
    await page.getByRole('combobox', { name: 'GPU 1' }).fill('RTX 3090');
    await page.getByRole('spinbutton', { name: 'Count' }).fill('2');
    await page.getByRole('spinbutton', { name: 'RAM (GiB)' }).fill('128');
    await page.getByRole('button', { name: 'Plan for this hardware' }).click();
    await page.getByTestId('hardware-label').filter({ hasText: '2x NVIDIA GeForce RTX 3090, 128 GiB RAM' }).waitFor();
    await screenshot(page, 'machine');
    await checkAccessibility(page, 'machine');

    await page.getByRole('link', { name: 'Fit matrix' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('llama 3.3 70b');
    const cell = page.getByRole('button', { name: /Llama 3\.3 70B Instruct at Q4_K_M: (Fits|Fits, tightly)/ });
    await cell.waitFor();
  }, 30_000);

  it('filters the model catalog', async () => {
    await page.getByRole('link', { name: 'Models' }).click();
    await page.getByTestId('models-table').waitFor();
    await page.getByRole('combobox', { name: 'Architecture' }).selectOption('moe');
    await page.getByRole('searchbox', { name: 'Search' }).fill('qwen3');
    const rows = page.getByTestId('models-table').locator('tbody tr');
    const count = await rows.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) expect(await rows.nth(i).textContent()).toMatch(/Qwen3.*active, MoE/);
    await screenshot(page, 'models');
    await checkAccessibility(page, 'models');
  }, 30_000);

  it('opens a scenario; a longer context needs more memory and generates more slowly', async () => {
    await page.getByRole('link', { name: 'Fit matrix' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('llama 3.3 70b');
    await page.getByRole('button', { name: /Llama 3\.3 70B Instruct at Q4_K_M/ }).click();
    await page.getByTestId('scenario-headline').waitFor();
    const memoryAt8k = await page.getByTestId('total-memory').textContent();
    const speedAt8k = Number.parseFloat((await page.getByTestId('decode-speed').textContent()) ?? '');
    await page.getByRole('combobox', { name: 'Context' }).selectOption('32768');
    await expect.poll(() => page.getByTestId('total-memory').textContent()).not.toBe(memoryAt8k);
    const memoryAt32k = Number.parseFloat((await page.getByTestId('total-memory').textContent()) ?? '');
    const speedAt32k = Number.parseFloat((await page.getByTestId('decode-speed').textContent()) ?? '');
    expect(memoryAt32k).toBeGreaterThan(Number.parseFloat(memoryAt8k ?? ''));
    expect(speedAt32k).toBeLessThan(speedAt8k);
    const command = await page.getByTestId('launch-command').textContent();
    expect(command, command ?? '').toMatch(/^llama-server .* -c 32768 -ngl \d+ -ts \d+,\d+ /);
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot(page, 'scenario');
    await checkAccessibility(page, 'scenario');
  }, 30_000);

  it('saves the scenario as a plan and reopens it exactly', async () => {
    await page.getByRole('textbox', { name: 'Name' }).fill('Two 3090s for the team');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByText('Saved “Two 3090s for the team” (revision 1).').waitFor();

    // A fresh page: nothing in memory, only what was saved.
    await page.goto(`${url}/#/plans`);
    await page.getByTestId('plans-list').waitFor();
    await screenshot(page, 'plans');
    await checkAccessibility(page, 'plans');
    const plan = page.getByTestId('plans-list').getByRole('listitem').filter({ hasText: 'Two 3090s for the team' });
    expect(await plan.textContent()).toMatch(/Llama-3\.3-70B-Instruct at Q4_K_M on 2x RTX 3090, 128 GiB RAM/);
    await plan.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('scenario-headline').waitFor();
    expect(await page.getByRole('combobox', { name: 'Context' }).inputValue()).toBe('32768');
    expect(await page.getByTestId('hardware-label').textContent()).toBe('2x RTX 3090, 128 GiB RAM');
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(1);
  }, 30_000);

  it('ranks recommendations with reasons', async () => {
    await page.getByRole('link', { name: 'Recommendations' }).click();
    await page.getByRole('button', { name: 'Open scenario' }).first().waitFor();
    await screenshot(page, 'recommendations');
    await checkAccessibility(page, 'recommendations');
  }, 30_000);

  it('compares open weights with closed APIs, with the cost chart', async () => {
    await page.getByRole('link', { name: 'Compare' }).click();
    await page.getByTestId('compare-table').waitFor({ timeout: 20_000 });
    await page.locator('.recharts-surface').first().waitFor();
    expect(await page.getByTestId('compare-table').locator('tbody tr').count()).toBeGreaterThan(5);
    await screenshot(page, 'compare');
    await checkAccessibility(page, 'compare');
  }, 40_000);

  it('plans fine-tuning for the scenario’s model', async () => {
    await page.getByRole('link', { name: 'Fine-tune' }).click();
    await page.getByTestId('finetune-verdict').waitFor({ timeout: 20_000 });
    await screenshot(page, 'finetune');
    await checkAccessibility(page, 'fine-tune');
  }, 40_000);

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
