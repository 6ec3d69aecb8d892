import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../testing/render.js';
import { testClient } from '../testing/test-client.js';
import { ModelsView } from './ModelsView.js';

describe('ModelsView', () => {
  it('lists open models with exact sizes and filters them by family, size, architecture and license', async () => {
    renderView(<ModelsView onOpenScenario={() => undefined} />, testClient());
    const table = await screen.findByTestId('models-table', {}, { timeout: 5000 });
    expect(within(table).getByRole('row', { name: /Llama 3 8B Instruct/ }).textContent).toMatch(/8\.03B/);
    const total = within(table).getAllByRole('row').length;

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Architecture' }), 'moe');
    const moeRows = within(screen.getByTestId('models-table')).getAllByRole('row').slice(1);
    expect(moeRows.length).toBeLessThan(total - 1);
    for (const row of moeRows) expect(row.textContent).toMatch(/active, MoE/);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Architecture' }), 'any');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Size' }), 'Up to 4B');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Commercial use' }));
    const small = within(screen.getByTestId('models-table')).getAllByRole('row').slice(1);
    expect(small.length).toBeGreaterThan(3);
    for (const row of small) expect(row.textContent).not.toMatch(/non-commercial/);
  });

  it('says when no model matches', async () => {
    renderView(<ModelsView onOpenScenario={() => undefined} />, testClient());
    await screen.findByTestId('models-table', {}, { timeout: 5000 });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'zzz-nothing');
    expect(screen.getByText('No open model matches these filters.')).toBeTruthy();
  });

  it('shows closed API models with their dated prices', async () => {
    renderView(<ModelsView onOpenScenario={() => undefined} />, testClient());
    await screen.findByTestId('models-table', {}, { timeout: 5000 });
    await userEvent.click(screen.getByRole('radio', { name: /Closed APIs/ }));
    const table = screen.getByRole('table', { name: /closed API models/ });
    expect(within(table).getByRole('columnheader', { name: 'Price read on' })).toBeTruthy();
    expect(within(table).getAllByRole('row').length).toBeGreaterThan(10);
  });

  it('plans a model at Q4_K_M from its row', async () => {
    const onOpenScenario = vi.fn();
    renderView(<ModelsView onOpenScenario={onOpenScenario} />, testClient());
    await screen.findByTestId('models-table', {}, { timeout: 5000 });
    await userEvent.click(screen.getByRole('button', { name: 'Plan Llama 3 8B Instruct' }));
    expect(onOpenScenario).toHaveBeenCalledWith('meta-llama/Meta-Llama-3-8B-Instruct', 'Q4_K_M');
  });

  it('offers import only where the host can read files', async () => {
    renderView(<ModelsView onOpenScenario={() => undefined} />, testClient());
    expect(await screen.findByText(/start the server with --allow-dir/, {}, { timeout: 5000 })).toBeTruthy();
  });
});
