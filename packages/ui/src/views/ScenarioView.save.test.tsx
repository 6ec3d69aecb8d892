import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { testClient } from '../testing/test-client.js';
import { ScenarioView } from './ScenarioView.js';

describe('saving a plan someone else changed', () => {
  it('writes nothing over their revision, says so, and offers to save as a new plan', async () => {
    const api = testClient();
    renderView(<ScenarioView />, api);
    await screen.findByTestId('scenario-headline', {}, { timeout: 5000 });
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'Team chat');
    await userEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    await screen.findByText('Saved “Team chat” (revision 1).');

    // A colleague saves revision 2 of the same plan through the API meanwhile.
    const [mine] = (await api.plans.list.query()).plans;
    if (!mine) throw new Error('the plan was not saved');
    await api.plans.save.mutate({
      id: mine.id,
      revision: 1,
      name: mine.name,
      notes: 'their notes',
      model: mine.model,
      precision: mine.precision,
      hardware: mine.hardware,
      scenario: mine.scenario,
    });

    await userEvent.type(screen.getByRole('textbox', { name: 'Notes' }), 'my notes');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect((await screen.findByText(/Someone saved “Team chat” since you opened it/)).textContent).toMatch(/nothing was written/);
    expect((await api.plans.get.query({ id: mine.id })).notes).toBe('their notes');

    await userEvent.click(screen.getByRole('button', { name: 'Save as a new plan' }));
    await screen.findByText('Saved “Team chat” (revision 1).');
    const plans = (await api.plans.list.query()).plans;
    expect(plans).toHaveLength(2);
    expect(plans.map((p) => p.notes).sort()).toEqual(['my notes', 'their notes']);
  });
});
