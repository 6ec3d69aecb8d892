import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderView } from '../testing/render.js';
import { failingDetection, testClient } from '../testing/test-client.js';
import { RecommendationsView } from './RecommendationsView.js';

describe('RecommendationsView', () => {
  it('ranks what runs on a 24 GiB card, each answer with its reasons, and explains the rejections', async () => {
    renderView(<RecommendationsView onOpenScenario={() => undefined} />, testClient());
    const items = await screen.findAllByRole('listitem', {}, { timeout: 5000 });
    const first = items[0] as HTMLElement;
    expect(within(first).getByText('1')).toBeTruthy();
    expect(first.textContent).toMatch(/fits(, tightly)?: [\d.]+ GiB of 2\d\.\d GiB GPU memory/);
    expect(screen.getByText(/Why not something bigger\?/)).toBeTruthy();
    expect(screen.getByTestId('constraints').textContent).toMatch(
      /8,192 tokens of context, generates at least 10 tokens\/s and shows the first token of a 1,024-token prompt within 3 s/,
    );
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Use' }), 'coding');
    await waitFor(() => expect(screen.getByTestId('constraints').textContent).toMatch(/32,768 tokens of context/), { timeout: 10_000 });
  });

  it('shows nothing-fits guidance when the speed floor is out of reach', async () => {
    renderView(
      <RecommendationsView onOpenScenario={() => undefined} />,
      testClient({
        detectHardware: async () => (await import('@weightplan/hardware')).buildWhatIfProfile({ gpu: 'none', ramBytes: 8 * 1024 ** 3 }),
      }),
    );
    // SmolLM2-135M still makes 120 tokens/s on a CPU, but only with an 8k context.
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Context at least' }), '131072');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Generation at least' }), '100');
    await waitFor(() => expect(screen.getByText(/Nothing meets these constraints here/)).toBeTruthy(), { timeout: 10_000 });
  }, 15_000);

  it('reports a failure', async () => {
    renderView(<RecommendationsView onOpenScenario={() => undefined} />, testClient({ detectHardware: failingDetection }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toMatch(/nvidia-smi timed out/);
  });
});
