import type { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeBrowserWindow } from './test-doubles.js';

/*
 * index.ts wires the modules together at import time; here it runs against a stand-in `electron` (the
 * binary cannot be downloaded in CI's sandbox): weightplan:// registration and links, the menu, the window.
 */

const electron = vi.hoisted(() => ({ ready: undefined as undefined | (() => void) }));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { FakeBrowserWindow } = await import('./test-doubles.js');
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    setAsDefaultProtocolClient: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: () =>
      new Promise<void>((resolve) => {
        electron.ready = resolve;
      }),
    getPath: () => tmpdir(),
    getAppPath: () => '/opt/Weightplan/resources/app.asar',
    getName: () => 'Weightplan',
    getVersion: () => '0.1.0',
  });
  const workArea = { x: 0, y: 0, width: 1920, height: 1050 };
  return {
    app,
    BrowserWindow: Object.assign(FakeBrowserWindow, { fromWebContents: () => null }),
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
    Notification: Object.assign(vi.fn(), { isSupported: () => false }),
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    screen: { getPrimaryDisplay: () => ({ workArea }), getAllDisplays: () => [{ workArea }] },
    session: { defaultSession: {} },
    shell: { openExternal: vi.fn(async () => undefined) },
  };
});
// The session and IPC hardening have their own tests; here they only need to be called.
vi.mock('./security.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./security.js')>()),
  hardenSession: vi.fn(),
  hardenWebContents: vi.fn(),
}));
vi.mock('./ipc.js', () => ({ serveApiOverIpc: vi.fn() }));
vi.mock('@weightplan/hardware/detect', () => ({ detectHardware: vi.fn() }));

const LINK = 'weightplan://open#/scenario?model=qwen3%3A8b&context=32768';
let mocked: typeof import('electron');
let window: FakeBrowserWindow;
const argv = process.argv;

const configDirectory = mkdtempSync(join(tmpdir(), 'wp-desktop-index-'));
beforeAll(async () => {
  vi.stubEnv('WEIGHTPLAN_CONFIG_DIR', configDirectory);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  // Windows and Linux start the app with the link on its command line.
  process.argv = [...argv, LINK];
  mocked = await import('electron');
  const { FakeBrowserWindow } = await import('./test-doubles.js');
  FakeBrowserWindow.created = [];
  await import('./index.js');
  electron.ready?.();
  await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1));
  window = FakeBrowserWindow.created[0] as FakeBrowserWindow;
  // Loading the main process loads the whole router from its sources: 155 s of imports were seen across
  // this package's files on a 2-core machine running other suites at once.
}, 180_000);

afterAll(() => {
  process.argv = argv;
  vi.unstubAllEnvs();
  rmSync(configDirectory, { recursive: true, force: true });
});

describe('the desktop app, wired', () => {
  it('registers itself for weightplan:// links once packaged', () => {
    expect(mocked.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('weightplan');
  });

  it('opens at the state of the link it was started with', () => {
    expect(window.loadURL).toHaveBeenCalledWith('app://weightplan/index.html#/scenario?model=qwen3%3A8b&context=32768');
  });

  it('moves the open window to a link another instance was started with (Windows, Linux), and focuses it', () => {
    window.webContents.mainFrame.url = 'app://weightplan/index.html#/fit?use=chat';
    window.minimized = true;
    (mocked.app as unknown as EventEmitter).emit('second-instance', {}, [
      '/opt/Weightplan/weightplan',
      'weightplan://open#/plans?use=coding',
    ]);
    expect(window.loadURL).toHaveBeenLastCalledWith('app://weightplan/index.html#/plans?use=coding');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('follows a link macOS hands over (open-url), and refuses a malformed one with a message box', () => {
    const event = { preventDefault: vi.fn() };
    (mocked.app as unknown as EventEmitter).emit('open-url', event, 'weightplan://open#/inspect?inspect=hf%3AQwen%2FQwen3-8B');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window.loadURL).toHaveBeenLastCalledWith('app://weightplan/index.html#/inspect?inspect=hf%3AQwen%2FQwen3-8B');

    const calls = window.loadURL.mock.calls.length;
    (mocked.app as unknown as EventEmitter).emit('open-url', { preventDefault: vi.fn() }, 'weightplan://evil.example/#/scenario');
    expect(window.loadURL.mock.calls.length).toBe(calls);
    expect(mocked.dialog.showErrorBox).toHaveBeenCalledWith(
      'Weightplan cannot open this link',
      expect.stringMatching(/names something other/),
    );
  });

  it('sets the application menu, whose File items navigate the page to the view that opens the dialog', () => {
    const template = vi.mocked(mocked.Menu.buildFromTemplate).mock.calls[0]?.[0] ?? [];
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(mocked.Menu.setApplicationMenu).toHaveBeenCalled();
    window.webContents.mainFrame.url = 'app://weightplan/index.html#/scenario?model=qwen3%3A8b';
    const [openWeights] = (template[0]?.submenu ?? []) as { click: () => void }[];
    openWeights?.click();
    expect(window.loadURL).toHaveBeenLastCalledWith('app://weightplan/index.html#/inspect?model=qwen3%3A8b&do=open-weights');
  });

  it('opens the window at the default size on the first start, with the app icon', () => {
    expect(window.options).toMatchObject({ width: 1280, height: 860, icon: '/opt/Weightplan/resources/app.asar/build/icon.png' });
  });
});
