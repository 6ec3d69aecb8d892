import type { ByteSource } from '@weightplan/weights/files';
import type { HubSession } from './hub-session.js';

export interface ReadAheadOptions {
  /** Bytes the first request asks for: a guess at the whole header, so one request usually suffices. */
  firstBytes: number;
  /** Each further miss asks for at least twice the last request, up to this. */
  maxChunkBytes: number;
}

/**
 * A file on the Hub as a `ByteSource`: reads become HTTP Range requests with read-ahead. The first request
 * asks for `firstBytes` (and learns the file's size from Content-Range); each later miss continues where the
 * buffer ends and asks for twice as much as the last, so a header of H bytes costs about log2(H / first)
 * requests, and never more than the header readers' own limits allow.
 */
export async function openHubFile(
  session: HubSession,
  revision: string,
  path: string,
  readAhead: ReadAheadOptions,
): Promise<ByteSource & { requests: number }> {
  const first = await session.range(revision, path, 0, readAhead.firstBytes);
  let buffer = first.bytes;
  let bufferStart = 0;
  let chunk = readAhead.firstBytes;
  const size = first.fileSize;
  const source = {
    name: `${session.repo}/${path}`,
    size,
    requests: 1,
    async read(offset: number, length: number): Promise<Buffer> {
      const end = Math.min(offset + length, size);
      if (offset >= end) return Buffer.alloc(0);
      const bufferEnd = bufferStart + buffer.length;
      if (offset >= bufferStart && end <= bufferEnd) return buffer.subarray(offset - bufferStart, end - bufferStart);
      // Continue from the buffer's end when the read starts inside it (the readers go front to back).
      const continues = offset >= bufferStart && offset < bufferEnd;
      const fetchStart = continues ? bufferEnd : offset;
      chunk = Math.min(chunk * 2, readAhead.maxChunkBytes);
      const fetchLength = Math.min(Math.max(end - fetchStart, chunk), size - fetchStart);
      const answer = await session.range(revision, path, fetchStart, fetchLength);
      source.requests += 1;
      buffer = continues ? Buffer.concat([buffer.subarray(offset - bufferStart), answer.bytes]) : answer.bytes;
      bufferStart = offset;
      return buffer.subarray(0, Math.min(end - offset, buffer.length));
    },
    async close() {
      buffer = Buffer.alloc(0);
    },
  };
  return source;
}
