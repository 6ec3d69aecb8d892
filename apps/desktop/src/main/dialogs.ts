import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type DesktopDialogs, UserDataError, writeFileAtomic } from '@weightplan/api';
import type { BrowserWindow, Dialog, OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { GrantedPaths } from './granted-paths.js';

/** Plans and profiles are a few kilobytes; anything past this was not written by Weightplan. */
export const MAX_OPEN_FILE_BYTES = 1024 * 1024;

export interface DesktopDialogOptions {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The window that asked: dialogs are modal to it. */
  window: BrowserWindow | undefined;
  /** Where a save dialog starts (the user's documents folder). */
  defaultDirectory: string;
  /** Weight files the user picks are granted here, so later calls from the page may read them (and only them). */
  granted?: GrantedPaths;
  platform?: NodeJS.Platform;
}

/**
 * The API's file operations on the user's own screen: every path comes from a native dialog the user
 * answered, never from the page, so the renderer can neither choose nor learn paths on its own.
 */
export function createDesktopDialogs(options: DesktopDialogOptions): DesktopDialogs {
  const { dialog, window } = options;
  const showOpen = (dialogOptions: OpenDialogOptions): Promise<OpenDialogReturnValue> =>
    window ? dialog.showOpenDialog(window, dialogOptions) : dialog.showOpenDialog(dialogOptions);
  const showSave = (dialogOptions: SaveDialogOptions): Promise<SaveDialogReturnValue> =>
    window ? dialog.showSaveDialog(window, dialogOptions) : dialog.showSaveDialog(dialogOptions);

  return {
    async chooseWeights() {
      const result = await showOpen({
        title: 'Choose model weights',
        buttonLabel: 'Inspect',
        // macOS can offer files and folders in one dialog; elsewhere asking for both shows folders only, so
        // the user picks a file (a GGUF, a safetensors shard or the folder's config.json).
        properties: (options.platform ?? process.platform) === 'darwin' ? ['openFile', 'openDirectory'] : ['openFile'],
        filters: [{ name: 'Model weights (GGUF, safetensors, config.json)', extensions: ['gguf', 'safetensors', 'json'] }],
      });
      const chosen = result.canceled ? undefined : result.filePaths[0];
      if (!chosen) return null;
      options.granted?.grant(chosen);
      return chosen;
    },

    async saveFile({ title, suggestedName, contents, filters }) {
      const result = await showSave({
        title,
        // basename: a suggested name is a name, never a way to start the dialog in another folder.
        defaultPath: join(options.defaultDirectory, basename(suggestedName)),
        filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return null;
      writeFileAtomic(result.filePath, contents);
      return result.filePath;
    },

    async openFile({ title, filters }) {
      const result = await showOpen({ title, filters, properties: ['openFile'] });
      const path = result.canceled ? undefined : result.filePaths[0];
      if (!path) return null;
      return { path, contents: await readSmallTextFile(path) };
    },
  };
}

/** Reads at most MAX_OPEN_FILE_BYTES of UTF-8, refusing larger files (even one that grows while read) and binary ones. */
async function readSmallTextFile(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UserDataError(path, 'is not a file');
    const tooLarge = new UserDataError(
      path,
      `is larger than ${MAX_OPEN_FILE_BYTES / (1024 * 1024)} MB; Weightplan opens only files it saved`,
    );
    if (stats.size > MAX_OPEN_FILE_BYTES) throw tooLarge;
    const buffer = Buffer.alloc(MAX_OPEN_FILE_BYTES + 1);
    let bytesRead = 0;
    for (;;) {
      const { bytesRead: chunkBytes } = await handle.read(buffer, bytesRead, buffer.length - bytesRead, bytesRead);
      if (chunkBytes === 0) break;
      bytesRead += chunkBytes;
      if (bytesRead > MAX_OPEN_FILE_BYTES) throw tooLarge;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead));
    } catch {
      throw new UserDataError(path, 'is not UTF-8 text');
    }
  } finally {
    await handle.close();
  }
}
