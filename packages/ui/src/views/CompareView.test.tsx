import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { failingDetection, testClient } from '../testing/test-client.js';
import { CompareView } from './CompareView.js';

describe('CompareView', () => {
  it('lists owned, rented and API options cheapest first, with quality or “unknown” and price dates', async () => {
    renderView(<CompareView />, testClient());
    const table = await screen.findByTestId('compare-table', {}, { timeout: 20_000 });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.some((row) => /Your hardware/.test(row.textContent ?? ''))).toBe(true);
    expect(rows.some((row) => /Rented GPUs/.test(row.textContent ?? ''))).toBe(true);
    expect(rows.some((row) => /Closed API/.test(row.textContent ?? ''))).toBe(true);
    expect(within(table).getAllByText('unknown').length).toBeGreaterThan(0);
    expect(screen.getByRole('figure', { name: 'Monthly cost against monthly volume' })).toBeTruthy();
    expect(screen.getByTestId('break-even').textContent).toMatch(/tokens\/month/);
  }, 30_000);

  it('keeps data on premises when asked', async () => {
    renderView(<CompareView />, testClient());
    await screen.findByTestId('compare-table', {}, { timeout: 20_000 });
    await userEvent.click(screen.getByRole('checkbox', { name: /Data must stay on premises/ }));
    await waitFor(
      () => {
        const rows = within(screen.getByTestId('compare-table')).getAllByRole('row').slice(1);
        expect(rows.every((row) => /Your hardware/.test(row.textContent ?? ''))).toBe(true);
      },
      { timeout: 20_000 },
    );
  }, 40_000);

  it('reports a failure', async () => {
    renderView(<CompareView />, testClient({ detectHardware: failingDetection }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toMatch(/nvidia-smi timed out/);
  });
});
