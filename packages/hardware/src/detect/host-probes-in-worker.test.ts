import { createRequire } from 'node:module';
import type si from 'systeminformation';
import { describe, expect, it } from 'vitest';
import { startHostProbes } from './host-probes-in-worker.js';
import { readSystemSnapshot } from './read-snapshot.js';

describe('host probes run in a worker thread', () => {
  it("answers systeminformation's calls as systeminformation does", async () => {
    const host = startHostProbes(['cpu', 'osInfo'], {}, 5000);
    const [cpu, os] = await Promise.all([
      host.systemInformation<si.Systeminformation.CpuData>('cpu'),
      host.systemInformation<si.Systeminformation.OsData>('osInfo'),
    ]);
    expect(cpu.cores).toBeGreaterThan(0);
    expect(os.platform).toBe(process.platform);
  }, 30_000);

  it('reports a missing tool as unavailable, a failing one as an error and a hung one as a timeout', async () => {
    // Generous for the tools that finish (a node process starts slowly on a loaded CI machine) ...
    const host = startHostProbes(
      [],
      {
        missing: { command: 'weightplan-no-such-tool', args: [] },
        failing: { command: process.execPath, args: ['-e', 'process.exit(3)'] },
        fine: { command: process.execPath, args: ['-e', 'process.stdout.write("42")'] },
      },
      20_000,
    );
    const [missing, failing, fine] = await Promise.all(['missing', 'failing', 'fine'].map((name) => host.tool(name)));
    expect(missing?.status.status).toBe('unavailable');
    expect(failing?.status).toMatchObject({ status: 'error', message: expect.stringMatching(/Command failed/) });
    expect(fine).toMatchObject({ stdout: '42', status: { status: 'ok' } });
    // ... and short for the one that never finishes.
    const hung = await startHostProbes([], { hung: { command: process.execPath, args: ['-e', 'setTimeout(() => {}, 60000)'] } }, 1000).tool(
      'hung',
    );
    expect(hung.status.status).toBe('timeout');
    expect(hung.status.milliseconds).toBeGreaterThanOrEqual(900);
  }, 30_000);

  it('once stopped, answers what is still out with an error instead of waiting for it', async () => {
    const host = startHostProbes([], { hung: { command: process.execPath, args: ['-e', 'setTimeout(() => {}, 60000)'] } }, 60_000);
    const answer = host.tool('hung');
    host.stop();
    await expect(answer).resolves.toMatchObject({ status: { status: 'error', message: expect.stringMatching(/stopped/) } });
  }, 30_000);

  it('a whole snapshot of this machine starts no process from the calling thread, and never loads systeminformation there', async () => {
    // Before the probes moved to a worker, systeminformation's execSync calls and the forks of its child
    // processes held the caller's event loop for 0.3 to 0.7 s per detection (a server stopped answering).
    // A child process started from this thread is a ProcessWrap among its active resources while it runs.
    const seen = new Set<string>();
    const watcher = setInterval(() => {
      for (const resource of process.getActiveResourcesInfo()) seen.add(resource);
    }, 1);
    const snapshot = await readSystemSnapshot({ timeoutMs: 20_000 });
    clearInterval(watcher);
    expect(snapshot.probes.cpu?.status).toBe('ok');
    expect(snapshot.probes.os?.status).toBe('ok');
    expect(seen.has('Timeout')).toBe(true);
    expect(seen.has('ProcessWrap')).toBe(false);
    expect(Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('systeminformation'))).toEqual([]);
  }, 30_000);
});
