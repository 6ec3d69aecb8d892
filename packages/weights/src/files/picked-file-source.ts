import type { ByteSource } from './byte-source.js';
import { WeightFileError } from './weight-file-error.js';

/**
 * A file a user picked in a browser (a DOM `File`, or Node's `Blob` in tests): a name, a size, and `slice`
 * that reads only the range asked for. Structural, so this module needs no DOM types.
 */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * A picked file as a `ByteSource` that reads at most `budgetBytes` in all, through `Blob.slice`: the headers
 * of a multi-GB file, never the file. `bytesRead` says how much was read.
 */
export function pickedFileSource(file: PickedFile, budgetBytes: number): ByteSource & { readonly bytesRead: number } {
  let bytesRead = 0;
  return {
    name: file.name,
    size: file.size,
    get bytesRead() {
      return bytesRead;
    },
    async read(offset, length) {
      const end = Math.min(file.size, offset + length);
      const bytes = Math.max(0, end - offset);
      if (bytesRead + bytes > budgetBytes)
        throw new WeightFileError(
          file.name,
          `the headers do not end within the first ${budgetBytes} bytes read (a picked file's headers are read up to that much)`,
        );
      bytesRead += bytes;
      if (bytes === 0) return new Uint8Array(0);
      return new Uint8Array(await file.slice(offset, end).arrayBuffer());
    },
    close: async () => undefined,
  };
}

/** Reads a small picked file (a config.json, an index) as UTF-8 text, refusing one above `maxBytes`. */
export async function readPickedText(file: PickedFile, maxBytes: number, what: string): Promise<string> {
  if (file.size > maxBytes) throw new WeightFileError(file.name, `${what} of ${file.size} bytes is larger than the ${maxBytes} read`);
  const bytes = new Uint8Array(await file.slice(0, file.size).arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new WeightFileError(file.name, `${what} is not valid UTF-8`);
  }
}
