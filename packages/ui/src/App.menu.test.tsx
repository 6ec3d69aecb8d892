import { act, render, screen, waitFor, within } from '@testing-library/react';
import type { DesktopDialogs } from '@weightplan/api';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.js';
import { testClient, testDirectory } from './testing/test-client.js';
import { writeTinyLlamaGguf } from './testing/test-weights.js';

beforeEach(() => {
  window.location.hash = '';
});

/** What the desktop's main process does for a File menu item: navigate the page to a view with do=. */
function chooseFromMenu(hash: string) {
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

describe('the desktop File menu, as the page sees it', () => {
  it('Open Weight File… opens the Inspect view and its dialog, once per choice, and leaves no do= behind', async () => {
    const folder = testDirectory('wp-app-menu-');
    const { path } = await writeTinyLlamaGguf(folder);
    const chooseWeights = vi.fn(async () => path);
    const desktop: DesktopDialogs = { chooseWeights, saveFile: async () => null, openFile: async () => null };
    window.location.hash = '#/inspect?do=open-weights';
    render(<App api={testClient({ desktop })} />);
    const result = await screen.findByTestId('inspect-result', {}, { timeout: 10_000 });
    expect(within(result).getByRole('heading', { level: 3 }).textContent).toBe('TinyLlama 1.1B Chat v1.0');
    expect(chooseWeights).toHaveBeenCalledOnce();
    await waitFor(() => expect(window.location.hash).not.toContain('do='));
    expect(decodeURIComponent(window.location.hash)).toContain(`inspect=${path}`);

    // The same item again: the address changes again, and the dialog opens again.
    chooseFromMenu(`${window.location.hash}&do=open-weights`);
    await waitFor(() => expect(chooseWeights).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(window.location.hash).not.toContain('do='));
  });

  it('Open Plan… opens the Plans view and its file dialog', async () => {
    const openFile = vi.fn(async () => null);
    const desktop: DesktopDialogs = { chooseWeights: async () => null, saveFile: async () => null, openFile };
    render(<App api={testClient({ desktop })} />);
    await screen.findByTestId('answer', {}, { timeout: 10_000 });
    chooseFromMenu('#/plans?do=open-plan');
    expect(await screen.findByRole('heading', { level: 2, name: 'Plans' })).toBeTruthy();
    await waitFor(() => expect(openFile).toHaveBeenCalledOnce());
  });
});
