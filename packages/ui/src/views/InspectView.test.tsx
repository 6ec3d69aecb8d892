import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DesktopDialogs } from '@weightplan/api';
import { describe, expect, it, vi } from 'vitest';
import type { HostInfo } from '../state/host.js';
import { renderView } from '../testing/render.js';
import { testClient } from '../testing/test-client.js';
import { writeTinyLlamaGguf } from '../testing/test-weights.js';
import { InspectView } from './InspectView.js';

const WEB_READING_FILES: HostInfo = { version: '0.1.0', host: 'server', readsFiles: true, fileDialogs: false, hubLookUps: false };
const DESKTOP: HostInfo = { version: '0.1.0', host: 'desktop', readsFiles: true, fileDialogs: true, hubLookUps: false };

describe('InspectView', () => {
  it('reads a file under --allow-dir: architecture, exact parameters and bytes, the quant mix per tensor type', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wp-inspect-view-'));
    const { path, weightsBytes } = await writeTinyLlamaGguf(folder);
    const onOpenScenario = vi.fn();
    renderView(<InspectView onOpenScenario={onOpenScenario} />, testClient({ allowedRoots: [folder] }), { host: WEB_READING_FILES });

    await userEvent.type(screen.getByRole('textbox', { name: 'Path on the server' }), path);
    await userEvent.click(screen.getByRole('button', { name: 'Inspect' }));
    const result = await screen.findByTestId('inspect-result', {}, { timeout: 5000 });
    expect(within(result).getByTestId('inspect-parameters').textContent).toContain('1,100,048,384');
    expect(within(result).getByTestId('inspect-bytes').textContent).toContain(`${weightsBytes.toLocaleString('en-US')} bytes`);
    expect(within(result).getByTestId('inspect-architecture').textContent).toMatch(
      /^Architecturellama.*Layers22.*32 heads, 4 KV heads × 64/,
    );
    const mix = within(result).getByRole('table', { name: /Quantisation mix/ });
    const types = within(mix)
      .getAllByRole('rowheader')
      .map((cell) => cell.textContent);
    expect(types).toEqual(expect.arrayContaining(['Q4_K', 'Q6_K', 'F32']));
    // The rows' bytes add up to the file's weights exactly.
    const rowBytes = within(mix)
      .getAllByRole('row')
      .slice(1)
      .map((row) => Number(row.querySelectorAll('td')[2]?.textContent?.split(' ')[0]?.replace(/,/g, '')));
    expect(rowBytes.reduce((a, b) => a + b, 0)).toBe(weightsBytes);

    await userEvent.click(within(result).getByRole('button', { name: 'Plan with this' }));
    expect(onOpenScenario).toHaveBeenCalledWith(expect.objectContaining({ model: path, precision: 'as-stored' }));
  });

  it('says what was wrong with a path outside the allowed folders, in one line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wp-inspect-view-'));
    renderView(<InspectView onOpenScenario={() => undefined} />, testClient({ allowedRoots: [folder] }), { host: WEB_READING_FILES });
    await userEvent.type(screen.getByRole('textbox', { name: 'Path on the server' }), '/etc/passwd');
    await userEvent.click(screen.getByRole('button', { name: 'Inspect' }));
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert.textContent).toMatch(/allow|outside|not under/i);
    expect(screen.queryByTestId('inspect-result')).toBeNull();
  });

  it('in the desktop app, opens the native dialog (from the File menu too) and reads what the user picked', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wp-inspect-view-'));
    const { path } = await writeTinyLlamaGguf(folder);
    const chooseWeights = vi.fn(async () => path);
    const desktop: DesktopDialogs = { chooseWeights, saveFile: async () => null, openFile: async () => null };
    renderView(<InspectView onOpenScenario={() => undefined} openDialogOnMount />, testClient({ desktop, allowedRoots: [] }), {
      host: DESKTOP,
    });
    const result = await screen.findByTestId('inspect-result', {}, { timeout: 5000 });
    expect(chooseWeights).toHaveBeenCalledOnce();
    expect(within(result).getByRole('heading', { level: 3 }).textContent).toBe('TinyLlama 1.1B Chat v1.0');
    expect(screen.getByRole('button', { name: 'Open weight file…' })).toBeTruthy();
  });

  it('offers neither a path field nor a dialog where the host reads no files: files on this computer are picked in the page', () => {
    renderView(<InspectView onOpenScenario={() => undefined} />, testClient());
    expect(screen.queryByRole('textbox', { name: 'Path on the server' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open weight file…' })).toBeNull();
    expect(screen.getByLabelText('Weight files on this computer').getAttribute('type')).toBe('file');
    expect(screen.getByText(/Only the headers are read, in this browser/)).toBeTruthy();
  });
});
