import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import { vi } from 'vitest';

/** A navigation-like event as Electron passes it: the target URL and a way to cancel. */
export interface FakeNavigationEvent {
  url: string;
  preventDefault: ReturnType<typeof vi.fn>;
}

export function navigationEvent(url: string): FakeNavigationEvent {
  return { url, preventDefault: vi.fn() };
}

let nextId = 1;

/** Enough of a WebContents for the code under test: events, the window-open handler, frames. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly mainFrame: FakeFrame;

  constructor(url: string) {
    super();
    this.mainFrame = new FakeFrame(url, null);
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return false;
  }

  asWebContents(): WebContents {
    return this as unknown as WebContents;
  }
}

let nextRoutingId = 100;

export class FakeFrame {
  readonly processId = 7;
  readonly routingId = nextRoutingId++;

  constructor(
    public url: string,
    readonly parent: FakeFrame | null,
  ) {}
}

/** Enough of a BrowserWindow: its constructor options, its contents, what it loaded. */
export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly loadFile = vi.fn(async (_path: string) => {});
  readonly show = vi.fn();
  readonly maximize = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  minimized = false;
  destroyed = false;

  constructor(
    readonly options: BrowserWindowConstructorOptions = {},
    url = 'file:///app/out/renderer/index.html',
  ) {
    super();
    this.webContents = new FakeWebContents(url);
    FakeBrowserWindow.created.push(this);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isMaximized(): boolean {
    return false;
  }

  getNormalBounds() {
    return { x: 0, y: 0, width: 1280, height: 860 };
  }

  asBrowserWindow(): BrowserWindow {
    return this as unknown as BrowserWindow;
  }
}
