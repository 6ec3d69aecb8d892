import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRouter, cachedDetection, hubOptionsFromEnv, localBench } from '@weightplan/api';
import { detectHardware } from '@weightplan/hardware/detect';
import { app, BrowserWindow, dialog, Menu, Notification, protocol, screen, session, shell } from 'electron';
import { desktopApiContext } from './api-context.js';
import { registerAppScheme, serveAppScheme } from './app-protocol.js';
import { notifyingBench } from './bench-notification.js';
import { DEEP_LINK_SCHEME, deepLinkInArgv, pageUrlWithHash, parseDeepLink } from './deep-link.js';
import { GrantedPaths, grantedPathsFile } from './granted-paths.js';
import { serveApiOverIpc } from './ipc.js';
import { buildMenuTemplate, projectLinks, viewUrl } from './menu.js';
import { appUrlTest, devScriptNonce, rendererLocation } from './renderer-location.js';
import { hardenSession, hardenWebContents, type WebContentsPolicy } from './security.js';
import { SMOKE_ENV, watchSmokeTest } from './smoke.js';
import { createMainWindow } from './window.js';
import { boundsOnScreen, loadWindowState, saveWindowState, trackWindowState, windowStateFile } from './window-state.js';

const mainDirectory = import.meta.dirname;
const renderer = rendererLocation({ env: process.env, packaged: app.isPackaged, mainDirectory });
const smokeTest = process.env[SMOKE_ENV] === '1';
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

let mainWindow: BrowserWindow | undefined;
// A weightplan:// link that started the app (Windows, Linux: on the command line) or arrived before the window.
let pendingHash: string | undefined;

/** Moves the window to the state a weightplan:// link describes; a malformed link is explained, not followed. */
function openDeepLink(link: string): void {
  let hash: string;
  try {
    ({ hash } = parseDeepLink(link));
  } catch (error) {
    dialog.showErrorBox('Weightplan cannot open this link', error instanceof Error ? error.message : String(error));
    return;
  }
  if (!mainWindow || mainWindow.isDestroyed()) {
    pendingHash = hash;
    return;
  }
  navigate(pageUrlWithHash(mainWindow.webContents.getURL() || renderer.url, hash));
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** The same page at another hash: the planner follows its address (hashchange), nothing reloads. */
function navigate(url: string): void {
  mainWindow?.loadURL(url).catch((error: unknown) => console.warn(`weightplan: could not open ${url}: ${String(error)}`));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // "Copy link" gives weightplan://open#/…; a packaged app registers itself for the scheme (installers also
  // declare it: electron-builder.yml protocols). A development run leaves the system's choice alone.
  if (app.isPackaged && !smokeTest) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  const startLink = deepLinkInArgv(process.argv);
  if (startLink) openDeepLink(startLink);
  // macOS hands links to the running app (or the one it starts) here, possibly before it is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openDeepLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    const link = deepLinkInArgv(argv);
    if (link) openDeepLink(link);
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
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

/** The packaged package.json's homepage (the release workflow sets it), for the Help menu's links. */
function homepage(): unknown {
  try {
    return JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')).homepage;
  } catch {
    return undefined;
  }
}

function start(): void {
  if (renderer.kind === 'app') serveAppScheme(protocol, renderer.directory);
  hardenSession(session.defaultSession, policy.isAppUrl, { devScriptNonce: devScriptNonce(renderer, process.env) });

  // The window opens where it was closed, moved onto a screen that is still there.
  const stateFile = windowStateFile();
  const remembered = loadWindowState(stateFile);
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const window = createMainWindow({
    ...policy,
    preloadPath: join(mainDirectory, '..', 'preload', 'index.cjs'),
    renderer: pendingHash ? { ...renderer, url: pageUrlWithHash(renderer.url, pendingHash) } : renderer,
    devTools: !app.isPackaged,
    bounds: boundsOnScreen(remembered, workAreas),
    maximized: remembered?.maximized ?? false,
    iconPath: join(app.getAppPath(), 'build', 'icon.png'),
  });
  pendingHash = undefined;
  mainWindow = window;
  trackWindowState(window, { save: (state) => saveWindowState(stateFile, state) });
  if (smokeTest) watchSmokeTest(window.webContents, { exit: (code) => app.exit(code), log: (line) => console.log(line) });

  const page = () => window.webContents.getURL() || renderer.url;
  // Weight files the user picked, remembered across restarts: a saved plan naming one still opens.
  const granted = new GrantedPaths(grantedPathsFile());
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        appName: app.getName(),
        devTools: !app.isPackaged,
        links: projectLinks(homepage(), {
          version: app.getVersion(),
          platform: process.platform,
          arch: process.arch,
          electron: process.versions.electron ?? 'unknown',
        }),
        actions: {
          openWeightFile: () => navigate(viewUrl(page(), 'inspect', 'open-weights')),
          openPlan: () => navigate(viewUrl(page(), 'plans', 'open-plan')),
          exportPlan: () => navigate(viewUrl(page(), 'plans')),
          forgetPickedFiles: () => granted.forgetAll(),
          openExternal: policy.openExternal,
        },
      }),
    ),
  );

  // Detection runs here, in the main process, once; the page only ever sees its result.
  const detect = cachedDetection(detectHardware);
  serveApiOverIpc({
    router: appRouter,
    windows: [window],
    isAppUrl: policy.isAppUrl,
    // The page may have the main process read only what the user picked in a dialog, whatever path it sends.
    createContext: desktopApiContext({
      detectHardware: detect,
      granted,
      dialog,
      windowOf: (event) => BrowserWindow.fromWebContents(event.sender) ?? undefined,
      defaultDirectory: app.getPath('documents'),
      // Any model on the Hub, as on the command line: HF_ENDPOINT, HF_TOKEN (or the huggingface-cli token file).
      hub: hubOptionsFromEnv(),
      // "Measure this machine" can take minutes: the system says when it is done.
      bench: notifyingBench(localBench(), {
        notify: ({ title, body }) => {
          if (Notification.isSupported()) new Notification({ title, body }).show();
        },
      }),
    }),
  });
}
