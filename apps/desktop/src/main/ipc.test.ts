import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiContext, appRouter, type DesktopDialogs } from '@weightplan/api';
import { type IpcMainEvent, ipcMain } from 'electron';
import { ELECTRON_TRPC_CHANNEL } from 'trpc-electron/main';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serveApiOverIpc } from './ipc.js';
import { appUrlTest } from './renderer-location.js';
import { FakeBrowserWindow, FakeFrame, FakeWebContents } from './test-doubles.js';

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  return { ipcMain: new EventEmitter(), contextBridge: {}, ipcRenderer: {} };
});

const APP_URL = 'app://weightplan/index.html#/models';
const isAppUrl = appUrlTest({ kind: 'app', url: 'app://weightplan/index.html', directory: '/opt/weightplan/out/renderer' });

const dialogs: DesktopDialogs = { chooseWeights: async () => null, saveFile: async () => null, openFile: async () => null };
const context: ApiContext = {
  detectHardware: async () => {
    throw new Error('detection is not part of these tests');
  },
  allowedRoots: undefined,
  desktop: dialogs,
};

interface Sent {
  event: IpcMainEvent;
  reply: ReturnType<typeof vi.fn>;
}

/** What ipcMain emits when a frame calls ipcRenderer.send on trpc-electron's channel. */
function send(sender: FakeWebContents, frame: FakeFrame | null, message: unknown): Sent {
  const reply = vi.fn();
  const event = { sender, senderFrame: frame, reply } as unknown as IpcMainEvent;
  ipcMain.emit(ELECTRON_TRPC_CHANNEL, event, message);
  return { event, reply };
}

let nextOperationId = 1;
function query(path: string, input?: unknown) {
  return { method: 'request', operation: { id: nextOperationId++, type: 'query', path, input, context: {} } };
}

/** Lets the router finish whatever it would have answered: the refusals below must stay unanswered. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('serveApiOverIpc', () => {
  let configDirectory: string;
  let window: FakeBrowserWindow;
  let rejected: string[];

  beforeEach(() => {
    // models.list reads the user catalog: keep it away from the real config directory.
    configDirectory = mkdtempSync(join(tmpdir(), 'weightplan-desktop-ipc-'));
    vi.stubEnv('WEIGHTPLAN_CONFIG_DIR', configDirectory);
    ipcMain.removeAllListeners();
    window = new FakeBrowserWindow({}, APP_URL);
    rejected = [];
    serveApiOverIpc({
      router: appRouter,
      windows: [window.asBrowserWindow()],
      isAppUrl,
      createContext: () => context,
      onRejected: (reason) => rejected.push(reason),
    });
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(configDirectory, { recursive: true, force: true });
  });

  it('leaves exactly one listener on the channel: the guarded one', () => {
    expect(ipcMain.listenerCount(ELECTRON_TRPC_CHANNEL)).toBe(1);
  });

  it('answers the app window: models.list through the real router', async () => {
    const message = query('models.list', { search: 'qwen3' });
    const { reply } = send(window.webContents, window.webContents.mainFrame, message);
    await vi.waitFor(() => expect(reply).toHaveBeenCalled());
    const [channel, response] = reply.mock.calls[0] ?? [];
    expect(channel).toBe(ELECTRON_TRPC_CHANNEL);
    expect(response.id).toBe(message.operation.id);
    expect(response.result.type).toBe('data');
    expect(response.result.data.open.length).toBeGreaterThan(0);
    expect(response.result.data.open.every((m: { id: string }) => /qwen/i.test(m.id))).toBe(true);
    expect(rejected).toEqual([]);
  });

  it('gives the router the desktop context', async () => {
    const { reply } = send(window.webContents, window.webContents.mainFrame, query('app.info'));
    await vi.waitFor(() => expect(reply).toHaveBeenCalled());
    expect(reply.mock.calls[0]?.[1].result.data).toMatchObject({ host: 'desktop', readsFiles: true, fileDialogs: true });
  });

  it('refuses a web contents that is not one of the app windows, even showing the app page', async () => {
    const foreign = new FakeWebContents(APP_URL);
    const { reply } = send(foreign, foreign.mainFrame, query('models.list', {}));
    await settle();
    expect(reply).not.toHaveBeenCalled();
    expect(rejected).toEqual(['the sender is not one of the app windows']);
  });

  it('refuses a subframe of the app window', async () => {
    const iframe = new FakeFrame(APP_URL, window.webContents.mainFrame);
    const { reply } = send(window.webContents, iframe, query('models.list', {}));
    await settle();
    expect(reply).not.toHaveBeenCalled();
    expect(rejected).toEqual(['the sender is not the main frame']);
  });

  it('refuses the app window once it shows another page', async () => {
    window.webContents.mainFrame.url = 'https://evil.example/';
    const { reply } = send(window.webContents, window.webContents.mainFrame, query('models.list', {}));
    await settle();
    expect(reply).not.toHaveBeenCalled();
    expect(rejected).toEqual(['the sending page is not the app (https://evil.example/)']);
  });

  it('refuses a frame that is gone, and a window that was closed', async () => {
    const gone = send(window.webContents, null, query('models.list', {}));
    window.destroyed = true;
    window.emit('closed');
    const closed = send(window.webContents, window.webContents.mainFrame, query('models.list', {}));
    await settle();
    expect(gone.reply).not.toHaveBeenCalled();
    expect(closed.reply).not.toHaveBeenCalled();
    expect(rejected).toEqual(['the sending frame is gone', 'the sender is not one of the app windows']);
  });

  it('refuses malformed messages from the app window without throwing', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      for (const message of [
        undefined,
        'models.list',
        { method: 'request' },
        { method: 'request', operation: { id: 'x', type: 'query', path: 'a' } },
      ]) {
        expect(send(window.webContents, window.webContents.mainFrame, message).reply).not.toHaveBeenCalled();
      }
      await settle();
      expect(rejected).toHaveLength(4);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
