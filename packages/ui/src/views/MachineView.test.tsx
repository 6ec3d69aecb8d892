import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { usePlanner } from '../state/planner.js';
import { renderView } from '../testing/render.js';
import { failingDetection, hangingDetection, testClient } from '../testing/test-client.js';
import { MachineView } from './MachineView.js';

function PlanningFor() {
  return <output data-testid="planning-for">{usePlanner().state.hardwareLabel}</output>;
}

describe('MachineView', () => {
  it('shows each detected GPU with its memory, bandwidth and where each figure came from', async () => {
    renderView(<MachineView />, testClient());
    const profile = await screen.findByTestId('machine-profile', {}, { timeout: 5000 });
    const gpu = within(profile).getByRole('row', { name: /NVIDIA GeForce RTX 4090/ });
    expect(gpu.textContent).toMatch(/24\.0 GiB/);
    expect(gpu.textContent).toMatch(/1\.01 TB\/s/);
    expect(within(gpu).getAllByText('spec-db').length).toBeGreaterThan(0);
  });

  it('has loading and error states for detection', async () => {
    renderView(<MachineView />, testClient({ detectHardware: hangingDetection }));
    expect(screen.getByText(/Loading hardware/)).toBeTruthy();
  });

  it('reports a failed detection', async () => {
    renderView(<MachineView />, testClient({ detectHardware: failingDetection }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toMatch(/nvidia-smi timed out/);
  });

  it('plans for a what-if machine, and explains an unknown GPU name', async () => {
    renderView(
      <>
        <MachineView />
        <PlanningFor />
      </>,
      testClient(),
    );
    const gpu = screen.getByRole('combobox', { name: 'GPU 1' });
    await userEvent.clear(gpu);
    await userEvent.type(gpu, 'RTX 9999 Ultra');
    await userEvent.click(screen.getByRole('button', { name: 'Plan for this hardware' }));
    expect((await screen.findByText(/unknown GPU "RTX 9999 Ultra"/)).textContent).toMatch(/closest known/);

    await userEvent.clear(gpu);
    await userEvent.type(gpu, 'RTX 3090');
    await userEvent.click(screen.getByRole('button', { name: 'Add another GPU' }));
    await userEvent.type(screen.getByRole('combobox', { name: 'GPU 2' }), 'RTX 3060');
    await userEvent.click(screen.getByRole('button', { name: 'Plan for this hardware' }));
    expect((await screen.findByText(/^Planning for /)).textContent).toMatch(/RTX 3090.*RTX 3060/);
    expect(screen.getByTestId('planning-for').textContent).toBe('NVIDIA GeForce RTX 3090 + NVIDIA GeForce RTX 3060 12GB, 64 GiB RAM');
  });

  it('saves the machine under a name and lists it', async () => {
    renderView(<MachineView />, testClient());
    await userEvent.type(screen.getByRole('textbox', { name: /Save .* as/ }), 'Home box');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const list = await screen.findByRole('list', {}, { timeout: 5000 });
    expect(within(list).getByText('Home box')).toBeTruthy();
  });

  it('measures this machine through the router and shows measured against predicted', async () => {
    const rates = (decode: number, prefill: number) => ({
      decodeTokensPerSecond: { median: decode, min: decode, max: decode, stddev: 0, samples: [decode] },
      prefillTokensPerSecond: { median: prefill, min: prefill, max: prefill, stddev: 0, samples: [prefill] },
      repetitions: 1,
      warmupRuns: 1,
      loadSeconds: 1,
      contextTokens: 161,
      runtimeVersion: 'node-llama-cpp 3.22.1 (cpu)',
      backend: 'cpu' as const,
    });
    const refuse = async (): Promise<never> => {
      throw new Error('not used by this view');
    };
    const bench = {
      install: refuse,
      measureFile: refuse,
      measureEndpoint: refuse,
      measureSynthetic: async () => ({ ...rates(25, 120), fileBytes: 1, tensorBytes: 1 }),
    };
    renderView(<MachineView />, testClient({ bench }));
    await userEvent.click(screen.getByRole('button', { name: 'Measure this machine' }));
    const table = await screen.findByTestId('bench-result', {}, { timeout: 5000 });
    const measured = (row: RegExp) => within(within(table).getByRole('row', { name: row })).getAllByRole('cell')[0]?.textContent;
    expect(measured(/generation/)).toBe('25.0');
    expect(measured(/prompt processing/)).toBe('120');
    // The first measurement had nothing before it to calibrate with; the second shows what calibration said.
    expect(within(table).queryByRole('columnheader', { name: /calibrated by/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Measure this machine' }));
    const header = await screen.findByRole('columnheader', { name: /calibrated by 1 before this run/ }, { timeout: 5000 });
    expect(header).toBeTruthy();
    // A re-run of the same model and precision replaces the earlier record rather than adding one.
    expect(screen.getByTestId('bench-calibration').textContent).toMatch(/^Saved\. 1 measurement on this machine/);
  });

  it('says so where the host does not run benchmarks (the web mode)', async () => {
    renderView(<MachineView />, testClient());
    await userEvent.click(screen.getByRole('button', { name: 'Measure this machine' }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toMatch(/does not run benchmarks/);
  });
});
