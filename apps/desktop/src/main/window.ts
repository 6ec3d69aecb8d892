import { BrowserWindow } from 'electron';
import type { RendererLocation } from './renderer-location.js';
import { hardenWebContents, type WebContentsPolicy } from './security.js';
import { DEFAULT_WINDOW, MIN_WINDOW } from './window-state.js';

export interface MainWindowOptions extends WebContentsPolicy {
  /** The bundled preload (CommonJS: sandboxed preloads cannot be ES modules). */
  preloadPath: string;
  renderer: RendererLocation;
  /** DevTools only in development; a packaged app has no use for them. */
  devTools: boolean;
  /** Where the window opens (the remembered bounds, fitted to today's screens); absent: the default size, centred. */
  bounds?: { x: number; y: number; width: number; height: number } | null;
  /** Reopen maximised, as it was closed. */
  maximized?: boolean;
  /** The window icon (Linux and Windows; macOS takes the bundle's). */
  iconPath?: string;
}

/**
 * The planner's window. The page runs sandboxed and isolated from the preload, without Node, and reaches
 * the main process only through the tRPC channel the preload exposes.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...(options.bounds ?? { width: DEFAULT_WINDOW.width, height: DEFAULT_WINDOW.height }),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    title: 'Weightplan',
    // Shown once painted, so the user never sees an empty frame.
    show: false,
    webPreferences: {
      preload: options.preloadPath,
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
      // A middle click would ask for a new window; the open handler refuses it, but better never to ask.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  hardenWebContents(window.webContents, options);
  window.once('ready-to-show', () => {
    if (options.maximized) window.maximize();
    window.show();
  });

  // The built page comes from app://weightplan/ (app-protocol.ts), the dev page from the dev server: never file://.
  const loaded = window.loadURL(options.renderer.url);
  loaded.catch((error: unknown) => {
    // A page that fails to load leaves an empty window; the reason belongs in the terminal, not a crash.
    console.error(`weightplan: the window could not load its page: ${error instanceof Error ? error.message : String(error)}`);
  });
  return window;
}
