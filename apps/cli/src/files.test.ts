import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision, storedTensors } from '@weightplan/weights';
import { writeGguf } from '@weightplan/weights/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { run } from './main.js';
import { testDirectory } from './testing/test-directory.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });
let gguf: string;

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { io: { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) }, detect: async () => machine });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-config-'));
  const ggufDirectory = mkdtempSync(join(tmpdir(), 'wp-files-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  const model = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0');
  const stored = storedTensors(model.architecture, getPrecision('Q4_K_M'));
  gguf = join(ggufDirectory, 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf');
  await writeGguf(
    gguf,
    {
      'general.architecture': 'llama',
      'general.name': 'TinyLlama 1.1B Chat v1.0',
      'llama.block_count': 22,
      'llama.context_length': 2048,
      'llama.embedding_length': 2048,
      'llama.feed_forward_length': 5632,
      'llama.attention.head_count': 32,
      'llama.attention.head_count_kv': 4,
      'llama.vocab_size': 32000,
    },
    stored.map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never })),
  );
  return () => {
    for (const directory of [configDirectory, ggufDirectory]) rmSync(directory, { recursive: true, force: true });
  };
});

describe('weightplan inspect', () => {
  it('prints exact parameters and bytes from the header', async () => {
    const { code, stdout } = await cli('inspect', gguf);
    expect(code).toBe(0);
    expect(stdout).toContain('Parameters: 1.10B (1,100,048,384)');
    expect(stdout).toMatch(/Q4_K\s/);
  });

  it('--json gives the whole document', async () => {
    const { code, stdout } = await cli('inspect', gguf, '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ format: 'gguf', parameterCount: 1_100_048_384, spec: { origin: 'imported' } });
    expect(doc.precision.storage.tensors).toHaveLength(22 * 9 + 3);
  });

  it('exits 2 with a one-line reason for a file that is not what it claims', async () => {
    const { code, stderr } = await cli('inspect', join(tmpdir(), 'does-not-exist.gguf'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/does-not-exist\.gguf: no such file or folder/);
  });
});

describe('weightplan inspect on hostile files', () => {
  const ESC = '\u001b';

  it('prints terminal escape sequences in GGUF names and metadata as visible escapes, never raw', async () => {
    const file = join(testDirectory('wp-escape-'), 'evil.gguf');
    await writeGguf(
      file,
      {
        'general.architecture': 'llama',
        'general.name': `Nice model${ESC}]0;owned${ESC}\\${ESC}[2J`,
        'general.license': `mit${ESC}[31m\r`,
        'llama.block_count': 1,
        'llama.context_length': 2048,
        'llama.embedding_length': 64,
        'llama.feed_forward_length': 128,
        'llama.attention.head_count': 4,
        'llama.vocab_size': 32,
      },
      [{ name: 'blk.0.attn_norm.weight', shape: [64], type: 'F32' }],
    );
    const { code, stdout } = await cli('inspect', file);
    expect(code).toBe(0);
    expect(stdout).not.toContain(ESC);
    expect(stdout).not.toContain('\r');
    expect(stdout).toContain('Nice model\\x1b]0;owned\\x1b\\\\x1b[2J');
    expect(stdout).toContain('general.license: mit\\x1b[31m\\x0d');
  });

  it('escapes a metadata key quoted in an error message', async () => {
    const key = Buffer.from(`evil${ESC}[2J`);
    const u64 = (n: number) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(n));
      return b;
    };
    const u32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n);
      return b;
    };
    const file = join(testDirectory('wp-escape-'), 'evil-key.gguf');
    writeFileSync(file, Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0), u64(1), u64(key.length), key, u32(77)]));
    const { code, stderr } = await cli('inspect', file);
    expect(code).toBe(2);
    expect(stderr).not.toContain(ESC);
    expect(stderr).toMatch(/evil\\x1b\[2J has unknown value type 77/);
  });

  it('exits 2 naming the field for intermediate_size 0 (it was exit 1, "unexpected error")', async () => {
    const file = join(testDirectory('wp-config-'), 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        model_type: 'llama',
        hidden_size: 4096,
        intermediate_size: 0,
        num_attention_heads: 32,
        num_hidden_layers: 32,
        vocab_size: 128256,
      }),
    );
    const { code, stderr } = await cli('inspect', file);
    expect(code).toBe(2);
    expect(stderr).toBe(`weightplan: ${file}: intermediate_size must be an integer 1..262144, got 0 (the model has dense FFN layers)\n`);
  });

  it('exits 2 with one line for num_hidden_layers 1,000,000,000, at once', async () => {
    const file = join(testDirectory('wp-config-'), 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ model_type: 'llama', hidden_size: 4096, num_attention_heads: 32, num_hidden_layers: 1e9, vocab_size: 128256 }),
    );
    const { code, stderr } = await cli('inspect', file);
    expect(code).toBe(2);
    expect(stderr).toBe(`weightplan: ${file}: num_hidden_layers must be an integer 1..1024, got 1000000000\n`);
  });
});

describe('schema errors', () => {
  it('print a ZodError as one line, its first issue, not 12-24 lines of JSON', async () => {
    const invalid = z.object({ layers: z.int().max(1024) }).safeParse({ layers: 1e9 }).error;
    let stderr = '';
    const code = await run(['detect'], {
      io: { out: () => undefined, err: (t) => (stderr += `${t}\n`) },
      detect: async () => {
        throw invalid;
      },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^weightplan: layers: Too big: expected number to be <=1024\n$/);
  });
});

describe('estimate with a path, and models add', () => {
  it('estimates a GGUF path with its exact bytes', async () => {
    const { code, stdout } = await cli('estimate', '--model', gguf, '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const expected = storedTensors(builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0').architecture, getPrecision('Q4_K_M')).reduce(
      (s, t) => s + t.bytes,
      0,
    );
    expect(doc.memory.weightsBytes).toBe(expected);
    expect(doc.runtime).toBe('llama.cpp');
  });

  it('adds the file to the user catalog; the id then works like a catalog id', async () => {
    expect((await cli('models', 'add', gguf)).stdout).toMatch(/added local\/TinyLlama-1-1B-Chat-v1-0|added local\/TinyLlama/);
    const listed = JSON.parse((await cli('models', '--imported', '--json')).stdout);
    expect(listed.models).toHaveLength(1);
    const id = listed.models[0].id;
    const { code, stdout } = await cli('estimate', '--model', id, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).model.parameterCount).toBe(1_100_048_384);
    expect((await cli('models', 'remove', id)).code).toBe(0);
    expect((await cli('models', 'remove', id)).code).toBe(2);
  });

  it('asks for a precision when a catalog model is given without one', async () => {
    const { code, stderr } = await cli('estimate', '--model', 'llama-3-8b');
    expect(code).toBe(2);
    expect(stderr).toMatch(/give a precision for meta-llama\/Meta-Llama-3-8B-Instruct/);
  });
});
