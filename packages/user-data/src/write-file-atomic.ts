import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A temporary file older than this was left by a crash (a write takes milliseconds), never by a live writer. */
export const STALE_TEMPORARY_MILLISECONDS = 60_000;

const temporaryPattern = (base: string) => new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+\\.\\d+\\.tmp$`);

const cleanedAt = new Map<string, number>();

/**
 * Removes the temporary files a crashed write left beside `path` (`.<name>.<pid>.<time>.tmp`, older than a
 * minute). Runs at most once a minute per file, so a folder of plans is not listed once per plan read.
 * Returns how many it removed.
 */
export function removeStaleTemporaryFiles(path: string, now = Date.now()): number {
  const last = cleanedAt.get(path);
  if (last !== undefined && now - last < STALE_TEMPORARY_MILLISECONDS) return 0;
  cleanedAt.set(path, now);
  const directory = dirname(path);
  const pattern = temporaryPattern(basename(path));
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!pattern.test(entry)) continue;
    const temporary = join(directory, entry);
    try {
      if (now - statSync(temporary).mtimeMs < STALE_TEMPORARY_MILLISECONDS) continue;
      rmSync(temporary, { force: true });
      removed += 1;
    } catch {
      // Gone already (another process cleaned it): nothing to do.
    }
  }
  return removed;
}

/**
 * Flushes a directory entry change (the rename) to disk, so a power loss after the write returns cannot
 * bring the old file back. Some platforms cannot open or fsync a directory (Windows: EPERM/EISDIR; some
 * network file systems: EINVAL); there the rename is as durable as the platform makes it.
 */
export function fsyncDirectory(directory: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes a file so that a crash leaves either the old content or the new, never half of either: write to
 * a temporary file beside it, flush it to disk, rename over the target (atomic on POSIX and NTFS), then
 * flush the directory so the rename itself survives a power loss.
 */
export function writeFileAtomic(path: string, content: string): void {
  removeStaleTemporaryFiles(path);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temporary, 'w', 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  fsyncDirectory(dirname(path));
}
