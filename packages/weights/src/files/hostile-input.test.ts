import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readGgufHeader } from './gguf-reader.js';
import { readSafetensorsHeader } from './safetensors-reader.js';
import { ggufHeaderBytes } from './test-files.js';
import { WeightFileError } from './weight-file-error.js';

const folder = mkdtempSync(join(tmpdir(), 'weightplan-hostile-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let counter = 0;
function file(bytes: Buffer | Uint8Array, extension: string): string {
  const path = join(folder, `f${counter++}${extension}`);
  writeFileSync(path, bytes);
  return path;
}

const u64 = (value: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  return b;
};
const u32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
};

const VALID = ggufHeaderBytes({ 'general.architecture': 'llama', 'llama.block_count': 2 }, [
  { name: 'token_embd.weight', shape: [64, 32], type: 'F16' },
]);
const validGguf = () => Buffer.concat([VALID.header, Buffer.alloc(64 + VALID.dataBytes)]);

async function expectReason(read: Promise<unknown>, reason: RegExp) {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WeightFileError);
  expect((error as Error).message).toMatch(reason);
  expect((error as Error).message).not.toContain('\n');
}

describe('GGUF reader on hostile input', () => {
  it('reads the valid baseline', async () => {
    const header = await readGgufHeader(file(validGguf(), '.gguf'));
    expect(header.tensors).toHaveLength(1);
  });

  it.each([
    ['wrong magic', () => Buffer.concat([Buffer.from('GGML'), validGguf().subarray(4)]), /not a GGUF file/],
    ['unsupported version', () => Buffer.concat([Buffer.from('GGUF'), u32(99), validGguf().subarray(8)]), /version 99 is not supported/],
    ['truncated header', () => validGguf().subarray(0, 30), /truncated/],
    ['absurd tensor count', () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(10n ** 12n), u64(0n)]), /claims 1000000000000 tensors/],
    ['absurd metadata count', () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(10n ** 9n)]), /metadata entries/],
    [
      'a 10 GB key length',
      () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(10n * 1024n ** 3n)]),
      /claims 10737418240 bytes/,
    ],
    ['a length beyond 2^53', () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(2n ** 63n)]), /beyond any real size/],
    [
      'invalid UTF-8 in a key',
      () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(2n), Buffer.from([0xc3, 0x28]), u32(4), u32(1)]),
      /not valid UTF-8/,
    ],
    [
      'unknown value type',
      () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(1n), Buffer.from('k'), u32(77)]),
      /unknown value type 77/,
    ],
    [
      'five dimensions',
      () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(1n), u64(0n), u64(1n), Buffer.from('t'), u32(5)]),
      /5 dimensions \(1 to 4 allowed\)/,
    ],
    [
      'dimensions whose product overflows',
      () =>
        Buffer.concat([Buffer.from('GGUF'), u32(3), u64(1n), u64(0n), u64(1n), Buffer.from('t'), u32(2), u64(2n ** 40n), u64(2n ** 40n)]),
      /overflows/,
    ],
    [
      'an unknown GGML type',
      () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(1n), u64(0n), u64(1n), Buffer.from('t'), u32(1), u64(32n), u32(999), u64(0n)]),
      /unknown GGML type 999/,
    ],
    [
      'tensor data beyond the end of the file',
      () => Buffer.concat([Buffer.from('GGUF'), u32(3), u64(1n), u64(0n), u64(1n), Buffer.from('t'), u32(1), u64(1024n), u32(0), u64(0n)]),
      /runs past the end of the file/,
    ],
  ])('rejects %s with a one-line reason', async (_label, bytes, reason) => {
    await expectReason(readGgufHeader(file(bytes(), '.gguf')), reason);
  });

  it('never hangs or crashes on random or mutated headers: it either reads them or says why not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.concat([Buffer.from('GGUF'), Buffer.from(bytes)])),
          fc
            .array(fc.record({ at: fc.nat({ max: VALID.header.length - 1 }), value: fc.nat({ max: 255 }) }), { minLength: 1, maxLength: 8 })
            .map((mutations) => {
              const bytes = validGguf();
              for (const m of mutations) bytes[m.at] = m.value;
              return bytes;
            }),
        ),
        async (bytes) => {
          try {
            await readGgufHeader(file(bytes, '.gguf'));
          } catch (error) {
            expect(error).toBeInstanceOf(WeightFileError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

function safetensors(header: string, dataBytes = 0, declared?: bigint): Buffer {
  const json = Buffer.from(header, 'utf8');
  return Buffer.concat([u64(declared ?? BigInt(json.length)), json, Buffer.alloc(dataBytes)]);
}

describe('safetensors reader on hostile input', () => {
  it('reads a valid file', async () => {
    const header = await readSafetensorsHeader(
      file(safetensors('{"a":{"dtype":"F16","shape":[2,3],"data_offsets":[0,12]}}', 12), '.safetensors'),
    );
    expect(header.tensors).toEqual([{ name: 'a', dtype: 'F16', shape: [2, 3], elements: 6, bytes: 12 }]);
  });

  it.each([
    ['a 10 GB header length', () => safetensors('{}', 0, 10n * 1024n ** 3n), /exceeds the 104857600-byte limit/],
    ['a header longer than the file', () => safetensors('{}', 0, 5000n), /runs past the end/],
    ['a truncated file', () => Buffer.from([1, 2, 3]), /truncated/],
    ['invalid JSON', () => safetensors('{"a":'), /not a JSON object \(it must start with "{" and end with "}"/],
    ['invalid JSON between braces', () => safetensors('{"a":}'), /not valid JSON/],
    ['deeply nested JSON', () => safetensors(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), /not valid JSON|not a JSON object/],
    ['invalid UTF-8', () => Buffer.concat([u64(4n), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]), /not valid UTF-8/],
    ['an unknown dtype', () => safetensors('{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,1]}}', 1), /unknown dtype "Q4"/],
    [
      'offsets that disagree with the shape',
      () => safetensors('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', 8),
      /4 bytes for 2 F32 values \(expected 8\)/,
    ],
    [
      'data beyond the file',
      () => safetensors('{"a":{"dtype":"F32","shape":[1024],"data_offsets":[0,4096]}}', 16),
      /runs past the end of the file/,
    ],
    ['a shape that overflows', () => safetensors('{"a":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}}'), /overflows/],
  ])('rejects %s with a one-line reason', async (_label, bytes, reason) => {
    await expectReason(readSafetensorsHeader(file(bytes(), '.safetensors')), reason);
  });

  it('never crashes on random headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), fc.nat({ max: 64 }), async (json, extra) => {
        try {
          await readSafetensorsHeader(file(safetensors(json, extra), '.safetensors'));
        } catch (error) {
          expect(error).toBeInstanceOf(WeightFileError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
