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
    // The whole scenario the cell showed: its context and the runtime its column assumed.
    expect(onOpenScenario).toHaveBeenCalledWith(
      expect.objectContaining({
        model: 'meta-llama/Meta-Llama-3-8B-Instruct',
        precision: 'Q4_K_M',
        contextTokens: 8192,
        runtime: 'llama.cpp',
      }),
    );
  });

  it('says its unit and each column\'s runtime, and calls a fit below the speed floor "too slow", not green', async () => {
    renderView(<FitMatrixView onOpenScenario={() => undefined} minDecodeTokensPerSecond={10} />, testClient());
    const table = await screen.findByTestId('fit-matrix');
    expect(table.querySelector('caption')?.textContent).toMatch(/tokens\/s/);
    const header = within(table).getByRole('columnheader', { name: /^FP8/ });
    expect(header.textContent).toBe('FP8vllm');
    const llama70b = within(table).getByRole('row', { name: /^Llama 3 70B Instruct/ });
    const slow = within(llama70b).getByRole('button', { name: /at Q4_K_M: Too slow/ });
    expect(slow.closest('td')?.className).toBe('fit-slow');
    expect(slow.getAttribute('aria-label')).toMatch(/tokens\/s \(below 10\)/);
  });

  it('is one tab stop; arrow keys, Home and End move the focus between cells', async () => {
    renderView(<FitMatrixView onOpenScenario={() => undefined} />, testClient());
    const table = await screen.findByTestId('fit-matrix');
    const tabStops = [...table.querySelectorAll('button')].filter((b) => b.tabIndex === 0);
    expect(tabStops).toHaveLength(1);
    (tabStops[0] as HTMLElement).focus();
    await userEvent.keyboard('{ArrowRight}{ArrowDown}');
    expect(document.activeElement?.getAttribute('data-cell')).toBe('1:1');
    expect([...table.querySelectorAll('button')].filter((b) => b.tabIndex === 0)).toEqual([document.activeElement]);
    await userEvent.keyboard('{End}');
    const columns = table.querySelectorAll('thead th').length - 1;
    expect(document.activeElement?.getAttribute('data-cell')).toBe(`1:${columns - 1}`);
    await userEvent.keyboard('{Home}{ArrowUp}{ArrowUp}');
    expect(document.activeElement?.getAttribute('data-cell')).toBe('0:0');
  });

  it('sorts best model first by quality, or fastest usable first by speed', async () => {
    renderView(<FitMatrixView onOpenScenario={() => undefined} />, testClient());
    const table = await screen.findByTestId('fit-matrix');
    const names = () =>
      within(table)
        .getAllByRole('rowheader')
        .map((th) => th.querySelector('.model-name')?.textContent ?? '');
    const byQuality = names();
    expect(byQuality).not.toEqual([...byQuality].sort());
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'speed');
    const speeds = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        Math.max(
          0,
          ...[...row.querySelectorAll('td.fit-fits button, td.fit-tight button, td.fit-offload button')].map((b) =>
            Number.parseFloat(b.textContent?.replace('★', '') ?? '0'),
          ),
        ),
      );
    expect(speeds).toEqual([...speeds].sort((a, b) => b - a));
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
