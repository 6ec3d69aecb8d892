import { constants, lstatSync, realpathSync, type Stats } from 'node:fs';
import { type FileHandle, lstat, open, realpath, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { WeightFileError } from './weight-file-error.js';

/**
 * The one gate every weight-file read goes through (the server's --allow-dir fence). A path is resolved
 * (`..` and every symbolic link, with realpath), must lie inside one of the allowed roots, and must be a
 * regular file before it is opened: a FIFO, device or socket would block a libuv worker on open or read.
 * The answer for a path outside the roots never depends on whether it exists there.
 */

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || (!inside.startsWith('..') && !inside.startsWith(sep) && !/^[A-Za-z]:/.test(inside));
}

async function realRoots(allowedRoots: readonly string[]): Promise<string[]> {
  return Promise.all(allowedRoots.map((root) => realpath(resolve(root)).catch(() => resolve(root))));
}

/** Whether `path`, taken literally (no links followed), lies inside a root as given or as resolved. */
function lexicallyInside(path: string, allowedRoots: readonly string[], roots: readonly string[]): boolean {
  const absolute = resolve(path);
  return roots.some((root) => isInside(root, absolute)) || allowedRoots.some((root) => isInside(resolve(root), absolute));
}

async function realpathOrFail(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WeightFileError(
      path,
      code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'no such file or folder' : `cannot resolve (${code})`,
    );
  }
}

/**
 * Confines reads to `allowedRoots` (the server's --allow-dir): the real path, after resolving `..` and
 * every symbolic link, must lie inside one of them. Returns the real path. Without roots (the CLI, the
 * desktop app) any path is allowed and only resolved.
 */
export async function assertInsideRoots(path: string, allowedRoots: readonly string[] | undefined): Promise<string> {
  if (allowedRoots === undefined) return realpathOrFail(resolve(path));
  const outside = new WeightFileError(path, 'is outside the directories this server may read (--allow-dir)');
  const roots = await realRoots(allowedRoots);
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    // Say "no such file" only inside the allowed folders, so clients cannot probe what exists elsewhere.
    if (lexicallyInside(path, allowedRoots, roots)) return realpathOrFail(resolve(path));
    throw outside;
  }
  if (roots.some((root) => isInside(root, real))) return real;
  throw outside;
}

/**
 * Whether a path names something a reader confined to `allowedRoots` could look at. A path outside the
 * roots is `false` without touching the file system, so callers that branch on existence (is this model
 * argument a path or a catalog name?) answer the same whether or not it exists out there.
 */
export function existsForReader(path: string, allowedRoots: readonly string[] | undefined): boolean {
  if (allowedRoots !== undefined) {
    const roots = allowedRoots.map((root) => {
      try {
        return realpathSync(resolve(root));
      } catch {
        return resolve(root);
      }
    });
    if (!lexicallyInside(path, allowedRoots, roots)) return false;
  }
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isDirectory()) return 'a folder';
  return 'not a regular file';
}

// O_NONBLOCK: should a FIFO be swapped in after the check, open returns at once instead of waiting for a
// writer; O_NOFOLLOW: the checked real path has no links, so a link swapped in is refused, not followed.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

export interface FencedFile {
  handle: FileHandle;
  /** The real path that was checked and opened. */
  real: string;
  size: number;
}

/**
 * Opens a file for reading after the fence check: inside the roots once links are resolved, and a regular
 * file (checked before opening, and again on the open handle, which must be the same file). Failures are
 * `WeightFileError`s naming the path.
 */
export async function openInsideRoots(file: string, allowedRoots: readonly string[] | undefined): Promise<FencedFile> {
  const real = await assertInsideRoots(file, allowedRoots);
  let before: Stats;
  try {
    before = await stat(real);
  } catch (error) {
    throw new WeightFileError(file, `cannot open (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!before.isFile()) throw new WeightFileError(file, `is ${kindOf(before)}, not a weight file`);
  let handle: FileHandle;
  try {
    handle = await open(real, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WeightFileError(
      file,
      code === 'ELOOP' ? 'changed into a symbolic link while being opened' : `cannot open (${code ?? 'error'})`,
    );
  }
  const after = await handle.stat();
  if (!after.isFile() || after.ino !== before.ino || after.dev !== before.dev) {
    await handle.close();
    throw new WeightFileError(file, 'changed while being opened');
  }
  return { handle, real, size: after.size };
}

/** Reads a small text file (config.json, a safetensors index) through the fence, refusing it past `maxBytes` before reading. */
export async function readTextInsideRoots(
  file: string,
  allowedRoots: readonly string[] | undefined,
  maxBytes: number,
  what: string,
): Promise<string> {
  const { handle, size } = await openInsideRoots(file, allowedRoots);
  try {
    if (size > maxBytes) throw new WeightFileError(file, `${what} larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    const bytes = Buffer.alloc(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytesRead));
    } catch {
      throw new WeightFileError(file, `${what} is not valid UTF-8`);
    }
  } finally {
    await handle.close();
  }
}

/** lstat without throwing: whether the entry itself (not a link's target) exists. */
export async function entryExists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
