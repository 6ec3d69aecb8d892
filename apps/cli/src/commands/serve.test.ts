import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { TEST_MACHINE } from '../testing/cli-harness.js';
import { runServe } from './serve.js';

function statusFor(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${url}/api/v1/gpus?vendor=apple`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('weightplan serve --allowed-host', () => {
  it('adds host names (repeatable, comma-separated) to the loopback names; others get 421', async () => {
    const lines: string[] = [];
    let stop: (signal: string) => void = () => undefined;
    let listening: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => {
      listening = resolve;
    });
    const io = {
      out: (text: string) => {
        lines.push(text);
        const match = /serving on (\S+)/.exec(text);
        if (match?.[1]) listening(match[1]);
      },
      err: () => undefined,
    };
    const served = runServe(
      { port: '0', allowedHost: ['planner.lan', 'gpu-box.lan, other.lan'], maxConnections: '32', workers: '1' },
      io,
      async () => TEST_MACHINE,
      new Promise((resolve) => {
        stop = resolve;
      }),
      '0.1.0',
      {},
    );
    const base = await url;
    expect(await statusFor(base, 'planner.lan:4821')).toBe(200);
    expect(await statusFor(base, 'other.lan')).toBe(200);
    expect(await statusFor(base, 'localhost')).toBe(200);
    expect(await statusFor(base, 'evil.example')).toBe(421);
    expect(lines.join('\n')).toContain('planner.lan, gpu-box.lan, other.lan');
    expect(lines.join('\n')).toContain('fleet plans): 1 worker thread');
    stop('SIGTERM');
    await served;
  });

  it('rejects a bad --max-connections with the accepted range', async () => {
    await expect(
      runServe(
        { port: '0', maxConnections: '0' },
        { out: () => {}, err: () => {} },
        async () => TEST_MACHINE,
        new Promise(() => {}),
        '0.1.0',
        {},
      ),
    ).rejects.toThrow(/--max-connections must be a whole number from 1 to 100000/);
  });

  it('rejects a bad --workers with the accepted range (0 keeps heavy calls in the main thread)', async () => {
    await expect(
      runServe(
        { port: '0', workers: '65' },
        { out: () => {}, err: () => {} },
        async () => TEST_MACHINE,
        new Promise(() => {}),
        '0.1.0',
        {},
      ),
    ).rejects.toThrow(/--workers must be a whole number from 0 to 64/);
  });
});
