import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { existsForReader } from './file-fence.js';
import { readGgufHeader } from './gguf-reader.js';
import { inspectWeights } from './inspect.js';
import { REAL_CONFIGS } from './real-configs.js';
import { readSafetensorsHeader } from './safetensors-reader.js';
import { writeGguf, writeSafetensors } from './test-files.js';
import { WeightFileError } from './weight-file-error.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
const dir = () => {
  const directory = mkdtempSync(join(tmpdir(), 'weightplan-fence-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
};
const LLAMA_CONFIG = REAL_CONFIGS[0]?.[1] ?? {};
/** What an attacker would like to read: its first bytes must never show up in an answer. */
const SECRET = 'SECRET-first-bytes-of-a-private-file';

function outsideSecret(): string {
  const file = join(dir(), 'private.gguf');
  writeFileSync(file, `${SECRET}${'x'.repeat(100)}`);
  return file;
}

async function failure(work: Promise<unknown>): Promise<Error> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WeightFileError);
  expect((error as Error).message).not.toContain(SECRET.slice(0, 4));
  return error as Error;
}

const meta = { 'general.architecture': 'llama', 'llama.block_count': 1 };
const canMakeFifo = process.platform !== 'win32';

describe('--allow-dir fence on every file a reader opens', () => {
  it('a symbolically linked part 2 of a split GGUF is refused, not read (it leaked the first bytes of any file)', async () => {
    const allowed = dir();
    await writeGguf(join(allowed, 'm-00001-of-00002.gguf'), meta, []);
    symlinkSync(outsideSecret(), join(allowed, 'm-00002-of-00002.gguf'));
    const error = await failure(inspectWeights(join(allowed, 'm-00001-of-00002.gguf'), { allowedRoots: [allowed] }));
    expect(error.message).toMatch(/m-00002-of-00002\.gguf: is outside the directories this server may read/);
  });

  it('a shard named in a safetensors index that links outside the allowed folders is refused', async () => {
    const allowed = dir();
    writeFileSync(join(allowed, 'config.json'), JSON.stringify(LLAMA_CONFIG));
    await writeSafetensors(join(allowed, 'model-00001-of-00002.safetensors'), [{ name: 'a', dtype: 'F16', shape: [2] }]);
    symlinkSync(outsideSecret(), join(allowed, 'model-00002-of-00002.safetensors'));
    writeFileSync(
      join(allowed, 'model.safetensors.index.json'),
      JSON.stringify({ weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' } }),
    );
    const error = await failure(inspectWeights(allowed, { allowedRoots: [allowed] }));
    expect(error.message).toMatch(/is outside the directories/);
  });

  it('the readers check the fence themselves, whoever calls them', async () => {
    const allowed = dir();
    const link = join(allowed, 'model.gguf');
    symlinkSync(outsideSecret(), link);
    await failure(readGgufHeader(link, { allowedRoots: [allowed] }));
    const shard = join(allowed, 'model.safetensors');
    symlinkSync(outsideSecret(), shard);
    await failure(readSafetensorsHeader(shard, { allowedRoots: [allowed] }));
  });

  it.runIf(canMakeFifo)('a FIFO named a.safetensors is refused before it is opened (it blocked the libuv pool)', async () => {
    const allowed = dir();
    writeFileSync(join(allowed, 'config.json'), JSON.stringify(LLAMA_CONFIG));
    execFileSync('mkfifo', [join(allowed, 'a.safetensors')]);
    const error = await failure(inspectWeights(allowed, { allowedRoots: [allowed] }));
    expect(error.message).toMatch(/a\.safetensors: is a FIFO, not a weight file$/);
    // Without a root the CLI reads the same way.
    await expect(readSafetensorsHeader(join(allowed, 'a.safetensors'))).rejects.toThrow(/is a FIFO/);
    execFileSync('mkfifo', [join(allowed, 'model.gguf')]);
    await expect(readGgufHeader(join(allowed, 'model.gguf'))).rejects.toThrow(/is a FIFO/);
    // Not opened at all (an open would block a libuv thread until a writer came): a non-blocking open for
    // writing fails with ENXIO exactly when no reader holds the FIFO open.
    for (const fifo of ['a.safetensors', 'model.gguf']) {
      expect(() => openSync(join(allowed, fifo), constants.O_WRONLY | constants.O_NONBLOCK), fifo).toThrow(/ENXIO/);
    }
  });

  it.runIf(canMakeFifo)('a FIFO named config.json is refused, not waited on', async () => {
    const allowed = dir();
    execFileSync('mkfifo', [join(allowed, 'config.json')]);
    await expect(inspectWeights(join(allowed, 'config.json'))).rejects.toThrow(/config\.json: is neither a file nor a folder$/);
  });

  it('a device is refused before it is opened', async () => {
    await expect(readGgufHeader('/dev/zero')).rejects.toThrow(/is a device, not a weight file$/);
  });

  it('existence outside the allowed folders is no oracle: "apps/../../../etc/shadow" is not a path whether or not it exists', () => {
    const allowed = dir();
    const present = outsideSecret();
    const missing = join(dir(), 'absent.gguf');
    // src/.. as the server's apps/..: a folder that exists in the working folder, then out of it.
    const traverse = (target: string) => `src/${relative(join(process.cwd(), 'src'), target)}`;
    expect(existsForReader(traverse(present), [allowed])).toBe(false);
    expect(existsForReader(traverse(missing), [allowed])).toBe(false);
    // Inside the roots, and without roots (the CLI), existence is real.
    writeFileSync(join(allowed, 'config.json'), '{}');
    expect(existsForReader(join(allowed, 'config.json'), [allowed])).toBe(true);
    expect(existsForReader(join(allowed, 'nothing.json'), [allowed])).toBe(false);
    expect(existsForReader(traverse(present), undefined)).toBe(true);
  });
});
