import type { ByteSource } from './byte-source.js';
import { WeightFileError } from './weight-file-error.js';

const CHUNK = 1 << 20;

/**
 * Reads a file's header front to back in 1 MiB chunks from a `ByteSource`, never past `limitBytes`, so a hostile length field
 * cannot make the reader allocate or scan gigabytes. Every read checks the file's real size first and names
 * what was being read when it runs out. Plain `Uint8Array` and `DataView`, no Node `Buffer`: the same reader
 * parses a file picked in a browser.
 */
export class HeaderReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private data: DataView = new DataView(this.buffer.buffer);
  private bufferStart = 0;
  private position = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  readonly file: string;
  readonly fileSize: number;

  constructor(
    private readonly source: ByteSource,
    private readonly limitBytes: number,
  ) {
    this.file = source.name;
    this.fileSize = source.size;
  }

  get offset(): number {
    return this.position;
  }

  private async ensure(bytes: number, what: string): Promise<void> {
    const end = this.position + bytes;
    if (end > this.fileSize)
      throw new WeightFileError(this.file, `truncated: ${what} needs bytes ${this.position}..${end} but the file has ${this.fileSize}`);
    if (end > this.limitBytes) throw new WeightFileError(this.file, `header larger than ${this.limitBytes} bytes while reading ${what}`);
    if (end <= this.bufferStart + this.buffer.length) return;
    const start = this.position;
    const length = Math.min(Math.max(bytes, CHUNK), this.fileSize - start);
    const next = await this.source.read(start, length);
    if (next.length < bytes) throw new WeightFileError(this.file, `truncated: could not read ${what}`);
    this.buffer = next;
    this.data = new DataView(next.buffer, next.byteOffset, next.byteLength);
    this.bufferStart = start;
  }

  /** Where the next `bytes` bytes start in the buffer; moves past them. */
  private take(bytes: number): number {
    const at = this.position - this.bufferStart;
    this.position += bytes;
    return at;
  }

  /** A copy of the next `length` bytes. */
  async bytes(length: number, what: string): Promise<Uint8Array> {
    await this.ensure(length, what);
    const at = this.take(length);
    return this.buffer.slice(at, at + length);
  }

  async skip(length: number, what: string): Promise<void> {
    if (!Number.isSafeInteger(length) || length < 0) throw new WeightFileError(this.file, `invalid length ${length} for ${what}`);
    const end = this.position + length;
    if (end > this.fileSize) throw new WeightFileError(this.file, `truncated: ${what} runs past the end of the file`);
    if (end > this.limitBytes) throw new WeightFileError(this.file, `header larger than ${this.limitBytes} bytes while reading ${what}`);
    this.position = end;
  }

  /**
   * Skips `count` length-prefixed strings (u64 length, bytes). Tokenizer vocabularies hold 100k+ of them,
   * so lengths are read straight from the buffer and the reader only awaits when it must refill.
   */
  async skipStrings(count: number, maxBytes: number, what: string): Promise<void> {
    for (let i = 0; i < count; i++) {
      if (this.position + 8 > this.bufferStart + this.buffer.length) await this.ensure(8, `length of ${what}[${i}]`);
      if (this.position + 8 > this.fileSize) throw new WeightFileError(this.file, `truncated: ${what}[${i}] runs past the end of the file`);
      const length = this.data.getBigUint64(this.position - this.bufferStart, true);
      if (length > BigInt(maxBytes)) throw new WeightFileError(this.file, `${what}[${i}] claims ${length} bytes`);
      this.position += 8;
      const bytes = Number(length);
      if (this.position + bytes <= this.bufferStart + this.buffer.length) this.position += bytes;
      else await this.skip(bytes, `${what}[${i}]`);
    }
  }

  async u8(what: string): Promise<number> {
    await this.ensure(1, what);
    return this.data.getUint8(this.take(1));
  }

  async i8(what: string): Promise<number> {
    await this.ensure(1, what);
    return this.data.getInt8(this.take(1));
  }

  async u16(what: string): Promise<number> {
    await this.ensure(2, what);
    return this.data.getUint16(this.take(2), true);
  }

  async i16(what: string): Promise<number> {
    await this.ensure(2, what);
    return this.data.getInt16(this.take(2), true);
  }

  async u32(what: string): Promise<number> {
    await this.ensure(4, what);
    return this.data.getUint32(this.take(4), true);
  }

  async i32(what: string): Promise<number> {
    await this.ensure(4, what);
    return this.data.getInt32(this.take(4), true);
  }

  async f32(what: string): Promise<number> {
    await this.ensure(4, what);
    return this.data.getFloat32(this.take(4), true);
  }

  async f64(what: string): Promise<number> {
    await this.ensure(8, what);
    return this.data.getFloat64(this.take(8), true);
  }

  async bigU64(what: string): Promise<bigint> {
    await this.ensure(8, what);
    return this.data.getBigUint64(this.take(8), true);
  }

  async bigI64(what: string): Promise<bigint> {
    await this.ensure(8, what);
    return this.data.getBigInt64(this.take(8), true);
  }

  /** A u64 as a number; values above 2^53 cannot be sizes of anything real and are rejected. */
  async u64(what: string): Promise<number> {
    const value = await this.bigU64(what);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new WeightFileError(this.file, `${what} is ${value}, beyond any real size`);
    return Number(value);
  }

  async utf8(length: number, what: string): Promise<string> {
    await this.ensure(length, what);
    const at = this.take(length);
    try {
      return this.decoder.decode(this.buffer.subarray(at, at + length));
    } catch {
      throw new WeightFileError(this.file, `${what} is not valid UTF-8`);
    }
  }
}
