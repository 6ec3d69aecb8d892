import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { failingDetection, testClient } from '../testing/test-client.js';
import { FinetuneView } from './FinetuneView.js';

describe('FinetuneView', () => {
  it('says which method fits the machine, with memory per GPU for each', async () => {
    renderView(<FinetuneView />, testClient());
    expect((await screen.findByTestId('finetune-verdict', {}, { timeout: 10_000 })).textContent).toMatch(/^LoRA\. LoRA fits(, tightly)?: /);
    const rows = within(screen.getByTestId('finetune-table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('td')?.textContent)).toEqual(['no', 'yes', 'yes']);
  });

  it('reports a failure', async () => {
    renderView(<FinetuneView />, testClient({ detectHardware: failingDetection }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toMatch(/nvidia-smi timed out/);
  });
});
