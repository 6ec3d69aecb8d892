import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { usePlanner } from '../state/planner.js';
import { renderView } from '../testing/render.js';
import { testClient } from '../testing/test-client.js';
import { PlansView } from './PlansView.js';

const draft = {
  name: 'GPU box for the support team',
  notes: 'Budget approved in Q1',
  model: 'qwen3:32b',
  precision: 'Q4_K_M',
  hardware: { whatIf: { gpu: '2x RTX 3090', ramGb: 128 } },
  scenario: { contextTokens: 32_768, concurrency: 4 },
};

function Current() {
  const { state } = usePlanner();
  return (
    <output data-testid="current">{`${state.plan?.name} | ${state.scenario.model} | ${state.scenario.contextTokens} | ${state.hardwareLabel}`}</output>
  );
}

describe('PlansView', () => {
  it('says there are no plans yet', async () => {
    renderView(<PlansView onOpened={() => undefined} />, testClient());
    expect(await screen.findByText(/No saved plans yet/, {}, { timeout: 5000 })).toBeTruthy();
  });

  it('lists saved plans with what they showed, and reopens one exactly', async () => {
    const api = testClient();
    await api.plans.save.mutate(draft);
    const onOpened = vi.fn();
    renderView(
      <>
        <PlansView onOpened={onOpened} />
        <Current />
      </>,
      api,
    );
    const list = await screen.findByTestId('plans-list', {}, { timeout: 5000 });
    const item = within(list).getByRole('listitem');
    expect(item.textContent).toMatch(/GPU box for the support team/);
    expect(item.textContent).toMatch(/qwen3:32b at Q4_K_M on 2x RTX 3090, 128 GiB RAM/);
    expect(item.textContent).toMatch(/tokens\/s when saved/);
    await userEvent.click(within(item).getByRole('button', { name: 'Open' }));
    expect(onOpened).toHaveBeenCalled();
    expect(screen.getByTestId('current').textContent).toBe('GPU box for the support team | qwen3:32b | 32768 | 2x RTX 3090, 128 GiB RAM');
  });

  it('deletes a plan', async () => {
    const api = testClient();
    await api.plans.save.mutate(draft);
    renderView(<PlansView onOpened={() => undefined} />, api);
    const list = await screen.findByTestId('plans-list', {}, { timeout: 5000 });
    await userEvent.click(within(list).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(/No saved plans yet/)).toBeTruthy();
  });

  it('uses the native dialogs in the desktop app', async () => {
    const saved: string[] = [];
    const api = testClient({
      allowedRoots: undefined,
      desktop: {
        chooseWeights: async () => null,
        saveFile: async ({ suggestedName }) => {
          saved.push(suggestedName);
          return `/home/me/${suggestedName}`;
        },
        openFile: async () => null,
      },
    });
    await api.plans.save.mutate(draft);
    renderView(<PlansView onOpened={() => undefined} />, api, {
      host: { version: '0.1.0', host: 'desktop', readsFiles: true, fileDialogs: true, hubLookUps: false },
    });
    const list = await screen.findByTestId('plans-list', {}, { timeout: 5000 });
    await userEvent.click(within(list).getByRole('button', { name: 'Export Markdown' }));
    expect(await screen.findByText('Saved /home/me/GPU-box-for-the-support-team.md')).toBeTruthy();
    expect(saved).toEqual(['GPU-box-for-the-support-team.md']);
  });

  it('unbounded storage: shows a page of plans and fetches the next with "Show more"', async () => {
    const api = testClient();
    for (const name of ['First', 'Second', 'Third']) await api.plans.save.mutate({ ...draft, name });
    renderView(<PlansView onOpened={() => undefined} pageSize={2} />, api);
    const list = await screen.findByTestId('plans-list', {}, { timeout: 5000 });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByText('Showing 2 of 3 plans.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show more plans' }));
    await vi.waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    expect(
      within(list)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Third', 'Second', 'First']);
    expect(screen.queryByRole('button', { name: 'Show more plans' })).toBeNull();
  });
});
