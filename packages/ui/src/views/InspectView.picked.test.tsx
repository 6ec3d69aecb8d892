import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { HostInfo } from '../state/host.js';
import { renderView } from '../testing/render.js';
import { testClient } from '../testing/test-client.js';
import { writeMiniLlamaGguf } from '../testing/test-weights.js';
import { InspectView } from './InspectView.js';

/*
 * Inspect on a server started without --allow-dir: a file on the user's own computer is picked (or dropped),
 * its headers are read in the page and the router describes them. The figures must be inspect's for the path.
 */

const DESKTOP: HostInfo = { version: '0.1.0', host: 'desktop', readsFiles: true, fileDialogs: true, hubLookUps: false };
const WEB_NO_FILES: HostInfo = { version: '0.1.0', host: 'server', readsFiles: false, fileDialogs: false, hubLookUps: false };

async function miniLlama(): Promise<{ file: File; byPath: { parameterCount: number; weightsBytes: number | null } }> {
  const folder = mkdtempSync(join(tmpdir(), 'wp-inspect-picked-'));
  const path = await writeMiniLlamaGguf(folder);
  const byPath = await testClient({ allowedRoots: [folder] }).inspect.mutate({ path });
  return { file: new File([readFileSync(path)], basename(path)), byPath };
}

const exact = (n: number) => n.toLocaleString('en-US');

describe('InspectView with files picked in the browser', () => {
  it('reads a picked GGUF and shows the figures inspecting its path gives; Import and plan plans these exact weights', async () => {
    const { file, byPath } = await miniLlama();
    const onOpenScenario = vi.fn();
    renderView(<InspectView onOpenScenario={onOpenScenario} />, testClient(), { host: WEB_NO_FILES });

    await userEvent.upload(screen.getByLabelText('Weight files on this computer'), file);
    const result = await screen.findByTestId('inspect-result', {}, { timeout: 5000 });
    expect(within(result).getByRole('heading', { level: 3 }).textContent).toBe('Mini Llama');
    expect(within(result).getByTestId('inspect-parameters').textContent).toContain(`(${exact(byPath.parameterCount)})`);
    expect(within(result).getByTestId('inspect-bytes').textContent).toContain(`${exact(byPath.weightsBytes ?? 0)} bytes`);
    expect(result.textContent).toContain('Read from the GGUF mini-llama.Q8_0.gguf on this computer; nothing but headers was read.');
    const types = within(within(result).getByRole('table', { name: /Quantisation mix/ }))
      .getAllByRole('rowheader')
      .map((cell) => cell.textContent);
    expect(types).toEqual(['Q8_0', 'F32']);
    // The planner cannot open the user's file: it offers to import what the headers describe instead.
    expect(within(result).queryByRole('button', { name: 'Plan with this' })).toBeNull();
    expect(within(result).getByTestId('inspect-plan-note').textContent).toMatch(/cannot open a file read in the page.*model catalog/);
    await userEvent.click(within(result).getByRole('button', { name: 'Import and plan' }));
    await vi.waitFor(() => expect(onOpenScenario).toHaveBeenCalledOnce(), { timeout: 5000 });
    const [scenario] = onOpenScenario.mock.calls[0] as [{ model: string; precision: string }];
    expect(scenario.precision).toBe('as-stored');
    expect(scenario.model).toMatch(/mini/i);
  });

  it('reads a picked file the same way in the desktop window, and offers the same import', async () => {
    const { file, byPath } = await miniLlama();
    const desktop = { chooseWeights: vi.fn(async () => null), saveFile: async () => null, openFile: async () => null };
    renderView(<InspectView onOpenScenario={() => undefined} />, testClient({ desktop, allowedRoots: [] }), { host: DESKTOP });
    await userEvent.upload(screen.getByLabelText('Or read files in this window'), file);
    const result = await screen.findByTestId('inspect-result', {}, { timeout: 5000 });
    expect(within(result).getByTestId('inspect-parameters').textContent).toContain(exact(byPath.parameterCount));
    expect(within(result).getByRole('button', { name: 'Import and plan' })).toBeTruthy();
    expect(desktop.chooseWeights).not.toHaveBeenCalled();
  });

  it('reads files dropped onto the view', async () => {
    const { file, byPath } = await miniLlama();
    renderView(<InspectView onOpenScenario={() => undefined} />, testClient(), { host: WEB_NO_FILES });
    const view = screen.getByRole('region', { name: 'Inspect' });
    const dataTransfer = { types: ['Files'], files: [file] };
    fireEvent.dragOver(view, { dataTransfer });
    expect(view.className).toContain('dragging');
    fireEvent.drop(view, { dataTransfer });
    const result = await screen.findByTestId('inspect-result', {}, { timeout: 5000 });
    expect(view.className).not.toContain('dragging');
    expect(within(result).getByTestId('inspect-parameters').textContent).toContain(exact(byPath.parameterCount));
  });

  it('says in one line why a picked file is not weights, and shows no result', async () => {
    renderView(<InspectView onOpenScenario={() => undefined} />, testClient(), { host: WEB_NO_FILES });
    const input = screen.getByLabelText('Weight files on this computer');
    await userEvent.upload(input, new File(['{"hello": "world"}, but not weights'], 'model.gguf'));
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert.textContent).toBe('model.gguf: not a GGUF file (magic "{\\"he", expected "GGUF")');
    expect(screen.queryByTestId('inspect-result')).toBeNull();

    // A safetensors file whose header claims 2^40 bytes: refused from its first 8 bytes.
    const absurd = new Uint8Array(64);
    new DataView(absurd.buffer).setBigUint64(0, 2n ** 40n, true);
    await userEvent.upload(input, [new File([absurd], 'model.safetensors'), new File(['{}'], 'config.json')]);
    await screen.findByText(/header length 1099511627776 bytes exceeds the 67108864-byte limit/, {}, { timeout: 5000 });
  });
});
