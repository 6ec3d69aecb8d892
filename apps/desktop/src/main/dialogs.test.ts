import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@weightplan/user-data';
import type { Dialog } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopDialogs, MAX_OPEN_FILE_BYTES } from './dialogs.js';
import { GrantedPaths } from './granted-paths.js';
import { FakeBrowserWindow } from './test-doubles.js';

vi.mock('@weightplan/user-data', async (importOriginal) => {
  const original = await importOriginal<typeof import('@weightplan/user-data')>();
  return { ...original, writeFileAtomic: vi.fn(original.writeFileAtomic) };
});

type OpenAnswer = { canceled: boolean; filePaths: string[] };
type SaveAnswer = { canceled: boolean; filePath: string };

/** A dialog module answering as the user would have; it records what it was asked. */
function fakeDialog(answers: { open?: OpenAnswer; save?: SaveAnswer }) {
  const showOpenDialog = vi.fn(async (..._args: unknown[]) => answers.open ?? { canceled: true, filePaths: [] });
  const showSaveDialog = vi.fn(async (..._args: unknown[]) => answers.save ?? { canceled: true, filePath: '' });
  return { showOpenDialog, showSaveDialog, asDialog: () => ({ showOpenDialog, showSaveDialog }) as unknown as Dialog };
}

describe('desktop dialogs', () => {
  let folder: string;
  const window = new FakeBrowserWindow().asBrowserWindow();

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'weightplan-desktop-dialogs-'));
    vi.mocked(writeFileAtomic).mockClear();
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function dialogs(answers: { open?: OpenAnswer; save?: SaveAnswer }, platform: NodeJS.Platform = 'linux') {
    const dialog = fakeDialog(answers);
    return { dialog, api: createDesktopDialogs({ dialog: dialog.asDialog(), window, defaultDirectory: folder, platform }) };
  }

  describe('chooseWeights', () => {
    it('answers null when the user cancels', async () => {
      expect(await dialogs({}).api.chooseWeights()).toBeNull();
    });

    it('returns the file the user picked, asking modally for weight files', async () => {
      const { dialog, api } = dialogs({ open: { canceled: false, filePaths: ['/models/Qwen3-8B-Q4_K_M.gguf'] } });
      expect(await api.chooseWeights()).toBe('/models/Qwen3-8B-Q4_K_M.gguf');
      const [parent, options] = dialog.showOpenDialog.mock.calls[0] ?? [];
      expect(parent).toBe(window);
      expect(options).toMatchObject({ properties: ['openFile'] });
      expect((options as { filters: { extensions: string[] }[] }).filters[0]?.extensions).toEqual(['gguf', 'safetensors', 'json']);
    });

    it('grants the picked path, and nothing when the user cancels', async () => {
      const granted = new GrantedPaths();
      const picked = fakeDialog({ open: { canceled: false, filePaths: ['/models/Qwen3-8B-Q4_K_M.gguf'] } });
      await createDesktopDialogs({ dialog: picked.asDialog(), window, defaultDirectory: folder, granted }).chooseWeights();
      const cancelled = fakeDialog({});
      await createDesktopDialogs({ dialog: cancelled.asDialog(), window, defaultDirectory: folder, granted }).chooseWeights();
      expect(granted.roots()).toEqual(['/models/Qwen3-8B-Q4_K_M.gguf']);
    });

    it('lets macOS users pick a model folder as well', async () => {
      const { dialog, api } = dialogs({ open: { canceled: false, filePaths: ['/models/qwen3'] } }, 'darwin');
      await api.chooseWeights();
      expect(dialog.showOpenDialog.mock.calls[0]?.[1]).toMatchObject({ properties: ['openFile', 'openDirectory'] });
    });
  });

  describe('saveFile', () => {
    const plan = { title: 'Save plan', suggestedName: 'my-plan.weightplan.json', contents: '{"name":"my plan"}\n', filters: [] };

    it('answers null and writes nothing when the user cancels', async () => {
      expect(await dialogs({}).api.saveFile(plan)).toBeNull();
      expect(writeFileAtomic).not.toHaveBeenCalled();
      expect(readdirSync(folder)).toEqual([]);
    });

    it('writes the contents atomically to the path the user chose', async () => {
      const chosen = join(folder, 'chosen-name.weightplan.json');
      writeFileSync(chosen, 'an older plan');
      const { dialog, api } = dialogs({ save: { canceled: false, filePath: chosen } });
      expect(await api.saveFile(plan)).toBe(chosen);
      expect(writeFileAtomic).toHaveBeenCalledWith(chosen, plan.contents);
      expect(readFileSync(chosen, 'utf8')).toBe(plan.contents);
      // No temporary file left beside it.
      expect(readdirSync(folder)).toEqual(['chosen-name.weightplan.json']);
      expect(dialog.showSaveDialog.mock.calls[0]?.[1]).toMatchObject({ defaultPath: join(folder, 'my-plan.weightplan.json') });
    });

    it('starts the dialog in the default folder whatever the suggested name says', async () => {
      const { dialog, api } = dialogs({});
      await api.saveFile({ ...plan, suggestedName: '../../.ssh/authorized_keys' });
      expect(dialog.showSaveDialog.mock.calls[0]?.[1]).toMatchObject({ defaultPath: join(folder, 'authorized_keys') });
    });
  });

  describe('openFile', () => {
    const request = { title: 'Open plan', filters: [{ name: 'Weightplan plan', extensions: ['json'] }] };

    it('answers null when the user cancels', async () => {
      expect(await dialogs({}).api.openFile(request)).toBeNull();
    });

    it('reads the chosen file as UTF-8', async () => {
      const file = join(folder, 'plan.weightplan.json');
      writeFileSync(file, '{"name":"Qwen3 on a 3090 — 24 GB"}');
      const { api } = dialogs({ open: { canceled: false, filePaths: [file] } });
      expect(await api.openFile(request)).toEqual({ path: file, contents: '{"name":"Qwen3 on a 3090 — 24 GB"}' });
    });

    it('accepts a file of exactly 1 MB and refuses one a byte over', async () => {
      const atLimit = join(folder, 'at-limit.json');
      writeFileSync(atLimit, 'x'.repeat(MAX_OPEN_FILE_BYTES));
      expect((await dialogs({ open: { canceled: false, filePaths: [atLimit] } }).api.openFile(request))?.contents).toHaveLength(
        MAX_OPEN_FILE_BYTES,
      );

      const overLimit = join(folder, 'over-limit.json');
      writeFileSync(overLimit, 'x'.repeat(MAX_OPEN_FILE_BYTES + 1));
      await expect(dialogs({ open: { canceled: false, filePaths: [overLimit] } }).api.openFile(request)).rejects.toThrow(
        /over-limit\.json: is larger than 1 MB/,
      );
    });

    it('refuses a file that is not UTF-8 text', async () => {
      const binary = join(folder, 'model.gguf');
      writeFileSync(binary, Buffer.from([0x47, 0x47, 0x55, 0x46, 0xff, 0xfe, 0x00, 0xc3]));
      await expect(dialogs({ open: { canceled: false, filePaths: [binary] } }).api.openFile(request)).rejects.toThrow(/is not UTF-8 text/);
    });
  });
});
