import type { ApiContext, AppRouter } from '@weightplan/api';
import { type BrowserWindow, type IpcMainEvent, ipcMain } from 'electron';
import { createIPCHandler, ELECTRON_TRPC_CHANNEL } from 'trpc-electron/main';
import { z } from 'zod';
import type { AppUrlTest } from './renderer-location.js';

/** What trpc-electron's renderer link sends: a procedure call, or the end of a subscription. */
const IpcRequestSchema = z.discriminatedUnion('method', [
  z.looseObject({
    method: z.literal('request'),
    operation: z.looseObject({
      id: z.number().int(),
      type: z.enum(['query', 'mutation', 'subscription']),
      path: z.string().min(1).max(200),
      input: z.unknown().optional(),
    }),
  }),
  z.looseObject({ method: z.literal('subscription.stop'), id: z.number().int() }),
]);

type IpcListener = (event: IpcMainEvent, message: unknown) => void;

export interface IpcServeOptions {
  router: AppRouter;
  windows: BrowserWindow[];
  createContext: (event: IpcMainEvent) => ApiContext | Promise<ApiContext>;
  isAppUrl: AppUrlTest;
  /** Told about every message refused, with the reason. */
  onRejected?: (reason: string) => void;
}

export interface IpcServer {
  /** Lets another of the app's windows call the API. */
  attachWindow(window: BrowserWindow): void;
}

/**
 * Why a message may not reach the router, or null when it may: it must come from the main frame of one of
 * the app's own windows while that frame shows the app's page. A <webview>, an iframe, another
 * BrowserWindow or a page the window was navigated to are all refused.
 */
export function untrustedSenderReason(event: IpcMainEvent, windows: Iterable<BrowserWindow>, isAppUrl: AppUrlTest): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (![...windows].some((window) => !window.isDestroyed() && window.webContents === event.sender)) {
    return 'the sender is not one of the app windows';
  }
  const mainFrame = event.sender.mainFrame;
  if (frame.parent !== null || frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) {
    return 'the sender is not the main frame';
  }
  if (!isAppUrl(frame.url)) return `the sending page is not the app (${frame.url})`;
  return null;
}

/**
 * Serves the router over trpc-electron's IPC channel. trpc-electron 0.1.2 answers whoever sends on its
 * channel (its `windows` only scope subscription clean-up), so its listener is taken off ipcMain and put
 * back behind the sender check and a shape check; a malformed message would otherwise reject inside
 * trpc-electron with nobody awaiting it.
 */
export function serveApiOverIpc(options: IpcServeOptions): IpcServer {
  const trusted = new Set<BrowserWindow>();
  const onRejected = options.onRejected ?? ((reason) => console.warn(`weightplan: IPC message refused: ${reason}`));

  const listeners = () => ipcMain.listeners(ELECTRON_TRPC_CHANNEL) as IpcListener[];
  const listenersBefore = new Set(listeners());
  const handler = createIPCHandler<AppRouter>({
    router: options.router,
    windows: options.windows,
    createContext: async ({ event }) => options.createContext(event as IpcMainEvent),
  });
  const added = listeners().filter((listener) => !listenersBefore.has(listener));
  const [forward] = added;
  if (added.length !== 1 || !forward) {
    throw new Error(`trpc-electron registered ${added.length} IPC listeners where one was expected; cannot put the sender check in front`);
  }
  ipcMain.removeListener(ELECTRON_TRPC_CHANNEL, forward);

  const guarded: IpcListener = (event, message) => {
    const untrusted = untrustedSenderReason(event, trusted, options.isAppUrl);
    if (untrusted) return onRejected(untrusted);
    const request = IpcRequestSchema.safeParse(message);
    if (!request.success) return onRejected('the message is not a tRPC request');
    forward(event, message);
  };
  ipcMain.on(ELECTRON_TRPC_CHANNEL, guarded);

  const attachWindow = (window: BrowserWindow) => {
    trusted.add(window);
    window.once('closed', () => trusted.delete(window));
  };
  for (const window of options.windows) attachWindow(window);

  return {
    attachWindow(window) {
      attachWindow(window);
      handler.attachWindow(window);
    },
  };
}
