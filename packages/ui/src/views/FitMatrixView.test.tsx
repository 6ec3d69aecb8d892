import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../testing/render.js';
import { failingDetection, hangingDetection, testClient } from '../testing/test-client.js';
import { FitMatrixView } from './FitMatrixView.js';

describe('FitMatrixView', () => {
  it('shows a loading state while the machine is detected', () => {
    renderView(<FitMatrixView onOpenScenario={() => undefined} />, testClient({ detectHardware: hangingDetection }));
    expect(screen.getByRole('status').textContent).toMatch(/Loading the fit matrix/);
  });

  it('shows what went wrong, with a retry, when detection fails', async () => {
    renderView(<FitMatrixView onOpenScenario={() => undefined} />, testClient({ detectHardware: failingDetection }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/nvidia-smi timed out/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('colours each model x precision by fit on a 24 GiB card, and opens the scenario of a cell', async () => {
    const onOpenScenario = vi.fn();
    renderView(<FitMatrixView onOpenScenario={onOpenScenario} />, testClient());
    const table = await screen.findByTestId('fit-matrix');
    const llama8b = within(table).getByRole('row', { name: /^Llama 3 8B Instruct/ });
    const q4 = within(llama8b).getByRole('button', { name: /Llama 3 8B Instruct at Q4_K_M: Fits/ });
    expect(q4.closest('td')?.className).toBe('fit-fits');
    const llama70b = within(table).getByRole('row', { name: /^Llama 3 70B Instruct/ });
    expect(
      within(llama70b)
        .getByRole('button', { name: /at BF16: Does not fit/ })
        .closest('td')?.className,
    ).toBe('fit-no-fit');
    await userEvent.click(q4);
    expect(onOpenScenario).toHaveBeenCalledWith('meta-llama/Meta-Llama-3-8B-Instruct', 'Q4_K_M');
  });

  it('filters rows by search, and says so when nothing is left', async () => {
    renderView(<FitMatrixView onOpenScenario={() => undefined} />, testClient());
    await screen.findByTestId('fit-matrix');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'gemma 3');
    const rows = within(screen.getByTestId('fit-matrix')).getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.textContent).toMatch(/Gemma 3/);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), ' no-such-model');
    expect(screen.getByText(/No model matches/)).toBeTruthy();
  });
});
