import { join } from 'node:path';
import { configDirectory, writeFileAtomic } from '@weightplan/api';
import { z } from 'zod';
import { readAppStateFile } from './app-state-file.js';

/** The window's smallest size (window.ts): a remembered size below it is raised to it. */
export const MIN_WINDOW = { width: 900, height: 600 } as const;
/** The first start's size. */
export const DEFAULT_WINDOW = { width: 1280, height: 860 } as const;
/** How much of the title bar must lie on a screen for the user to grab the window: less, and it is moved. */
const GRAB_STRIP = { width: 120, height: 40 } as const;

const Coordinate = z.number().int().min(-100_000).max(100_000);
const Extent = z.number().int().min(1).max(100_000);

export const WindowStateSchema = z.strictObject({
  schemaVersion: z.literal(1),
  x: Coordinate,
  y: Coordinate,
  width: Extent,
  height: Extent,
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the window state lives: the config directory the CLI and the desktop share (WEIGHTPLAN_CONFIG_DIR honoured). */
export function windowStateFile(): string {
  return join(configDirectory(), 'window-state.json');
}

/**
 * The remembered window, or null on the first start. A damaged or foreign file is not fatal: the window
 * opens at its default size and the next save replaces the file; the reason goes to the log.
 */
export function loadWindowState(file: string, warn: (message: string) => void = console.warn): WindowState | null {
  return readAppStateFile(file, WindowStateSchema, warn, 'the window opens at its default size');
}

/** Writes the state atomically (a crash mid-write leaves the previous file, never half of one). */
export function saveWindowState(file: string, state: WindowState): void {
  writeFileAtomic(file, `${JSON.stringify(WindowStateSchema.parse(state), null, 2)}\n`);
}

function overlap(a: Rectangle, b: Rectangle): Rectangle {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y),
  };
}

/**
 * The bounds to open the window at, on the screens there are now (their work areas, the primary first): the
 * remembered bounds when enough of the title bar is on a screen to grab it, clamped to fit that screen;
 * otherwise (a monitor unplugged, a resolution lowered) the same size centred on the primary screen.
 */
export function boundsOnScreen(state: WindowState | null, workAreas: readonly Rectangle[]): Rectangle | null {
  const primary = workAreas[0];
  if (!primary) return null;
  const wanted = state ?? { x: 0, y: 0, ...DEFAULT_WINDOW };
  const titleBar = { x: wanted.x, y: wanted.y, width: wanted.width, height: GRAB_STRIP.height };
  const grabbable = (area: Rectangle) => {
    const shared = overlap(titleBar, area);
    return shared.width >= Math.min(GRAB_STRIP.width, wanted.width) && shared.height >= GRAB_STRIP.height;
  };
  const screen = state ? workAreas.find(grabbable) : undefined;
  const area = screen ?? primary;
  const width = Math.min(Math.max(wanted.width, MIN_WINDOW.width), area.width);
  const height = Math.min(Math.max(wanted.height, MIN_WINDOW.height), area.height);
  if (!screen) {
    return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
  }
  const x = Math.min(Math.max(wanted.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(wanted.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/** What trackWindowState needs of a BrowserWindow. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
}

/**
 * Saves the window's bounds as the user moves and resizes it (at most every `delayMs`, since both fire
 * continuously while dragging) and once more as it closes. The normal bounds are kept while maximised, so
 * un-maximising after a restart returns to the size the user chose.
 */
export function trackWindowState(
  window: TrackedWindow,
  options: { save: (state: WindowState) => void; delayMs?: number; warn?: (message: string) => void },
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    const b = window.getNormalBounds();
    const state = {
      schemaVersion: 1 as const,
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: window.isMaximized(),
    };
    try {
      options.save(state);
    } catch (error) {
      // A read-only config directory costs the remembered size, not the app.
      (options.warn ?? console.warn)(`weightplan: could not remember the window size: ${(error as Error).message}`);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, options.delayMs ?? 500);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', save);
}
