import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, navigationEvent } from './test-doubles.js';
import { createMainWindow, type MainWindowOptions } from './window.js';

vi.mock('electron', async () => {
  const { FakeBrowserWindow } = await import('./test-doubles.js');
  return { BrowserWindow: FakeBrowserWindow };
});

const APP_URL = 'app://weightplan/index.html';

function options(overrides: Partial<MainWindowOptions> = {}): MainWindowOptions {
  return {
    preloadPath: '/opt/weightplan/resources/app.asar/out/preload/index.cjs',
    renderer: { kind: 'app', url: APP_URL, directory: '/opt/weightplan/resources/app.asar/out/renderer' },
    isAppUrl: (url) => url.split('#')[0] === APP_URL,
    openExternal: vi.fn(),
    devTools: false,
    ...overrides,
  };
}

function open(overrides: Partial<MainWindowOptions> = {}): FakeBrowserWindow {
  createMainWindow(options(overrides));
  const window = FakeBrowserWindow.created.at(-1);
  if (!window) throw new Error('no window was created');
  return window;
}

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('isolates and sandboxes the page, without Node, with web security and the preload', () => {
    const preferences = open().options.webPreferences;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
      preload: '/opt/weightplan/resources/app.asar/out/preload/index.cjs',
    });
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the built page from its app:// scheme (never file://), or the dev server when given one', () => {
    const built = open();
    expect(built.loadURL).toHaveBeenCalledWith('app://weightplan/index.html');
    expect(built.loadFile).not.toHaveBeenCalled();

    const fromDevServer = open({ renderer: { kind: 'url', url: 'http://localhost:5173/' } });
    expect(fromDevServer.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(fromDevServer.loadFile).not.toHaveBeenCalled();
  });

  it('opens at the remembered bounds, maximised again if it was, with the app icon; the default size otherwise', () => {
    const remembered = open({ bounds: { x: 40, y: 30, width: 1500, height: 950 }, maximized: true, iconPath: '/opt/weightplan/icon.png' });
    expect(remembered.options).toMatchObject({
      x: 40,
      y: 30,
      width: 1500,
      height: 950,
      minWidth: 900,
      minHeight: 600,
      icon: '/opt/weightplan/icon.png',
    });
    remembered.emit('ready-to-show');
    expect(remembered.maximize).toHaveBeenCalledOnce();
    const first = open();
    expect(first.options).toMatchObject({ width: 1280, height: 860 });
    expect(first.options).not.toHaveProperty('x');
    first.emit('ready-to-show');
    expect(first.maximize).not.toHaveBeenCalled();
  });

  it('shows the window only once it has painted', () => {
    const window = open();
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('denies window.open, handing https links to the system browser and nothing else', () => {
    const openExternal = vi.fn();
    const window = open({ openExternal });
    const handler = window.webContents.windowOpenHandler;
    expect(handler?.({ url: 'https://huggingface.co/Qwen/Qwen3-8B' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://huggingface.co/Qwen/Qwen3-8B']]);
  });

  it('prevents navigation to another origin or another file, and lets the app page reload', () => {
    const openExternal = vi.fn();
    const { webContents } = open({ openExternal });

    const away = navigationEvent('https://evil.example/phish');
    webContents.emit('will-navigate', away);
    expect(away.preventDefault).toHaveBeenCalled();

    const otherFile = navigationEvent('file:///home/user/.ssh/id_ed25519');
    webContents.emit('will-navigate', otherFile);
    expect(otherFile.preventDefault).toHaveBeenCalled();

    // Away from the scheme, or to another host of it: blocked too.
    for (const url of [
      'file:///opt/weightplan/resources/app.asar/out/renderer/index.html',
      'app://evil/index.html',
      'http://weightplan/index.html',
    ]) {
      const event = navigationEvent(url);
      webContents.emit('will-navigate', event);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }

    const redirect = navigationEvent('https://evil.example/');
    webContents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();

    const self = navigationEvent(`${APP_URL}#/models`);
    webContents.emit('will-navigate', self);
    expect(self.preventDefault).not.toHaveBeenCalled();

    // The https page the user tried to follow opens in their browser; the file does not.
    expect(openExternal.mock.calls).toEqual([['https://evil.example/phish']]);
  });

  it('refuses to attach a <webview>', () => {
    const { webContents } = open();
    const attach = navigationEvent('https://evil.example/');
    webContents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});
