import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { failingDetection, testClient } from '../testing/test-client.js';
import { CompareView } from './CompareView.js';

const tableRows = () => within(screen.getByTestId('compare-table')).getAllByRole('row').slice(1);

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
    // At most three break-even sentences, each a sentence.
    const sentences = within(screen.getByTestId('break-even')).getAllByRole('listitem');
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.length).toBeLessThanOrEqual(3);
    for (const sentence of sentences) expect(sentence.textContent).toMatch(/tokens\/month.*\.$/);
    // The cost chart's numbers as a table too.
    expect(within(screen.getByTestId('cost-table')).getAllByRole('row').length).toBeGreaterThan(5);
  }, 30_000);

  it('takes any volume with a K/M/B suffix, and says “N machines like yours” when one is not enough', async () => {
    renderView(<CompareView />, testClient());
    await screen.findByTestId('compare-table', {}, { timeout: 20_000 });
    const volume = screen.getByRole('textbox', { name: /Tokens per month/ });
    await userEvent.clear(volume);
    await userEvent.type(volume, '20B');
    const callout = await screen.findByTestId('machines-callout', {}, { timeout: 20_000 });
    expect(callout.textContent).toMatch(
      /One machine is not enough: .+ at 20B tokens a month needs \d+ machines like yours \(.*RTX 4090.*\)\./,
    );
    expect(callout.textContent).toMatch(/One costs \$[\d,]+ to buy and \$[\d,]+ a month to run\./);
    const owned = tableRows().find((row) => /Your hardware/.test(row.textContent ?? ''));
    expect(owned?.textContent).toMatch(/\d+ machines like yours/);
    expect(owned?.textContent).toMatch(/\/month each, \$[\d,]+ each to buy/);
  }, 60_000);

  it('shows an error next to a bad field and compares nothing until it is fixed, never a silent default', async () => {
    renderView(<CompareView />, testClient());
    await screen.findByTestId('compare-table', {}, { timeout: 20_000 });
    const electricity = screen.getByRole('textbox', { name: /Electricity/ });
    await userEvent.clear(electricity);
    await userEvent.type(electricity, 'abc');
    expect(electricity.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('“abc” is not a number: enter a price from 0 to 5 USD per kWh.')).toBeTruthy();
    expect(screen.queryByTestId('compare-table')).toBeNull();
    expect(screen.getByTestId('compare-blocked').textContent).toBe('Nothing compared: fix the field marked above.');

    const volume = screen.getByRole('textbox', { name: /Tokens per month/ });
    await userEvent.clear(volume);
    await userEvent.type(volume, '-5');
    expect(screen.getByText('“-5” is not a positive number of tokens, e.g. 300M, 1.5B or 250K.')).toBeTruthy();

    await userEvent.clear(volume);
    await userEvent.type(volume, '300M');
    await userEvent.clear(electricity);
    await userEvent.type(electricity, '0.30');
    await screen.findByTestId('compare-table', {}, { timeout: 20_000 });
    await waitFor(() => expect(screen.getByText(/\$0\.3\/kWh/)).toBeTruthy(), { timeout: 20_000 });
  }, 60_000);

  it('the on-premises switch removes rentals and closed APIs', async () => {
    renderView(<CompareView />, testClient());
    await screen.findByTestId('compare-table', {}, { timeout: 20_000 });
    await userEvent.click(screen.getByRole('switch', { name: /Data must stay on premises/ }));
    expect(screen.getByRole('checkbox', { name: /Include rented GPUs/ })).toHaveProperty('disabled', true);
    await waitFor(() => expect(tableRows().every((row) => /Your hardware/.test(row.textContent ?? ''))).toBe(true), {
      timeout: 20_000,
    });
  }, 40_000);

  it('shows each row’s assumptions on demand: RAM, batching, utilisation', async () => {
    renderView(<CompareView />, testClient());
    await screen.findByTestId('compare-table', {}, { timeout: 20_000 });
    expect(screen.queryByTestId('row-assumptions')).toBeNull();
    const toggle = screen.getAllByRole('button', { name: /^Assumptions for .+, Your hardware$/ })[0];
    if (!toggle) throw new Error('no owned row');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = screen.getByTestId('row-assumptions').textContent ?? '';
    expect(details).toMatch(/RAM per machine64 GiB/);
    expect(details).toMatch(/Batching\d+ requests at once per machine/);
    expect(details).toMatch(/Utilisationbusy \d+% of the month \(planned at most 60%\)/);
    await userEvent.click(toggle);
    expect(screen.queryByTestId('row-assumptions')).toBeNull();
  }, 40_000);

  it('reports a failure', async () => {
    renderView(<CompareView />, testClient({ detectHardware: failingDetection }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toMatch(/nvidia-smi timed out/);
  });
});
