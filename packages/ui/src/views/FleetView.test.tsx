import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { testClient } from '../testing/test-client.js';
import { FleetView, workloadsOf } from './FleetView.js';

const row = (change: Partial<Parameters<typeof workloadsOf>[0][number]> = {}) => ({
  key: 1,
  name: 'support chat',
  model: '',
  useCase: 'chat' as const,
  users: '4',
  contextTokens: '',
  ...change,
});

describe('workloadsOf', () => {
  it('turns typed rows into workloads, leaving out what the use case decides', () => {
    expect(workloadsOf([row(), row({ name: 'agent', useCase: 'coding', model: 'qwen3:8b', users: '1', contextTokens: '32768' })])).toEqual({
      workloads: [
        { name: 'support chat', useCase: 'chat', users: 4 },
        { name: 'agent', useCase: 'coding', users: 1, model: 'qwen3:8b', contextTokens: 32768 },
      ],
    });
  });

  it('names the row and the field that is wrong, and what is accepted', () => {
    expect(workloadsOf([row({ users: 'abc' })])).toEqual({
      error: 'support chat: users must be a whole number from 1 to 4,096 (got "abc")',
    });
    expect(workloadsOf([row({ users: '0' })])).toMatchObject({ error: expect.stringMatching(/from 1 to 4,096/) });
    expect(workloadsOf([row({ contextTokens: '-5' })])).toMatchObject({
      error: expect.stringMatching(/256 to 10,000,000 tokens \(got "-5"\)/),
    });
    expect(workloadsOf([row({ name: ' ' })])).toEqual({ error: 'workload 1 needs a name' });
    expect(workloadsOf([])).toEqual({ error: 'add at least one workload' });
  });
});

describe('FleetView', () => {
  it('creates a fleet, adds the machine being planned, and places a workload on it', { timeout: 60_000 }, async () => {
    const api = testClient();
    renderView(<FleetView />, api);
    expect(await screen.findByText(/No fleets yet/, {}, { timeout: 5000 })).toBeTruthy();
    await userEvent.type(screen.getByRole('textbox', { name: 'New fleet' }), 'lab');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await screen.findByRole('heading', { name: 'Machines in “lab”' }, { timeout: 5000 });
    // Nothing to plan on without machines.
    expect(screen.getByRole('button', { name: 'Plan the fleet' }).hasAttribute('disabled')).toBe(true);

    await userEvent.type(screen.getByRole('textbox', { name: /^Add .* as$/ }), 'workstation');
    await userEvent.click(screen.getByRole('button', { name: 'Add machine' }));
    const machines = await screen.findByTestId('fleet-machines', {}, { timeout: 5000 });
    expect(within(machines).getByRole('row', { name: /workstation/ }).textContent).toMatch(/as detected/);
    expect((await api.fleets.get.query({ name: 'lab' })).machines.map((m) => m.name)).toEqual(['workstation']);

    // A bad number is refused next to the button, before anything is asked.
    const name = screen.getByRole('textbox', { name: 'Workload 1 name' });
    await userEvent.clear(name);
    await userEvent.type(name, 'support chat');
    const users = screen.getByRole('textbox', { name: 'Workload 1 users' });
    await userEvent.clear(users);
    await userEvent.type(users, 'abc');
    await userEvent.click(screen.getByRole('button', { name: 'Plan the fleet' }));
    expect(screen.getByText('support chat: users must be a whole number from 1 to 4,096 (got "abc")')).toBeTruthy();

    await userEvent.clear(users);
    await userEvent.type(users, '2');
    await userEvent.type(screen.getByRole('textbox', { name: 'Workload 1 model' }), 'meta-llama/Meta-Llama-3-8B-Instruct');
    await userEvent.click(screen.getByRole('button', { name: 'Plan the fleet' }));
    const plan = await screen.findByTestId('fleet-plan', {}, { timeout: 30_000 });
    const placed = within(plan).getByRole('row', { name: /^support chat/ });
    expect(placed.textContent).toMatch(/Llama 3 8B Instruct/);
    expect(within(plan).getByRole('heading', { level: 4, name: /^workstation: .* used/ })).toBeTruthy();

    await userEvent.click(within(machines).getByRole('button', { name: 'Remove workstation' }));
    expect(await screen.findByText('Removed “workstation”.')).toBeTruthy();
  });
});
