import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { UserDataError } from './user-data-error.js';

/** A lock older than this is stale whoever holds it: a read-modify-write of a user file takes milliseconds. */
export const STALE_LOCK_MILLISECONDS = 10_000;
/** How long a writer waits for another process's lock before giving up with an error. */
export const LOCK_WAIT_MILLISECONDS = 5_000;

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(milliseconds: number): void {
  Atomics.wait(sleeper, 0, 0, milliseconds);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lock: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lock, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.token === 'string') return owner as LockOwner;
  } catch {
    // Half-written (its writer is between open and write) or garbage: judged by age alone.
  }
  return undefined;
}

/** A lock whose holder died on this machine, or that is older than any real write. */
function isStale(lock: string, now: number): boolean {
  let ageMilliseconds: number;
  try {
    ageMilliseconds = now - statSync(lock).mtimeMs;
  } catch {
    return false; // Released meanwhile: just try again.
  }
  if (ageMilliseconds > STALE_LOCK_MILLISECONDS) return true;
  const owner = readOwner(lock);
  return owner !== undefined && owner.host === hostname() && !alive(owner.pid);
}

/**
 * Runs `work` holding `<file>.lock`, so read-modify-write cycles of one user file by several processes
 * (the CLI, a server, the desktop app) do not lose each other's changes. The lock file is created with
 * O_EXCL; a lock left by a crashed process (its pid gone, or older than 10 s) is removed; a live one is
 * waited for up to 5 s, then the error names the lock file.
 */
export function withFileLock<T>(file: string, work: () => T, options: { waitMilliseconds?: number } = {}): T {
  const lock = `${file}.lock`;
  const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + (options.waitMilliseconds ?? LOCK_WAIT_MILLISECONDS);
  let pause = 5;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx', 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new UserDataError(lock, `cannot create the lock file (${code ?? 'error'})`);
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), token }));
      } finally {
        closeSync(fd);
      }
      break;
    }
    const now = Date.now();
    if (isStale(lock, now)) {
      // A waiter that judged the lock stale a moment before another removed and retook it could remove the
      // new lock; that needs a crashed holder and two waiters within microseconds, and costs one lost update.
      try {
        unlinkSync(lock);
      } catch {
        // Another waiter removed it first.
      }
      continue;
    }
    if (now >= deadline) {
      const owner = readOwner(lock);
      throw new UserDataError(
        file,
        `is being changed by another Weightplan process${owner ? ` (pid ${owner.pid})` : ''}; try again, or remove ${lock} if none is running`,
      );
    }
    sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 100);
  }
  try {
    return work();
  } finally {
    // Release only our own lock: had it been judged stale and taken over, the new holder's stays.
    if (readOwner(lock)?.token === token) {
      try {
        unlinkSync(lock);
      } catch {
        // Already gone.
      }
    }
  }
}
