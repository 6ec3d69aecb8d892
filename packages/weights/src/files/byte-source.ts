/**
 * Random access to the bytes of a weight file, wherever they live: a local file, a file on the Hugging
 * Face Hub read with HTTP Range requests, or a file the user picked in a browser (`Blob.slice`). The header
 * readers take one of these, so all feed the same parser and the same validation. Nothing here may import
 * Node modules: the parsers run in the browser too.
 */
export interface ByteSource {
  /** Names the source in errors: a path, a URL or a picked file's name. */
  readonly name: string;
  /** Total bytes of the file. */
  readonly size: number;
  /** Up to `length` bytes at `offset`; fewer only where the file ends. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}
