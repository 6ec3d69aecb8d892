import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SMOKE_OK, watchSmokeTest } from './smoke.js';

class FakeContents extends EventEmitter {
  heading: string | null = null;
  readonly executeJavaScript = vi.fn(async (_code: string) => this.heading);
}

describe('watchSmokeTest', () => {
  afterEach(() => vi.useRealTimers());

  it('exits 0 once the header shows the version the main process answered', async () => {
    vi.useFakeTimers();
    const contents = new FakeContents();
    const exit = vi.fn();
    const log = vi.fn();
    watchSmokeTest(contents, { exit, log, pollMs: 100, timeoutMs: 5000 });
    contents.emit('did-finish-load');
    await vi.advanceTimersByTimeAsync(300);
    expect(exit).not.toHaveBeenCalled();
    contents.heading = 'Weightplan 0.1.0';
    await vi.advanceTimersByTimeAsync(100);
    expect(exit.mock.calls).toEqual([[0]]);
    expect(log.mock.calls).toEqual([[`${SMOKE_OK}: Weightplan 0.1.0`]]);
  });

  it('exits 1 with the reason when the page fails to load', () => {
    vi.useFakeTimers();
    const contents = new FakeContents();
    const exit = vi.fn();
    const log = vi.fn();
    watchSmokeTest(contents, { exit, log });
    contents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
    expect(exit.mock.calls).toEqual([[1]]);
    expect(log.mock.calls[0]?.[0]).toBe('weightplan-smoke: the page failed to load: ERR_FILE_NOT_FOUND (-6)');
  });

  it('exits 2 when the page never hears from the main process', async () => {
    vi.useFakeTimers();
    const contents = new FakeContents();
    const exit = vi.fn();
    const log = vi.fn();
    watchSmokeTest(contents, { exit, log, pollMs: 100, timeoutMs: 1000 });
    contents.emit('did-finish-load');
    await vi.advanceTimersByTimeAsync(1500);
    expect(exit.mock.calls).toEqual([[2]]);
    expect(log.mock.calls[0]?.[0]).toMatch(/did not show the version from the main process within 1000 ms/);
  });
});
