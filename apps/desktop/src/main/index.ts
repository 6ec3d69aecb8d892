import { join } from 'node:path';
import { appRouter, cachedDetection, hubOptionsFromEnv } from '@weightplan/api';
import { detectHardware } from '@weightplan/hardware/detect';
import { app, BrowserWindow, dialog, protocol, session, shell } from 'electron';
import { desktopApiContext } from './api-context.js';
import { registerAppScheme, serveAppScheme } from './app-protocol.js';
import { GrantedPaths } from './granted-paths.js';
import { serveApiOverIpc } from './ipc.js';
import { appUrlTest, devScriptNonce, rendererLocation } from './renderer-location.js';
import { hardenSession, hardenWebContents, type WebContentsPolicy } from './security.js';
import { createMainWindow } from './window.js';

const mainDirectory = import.meta.dirname;
const renderer = rendererLocation({ env: process.env, packaged: app.isPackaged, mainDirectory });
const policy: WebContentsPolicy = {
  isAppUrl: appUrlTest(renderer),
  openExternal: (url) => {
    shell.openExternal(url).catch((error: unknown) => console.warn(`weightplan: could not open ${url}: ${String(error)}`));
  },
};

// The built page's scheme, app://weightplan/: privileges are registered before the app is ready.
registerAppScheme(protocol);
// Every renderer sandboxed, whatever created it, and every web contents under the same rules as the window.
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, policy));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error(`weightplan: the desktop app could not start: ${error instanceof Error ? error.message : String(error)}`);
      app.exit(1);
    });
}

function start(): void {
  if (renderer.kind === 'app') serveAppScheme(protocol, renderer.directory);
  hardenSession(session.defaultSession, policy.isAppUrl, { devScriptNonce: devScriptNonce(renderer, process.env) });
  const window = createMainWindow({
    ...policy,
    preloadPath: join(mainDirectory, '..', 'preload', 'index.cjs'),
    renderer,
    devTools: !app.isPackaged,
  });
  // Detection runs here, in the main process, once; the page only ever sees its result.
  const detect = cachedDetection(detectHardware);
  serveApiOverIpc({
    router: appRouter,
    windows: [window],
    isAppUrl: policy.isAppUrl,
    // The page may have the main process read only what the user picked in a dialog, whatever path it sends.
    createContext: desktopApiContext({
      detectHardware: detect,
      granted: new GrantedPaths(),
      dialog,
      windowOf: (event) => BrowserWindow.fromWebContents(event.sender) ?? undefined,
      defaultDirectory: app.getPath('documents'),
      // Any model on the Hub, as on the command line: HF_ENDPOINT, HF_TOKEN (or the huggingface-cli token file).
      hub: hubOptionsFromEnv(),
    }),
  });
}
