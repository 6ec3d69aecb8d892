import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  boundsOnScreen,
  DEFAULT_WINDOW,
  loadWindowState,
  MIN_WINDOW,
  saveWindowState,
  trackWindowState,
  type WindowState,
  windowStateFile,
} from './window-state.js';

const LAPTOP = { x: 0, y: 0, width: 1920, height: 1050 };
const MONITOR_RIGHT = { x: 1920, y: 0, width: 2560, height: 1400 };
const state = (change: Partial<WindowState> = {}): WindowState => ({
  schemaVersion: 1,
  x: 100,
  y: 80,
  width: 1400,
  height: 900,
  maximized: false,
  ...change,
});
/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
const folder = () => {
  const directory = mkdtempSync(join(tmpdir(), 'wp-window-state-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
};

describe('the remembered window file', () => {
  it('round-trips through an atomic write in the config directory, leaving no temporary file', () => {
    const dir = folder();
    vi.stubEnv('WEIGHTPLAN_CONFIG_DIR', dir);
    const file = windowStateFile();
    expect(file).toBe(join(dir, 'window-state.json'));
    saveWindowState(file, state({ maximized: true }));
    expect(loadWindowState(file)).toEqual(state({ maximized: true }));
    expect(readdirSync(dir)).toEqual(['window-state.json']);
    vi.unstubAllEnvs();
  });

  it('is null on the first start, without a warning', () => {
    const warn = vi.fn();
    expect(loadWindowState(join(folder(), 'window-state.json'), warn)).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it('is null, with one line saying why, for a damaged or foreign file', () => {
    const file = join(folder(), 'window-state.json');
    const cases: [string, RegExp][] = [
      ['{"schemaVersion": 1, "x": 10', /is not JSON/],
      [JSON.stringify({ ...state(), width: -5 }), /width: /],
      [JSON.stringify({ ...state(), width: 1e12 }), /width: /],
      [JSON.stringify({ ...state(), x: 'left' }), /x: /],
      [JSON.stringify({ ...state(), schemaVersion: 2 }), /schemaVersion: /],
      [JSON.stringify({ ...state(), script: 'rm -rf' }), /script|Unrecognized/],
    ];
    for (const [text, reason] of cases) {
      writeFileSync(file, text);
      const warn = vi.fn();
      expect(loadWindowState(file, warn), text).toBeNull();
      expect(warn.mock.calls[0]?.[0], text).toMatch(reason);
      expect(warn.mock.calls[0]?.[0], text).not.toContain('\n');
    }
  });

  it('refuses to write bounds that are not whole pixels', () => {
    expect(() => saveWindowState(join(folder(), 'w.json'), state({ width: 10.5 }))).toThrow();
  });
});

describe('boundsOnScreen', () => {
  it('opens a first start at the default size, centred on the primary screen', () => {
    expect(boundsOnScreen(null, [LAPTOP])).toEqual({
      x: (1920 - DEFAULT_WINDOW.width) / 2,
      y: (1050 - DEFAULT_WINDOW.height) / 2,
      ...DEFAULT_WINDOW,
    });
  });

  it('keeps remembered bounds that are on a screen, the second monitor included', () => {
    expect(boundsOnScreen(state(), [LAPTOP, MONITOR_RIGHT])).toEqual({ x: 100, y: 80, width: 1400, height: 900 });
    expect(boundsOnScreen(state({ x: 2000, y: 100 }), [LAPTOP, MONITOR_RIGHT])).toEqual({ x: 2000, y: 100, width: 1400, height: 900 });
  });

  it('centres the window on the primary screen when its monitor is gone', () => {
    const bounds = boundsOnScreen(state({ x: 2000, y: 100 }), [LAPTOP]);
    expect(bounds).toEqual({ x: (1920 - 1400) / 2, y: (1050 - 900) / 2, width: 1400, height: 900 });
  });

  it('moves a window whose title bar is off screen (above the top, or all but a sliver off the side)', () => {
    expect(boundsOnScreen(state({ y: -500 }), [LAPTOP])?.y).toBe((1050 - 900) / 2);
    expect(boundsOnScreen(state({ x: 1900 }), [LAPTOP])?.x).toBe((1920 - 1400) / 2);
  });

  it('clamps a window partly off its screen back inside it, and a size larger than the screen to the screen', () => {
    expect(boundsOnScreen(state({ x: 1000 }), [LAPTOP])).toEqual({ x: 1920 - 1400, y: 80, width: 1400, height: 900 });
    expect(boundsOnScreen(state({ x: 0, y: 0, width: 5000, height: 3000 }), [LAPTOP])).toEqual({ x: 0, y: 0, width: 1920, height: 1050 });
  });

  it('raises a size below the minimum to the minimum', () => {
    expect(boundsOnScreen(state({ width: 200, height: 100 }), [LAPTOP])).toMatchObject(MIN_WINDOW);
  });

  it('answers null when there is no screen to ask about', () => {
    expect(boundsOnScreen(state(), [])).toBeNull();
  });
});

class FakeWindow extends EventEmitter {
  bounds = { x: 10, y: 20, width: 1000, height: 700 };
  maximized = false;
  getNormalBounds() {
    return this.bounds;
  }
  isMaximized() {
    return this.maximized;
  }
}

describe('trackWindowState', () => {
  afterEach(() => vi.useRealTimers());

  it('saves once after a drag settles, and at once on close, with the normal bounds while maximised', () => {
    vi.useFakeTimers();
    const window = new FakeWindow();
    const save = vi.fn();
    trackWindowState(window, { save, delayMs: 500 });
    for (let step = 0; step < 20; step++) {
      window.bounds = { ...window.bounds, x: 10 + step };
      window.emit('move');
      vi.advanceTimersByTime(50);
    }
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(save.mock.calls).toEqual([[{ schemaVersion: 1, x: 29, y: 20, width: 1000, height: 700, maximized: false }]]);

    window.maximized = true;
    window.emit('resize');
    window.emit('close');
    expect(save).toHaveBeenLastCalledWith({ schemaVersion: 1, x: 29, y: 20, width: 1000, height: 700, maximized: true });
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('survives a config directory it cannot write: a warning, not a crash', () => {
    const window = new FakeWindow();
    const warn = vi.fn();
    trackWindowState(window, {
      save: () => {
        throw new Error('EROFS: read-only file system');
      },
      warn,
    });
    expect(() => window.emit('close')).not.toThrow();
    expect(warn.mock.calls[0]?.[0]).toMatch(/could not remember the window size: EROFS/);
  });

  it('writes through saveWindowState to a real file', () => {
    const file = join(folder(), 'window-state.json');
    const window = new FakeWindow();
    trackWindowState(window, { save: (s) => saveWindowState(file, s) });
    window.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ schemaVersion: 1, x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });
});
