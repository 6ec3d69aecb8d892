import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../state/planner.js';
import { renderView } from '../testing/render.js';
import { failingDetection, testClient } from '../testing/test-client.js';
import { ScenarioView } from './ScenarioView.js';

describe('ScenarioView', () => {
  it('shows fit, memory, speed and the launch command for the default scenario', async () => {
    renderView(<ScenarioView />, testClient());
    const headline = await screen.findByTestId('scenario-headline', {}, { timeout: 5000 });
    expect(headline.textContent).toMatch(/Fits/);
    expect(headline.textContent).toMatch(/Llama 3 8B Instruct at Q4_K_M with llama\.cpp/);
    // 4.58 GiB of Q4_K_M weights + 1 GiB of f16 cache at 8k + buffers.
    expect(screen.getByTestId('total-memory').textContent).toMatch(/^6\.\d+ GiB$/);
    expect(screen.getByTestId('capacity-summary').textContent).toMatch(
      /^Up to \d+ sequences of 8,192 tokens fit the [\d.]+ GiB KV budget \(1\.00 GiB each\)\./,
    );
    expect(screen.getByTestId('launch-command').textContent).toBe(
      'llama-server -m Meta-Llama-3-8B-Instruct-Q4_K_M.gguf -c 8192 -ngl 999 -fa on --host 127.0.0.1 --port 8080',
    );
  });

  it('charts memory per device against that device’s own capacity, and every chart has a table', async () => {
    renderView(<ScenarioView />, testClient(), {
      initial: {
        hardware: { whatIf: { gpu: 'RTX 4090,RTX 3060', ramGb: 64 } },
        hardwareLabel: 'RTX 4090 + RTX 3060',
        scenario: { ...DEFAULT_SCENARIO, model: 'meta-llama/Llama-3.1-8B-Instruct', contextTokens: 65_536 },
      },
    });
    await screen.findByTestId('scenario-headline', {}, { timeout: 10_000 });
    const devices = screen.getAllByTestId('device-memory').map((d) => d.querySelector('figcaption')?.textContent);
    // Each card against its own size: 24 GiB and 12 GiB, not one shared axis.
    expect(devices.some((d) => /RTX 4090.* of 23\.\d+ GiB|RTX 4090.* of 24\.0 GiB/.test(d ?? ''))).toBe(true);
    expect(devices.some((d) => /RTX 3060.* of 12\.0 GiB|RTX 3060.* of 11\.\d+ GiB/.test(d ?? ''))).toBe(true);
    for (const testId of ['memory-table', 'speed-table', 'capacity-table']) {
      const table = within(screen.getByTestId(testId)).getByRole('table');
      expect(within(table).getAllByRole('row').length, testId).toBeGreaterThan(1);
    }
    const speedRows = within(screen.getByTestId('speed-table')).getAllByRole('row');
    expect(speedRows[0]?.textContent).toBe('Context (tokens)Generation (tokens/s)Likely range (tokens/s)Time to first tokenPlacement');
  }, 30_000);

  it('marks where a long context spills to the CPU, to the token, in words and in the table', async () => {
    renderView(<ScenarioView />, testClient(), {
      initial: {
        hardware: { whatIf: { gpu: 'RTX 3060', ramGb: 32 } },
        hardwareLabel: 'RTX 3060',
        scenario: { ...DEFAULT_SCENARIO, model: 'meta-llama/Llama-3.1-8B-Instruct' },
      },
    });
    const note = await screen.findByTestId('spill-note', {}, { timeout: 10_000 });
    expect(note.textContent).toMatch(/^From [\d,]+ tokens of context the model spills to the CPU and generation slows sharply\.$/);
    const rows = within(screen.getByTestId('speed-table')).getAllByRole('row').slice(1);
    expect(rows.at(-1)?.textContent).toMatch(/spills to CPU$/);
    expect(rows[0]?.textContent).toMatch(/on the GPU$/);
  }, 30_000);

  it('recomputes when a control changes: a q8_0 cache halves the KV memory', async () => {
    renderView(<ScenarioView />, testClient());
    await screen.findByTestId('scenario-headline', {}, { timeout: 5000 });
    const kvBefore = screen.getByText('KV cache', { selector: 'dt' }).nextElementSibling?.textContent;
    expect(kvBefore).toBe('1.00 GiB');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'KV cache' }), 'q8_0');
    // q8_0 keeps 34 bytes per 32 values (8.5 bits) against f16's 16: 1 GiB x 8.5 / 16 = 544 MiB.
    await waitFor(() => expect(screen.getByText('KV cache', { selector: 'dt' }).nextElementSibling?.textContent).toBe('544 MiB'));
    expect(screen.getByTestId('launch-command').textContent).toContain('-ctk q8_0 -ctv q8_0');
  });

  it('answers later when the prompt follows a long conversation already in the cache', async () => {
    renderView(<ScenarioView />, testClient());
    await screen.findByTestId('scenario-headline', {}, { timeout: 5000 });
    const firstToken = () => screen.getByText('Time to first token', { selector: 'dt' }).nextElementSibling?.textContent ?? '';
    const seconds = (text: string) => {
      const [, value = 'NaN', unit] = /([\d.]+)\s*(ms|s)/.exec(text) ?? [];
      return Number(value) / (unit === 'ms' ? 1000 : 1);
    };
    const empty = seconds(firstToken());
    const cached = screen.getByRole('spinbutton', { name: /Cached tokens before it/ });
    await userEvent.clear(cached);
    await userEvent.type(cached, '6000');
    await waitFor(() => expect(firstToken()).toMatch(/after 6,000 cached tokens$/), { timeout: 5000 });
    expect(seconds(firstToken())).toBeGreaterThan(empty);
  });

  it('rejects a prompt length out of range at the field, without recomputing', async () => {
    renderView(<ScenarioView />, testClient());
    await screen.findByTestId('scenario-headline', {}, { timeout: 5000 });
    const prompt = screen.getByRole('spinbutton', { name: /Prompt tokens/ });
    await userEvent.clear(prompt);
    await userEvent.type(prompt, '-5');
    expect(prompt.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('a whole number from 1 to 1048576')).toBeTruthy();
  });

  it('saves the scenario as a plan', async () => {
    const api = testClient();
    renderView(<ScenarioView />, api);
    await screen.findByTestId('scenario-headline', {}, { timeout: 5000 });
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'Laptop chat');
    await userEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    await screen.findByText('Saved “Laptop chat” (revision 1).');
    const { plans } = await api.plans.list.query();
    expect(plans.map((p) => [p.name, p.model, p.precision, p.scenario.contextTokens])).toEqual([
      ['Laptop chat', 'meta-llama/Meta-Llama-3-8B-Instruct', 'Q4_K_M', 8192],
    ]);
  });

  it('shows the error when the scenario cannot be computed', async () => {
    renderView(<ScenarioView />, testClient({ detectHardware: failingDetection }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toMatch(/nvidia-smi timed out/);
  });
});
