import type { ByteSource } from './byte-source.js';
import { openInsideRoots } from './file-fence.js';

/**
 * A local file as a `ByteSource`, opened through the fence (inside `allowedRoots` once links are resolved,
 * and a regular file); a file that cannot be opened is a `WeightFileError` with the reason.
 */
export async function openFileSource(file: string, allowedRoots?: readonly string[]): Promise<ByteSource> {
  const { handle, size } = await openInsideRoots(file, allowedRoots);
  try {
    return {
      name: file,
      size,
      async read(offset, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        return buffer.subarray(0, bytesRead);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Runs `read` over `file` (a path, opened through the fence and closed here) or over a source the caller
 * owns and closes.
 */
export async function withByteSource<T>(
  file: string | ByteSource,
  allowedRoots: readonly string[] | undefined,
  read: (source: ByteSource) => Promise<T>,
): Promise<T> {
  if (typeof file !== 'string') return read(file);
  const source = await openFileSource(file, allowedRoots);
  try {
    return await read(source);
  } finally {
    await source.close();
  }
}
