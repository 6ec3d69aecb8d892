import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StandInHub } from '@weightplan/hub/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderView } from '../testing/render.js';
import { FRESH_HUB_COMMIT, FRESH_HUB_ID, HUB_HOST, hubTestClient, startTestHub } from '../testing/test-hub.js';
import { InspectView } from './InspectView.js';

// Qwen3-8B's exact parameter count, all of it bf16 (the stand-in repository's five shards).
const QWEN3_8B_PARAMETERS = 8_190_735_360;

let hub: StandInHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

describe('InspectView: a Hub id', () => {
  it('reads a repository from its headers, says which commit, and plans that repository as stored', async () => {
    const onOpenScenario = vi.fn();
    renderView(<InspectView onOpenScenario={onOpenScenario} />, hubTestClient(hub), { host: HUB_HOST });
    await userEvent.type(screen.getByRole('textbox', { name: 'Or a Hugging Face id' }), `${FRESH_HUB_ID}{Enter}`);
    const result = await screen.findByTestId('inspect-result', {}, { timeout: 20_000 });
    expect(result.textContent).toContain(`${FRESH_HUB_ID} at commit ${FRESH_HUB_COMMIT.slice(0, 7)}`);
    expect(within(result).getByTestId('inspect-parameters').textContent).toContain(QWEN3_8B_PARAMETERS.toLocaleString('en-US'));
    expect(within(result).getByTestId('inspect-bytes').textContent).toContain(`${(QWEN3_8B_PARAMETERS * 2).toLocaleString('en-US')} bytes`);
    const mix = within(result).getByRole('table', { name: /Quantisation mix/ });
    expect(
      within(mix)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(['BF16']);
    await userEvent.click(within(result).getByRole('button', { name: 'Plan with this' }));
    expect(onOpenScenario).toHaveBeenCalledWith(expect.objectContaining({ model: FRESH_HUB_ID, precision: 'as-stored' }));
  });

  it('lists a GGUF repository quantisations to pick from, and reads the one picked', async () => {
    renderView(<InspectView onOpenScenario={() => undefined} />, hubTestClient(hub), { host: HUB_HOST });
    await userEvent.type(screen.getByRole('textbox', { name: 'Or a Hugging Face id' }), 'bartowski/Qwen_Qwen3-8B-GGUF{Enter}');
    await userEvent.click(await screen.findByRole('button', { name: 'Inspect Q4_K_M' }, { timeout: 20_000 }));
    const result = await screen.findByTestId('inspect-result', {}, { timeout: 20_000 });
    expect(result.textContent).toContain('bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M');
    const types = within(within(result).getByRole('table', { name: /Quantisation mix/ }))
      .getAllByRole('rowheader')
      .map((cell) => cell.textContent);
    expect(types).toEqual(expect.arrayContaining(['Q4_K', 'Q6_K']));
  });
});
