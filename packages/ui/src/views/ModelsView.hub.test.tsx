import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fixtureSha, qwen3AwqRepo, type StandInHub } from '@weightplan/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { FRESH_HUB_COMMIT, FRESH_HUB_ID, HUB_HOST, hubTestClient, startTestHub } from '../testing/test-hub.js';
import { ModelsView } from './ModelsView.js';

let hub: StandInHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const today = () => new Date().toISOString().slice(0, 10);
const field = () => screen.getByRole('textbox', { name: 'Pin a model from the Hugging Face Hub' });

describe('ModelsView: any model on the Hub', () => {
  it('pins a Hub id in the catalog, where its row says which commit it was looked up at and when', async () => {
    renderView(<ModelsView onOpenScenario={() => undefined} />, hubTestClient(hub), { host: HUB_HOST });
    await screen.findByTestId('models-table', {}, { timeout: 20_000 });
    await userEvent.type(field(), FRESH_HUB_ID);
    await userEvent.click(screen.getByRole('button', { name: 'Pin' }));
    expect(
      await screen.findByText(
        `Pinned Qwen3-8B-Support-Agent as ${FRESH_HUB_ID}: looked up on the Hub, commit ${FRESH_HUB_COMMIT.slice(0, 7)}.`,
        {},
        { timeout: 20_000 },
      ),
    ).toBeTruthy();
    const row = await within(screen.getByTestId('models-table')).findByRole('row', { name: new RegExp(FRESH_HUB_ID) }, { timeout: 20_000 });
    expect(row.textContent).toContain(`looked up on the Hub, commit ${FRESH_HUB_COMMIT.slice(0, 7)} on ${today()}`);
    expect(row.textContent).toMatch(/8\.19B/);
  });

  it('lists the quantisations of a GGUF repository named without one, and pins the one picked', async () => {
    renderView(<ModelsView onOpenScenario={() => undefined} />, hubTestClient(hub), { host: HUB_HOST });
    await screen.findByTestId('models-table', {}, { timeout: 20_000 });
    await userEvent.type(field(), 'bartowski/Qwen_Qwen3-8B-GGUF{Enter}');
    const quants = await screen.findByRole('group', { name: 'Quantisations of bartowski/Qwen_Qwen3-8B-GGUF' }, { timeout: 20_000 });
    expect(
      within(quants)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.split(' ')[0]),
    ).toEqual(['Q4_K_M', 'Q8_0']);
    await userEvent.click(within(quants).getByRole('button', { name: 'Pin Q4_K_M' }));
    expect(
      await screen.findByText(
        /^Pinned Qwen_Qwen3-8B-GGUF Q4_K_M as bartowski\/Qwen_Qwen3-8B-GGUF: looked up on the Hub, commit/,
        {},
        { timeout: 20_000 },
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('group', { name: /Quantisations of/ })).toBeNull();
  });

  it('says in one line that a gated repository needs its license accepted and a token', async () => {
    renderView(<ModelsView onOpenScenario={() => undefined} />, hubTestClient(hub), { host: HUB_HOST });
    await screen.findByTestId('models-table', {}, { timeout: 20_000 });
    await userEvent.type(field(), 'meta-llama/Llama-3.2-1B-Instruct{Enter}');
    const alert = await screen.findByRole('alert', {}, { timeout: 20_000 });
    expect(alert.textContent).toBe(
      'meta-llama/Llama-3.2-1B-Instruct: this repository is gated: accept its license on the Hub and set HF_TOKEN',
    );
  });

  it('checks pinned models for a new commit and says what changed', async () => {
    const client = hubTestClient(hub);
    await client.models.import.mutate({ path: `hf:${FRESH_HUB_ID}` });
    renderView(<ModelsView onOpenScenario={() => undefined} />, client, { host: HUB_HOST });
    const check = await screen.findByRole('button', { name: 'Check pinned models for new commits' }, { timeout: 20_000 });
    const next = fixtureSha(`${FRESH_HUB_ID}@awq`);
    hub.addRepo({ ...qwen3AwqRepo(), id: FRESH_HUB_ID, sha: next });
    await userEvent.click(check);
    const lines = await screen.findByRole('list', { name: 'Pinned models checked' }, { timeout: 20_000 });
    expect(lines.textContent).toMatch(
      new RegExp(
        `${FRESH_HUB_ID}: updated, commit ${FRESH_HUB_COMMIT.slice(0, 7)} → ${next.slice(0, 7)}; weights 15\\.3 GiB → [\\d.]+ GiB`,
      ),
    );
  });

  it('offers no Hub field where the host does not reach the Hub', async () => {
    renderView(<ModelsView onOpenScenario={() => undefined} />, hubTestClient(hub));
    await screen.findByTestId('models-table', {}, { timeout: 20_000 });
    expect(screen.queryByRole('textbox', { name: 'Pin a model from the Hugging Face Hub' })).toBeNull();
  });
});
