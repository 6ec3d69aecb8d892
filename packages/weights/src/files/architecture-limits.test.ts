import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ARCHITECTURE_LIMITS, ModelArchitectureSchema } from '../model-spec.js';
import { readGgufHeader } from './gguf-reader.js';
import { inspectWeights } from './inspect.js';
import { REAL_CONFIGS } from './real-configs.js';
import { ggufHeaderBytes, type TestTensor, writeGguf, writeSafetensors } from './test-files.js';
import { WeightFileError } from './weight-file-error.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
const dir = () => {
  const directory = mkdtempSync(join(tmpdir(), 'weightplan-limits-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
};
const realConfig = (id: string) => {
  const config = REAL_CONFIGS.find(([name]) => name === id)?.[1];
  if (!config) throw new Error(`no fixture ${id}`);
  return structuredClone(config);
};

/**
 * CPU time this process has spent (user + system, all its threads), in milliseconds. Work bounds are
 * checked on it rather than on the wall clock: other processes on a loaded CI machine stretch wall time
 * many times over, but not the CPU time a read itself needs.
 */
function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The error `inspectWeights` gives, checked to be a one-line WeightFileError, and the CPU time it took. */
async function refusal(path: string): Promise<{ message: string; milliseconds: number; heapGrowthBytes: number }> {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = cpuMilliseconds();
  const error = await inspectWeights(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  const milliseconds = cpuMilliseconds() - started;
  expect(error).toBeInstanceOf(WeightFileError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return { message, milliseconds, heapGrowthBytes: process.memoryUsage().heapUsed - heapBefore };
}

function configFile(config: Record<string, unknown>): string {
  const file = join(dir(), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** A small llama GGUF with `layers` real blocks of tensors, whose metadata may claim anything. */
async function llamaGguf(metadata: Record<string, number>, layers = 2, padToBytes = 0): Promise<string> {
  const tensors: TestTensor[] = [{ name: 'token_embd.weight', shape: [64, 32], type: 'F16' }];
  for (let l = 0; l < layers; l++) {
    tensors.push(
      { name: `blk.${l}.attn_norm.weight`, shape: [64], type: 'F32' },
      { name: `blk.${l}.ffn_up.weight`, shape: [64, 128], type: 'F16' },
    );
  }
  const file = join(dir(), 'model.gguf');
  await writeGguf(
    file,
    {
      'general.architecture': 'llama',
      'llama.block_count': layers,
      'llama.context_length': 4096,
      'llama.embedding_length': 64,
      'llama.feed_forward_length': 128,
      'llama.attention.head_count': 4,
      ...metadata,
    },
    tensors,
  );
  if (padToBytes) {
    const handle = await open(file, 'r+');
    const { size } = await handle.stat();
    if (size < padToBytes) await handle.truncate(padToBytes);
    await handle.close();
  }
  return file;
}

describe('architecture limits: a tiny file cannot claim a model that exhausts memory', () => {
  it('states every limit in the schema, and every catalog-sized model fits under them', () => {
    expect(ARCHITECTURE_LIMITS.layers).toBe(1024);
    const deepest = { ...baseArchitecture(), layers: 126 };
    expect(ModelArchitectureSchema.safeParse(deepest).success).toBe(true);
    const parsed = ModelArchitectureSchema.safeParse({ ...baseArchitecture(), layers: 1025 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/must be at most 1024/);
    const pattern = ModelArchitectureSchema.safeParse({ ...baseArchitecture(), attentionLayers: Array(1025).fill({ kind: 'full' }) });
    expect(pattern.success).toBe(false);
  });

  it('a 1 MB GGUF whose llama.block_count is 100,000,000 is refused at once, naming the field and the limit', async () => {
    const file = await llamaGguf({ 'llama.block_count': 100_000_000 }, 2, 1024 * 1024);
    const { message, milliseconds, heapGrowthBytes } = await refusal(file);
    expect(message).toBe(`${file}: metadata llama.block_count must be an integer 1..1024, got 100000000`);
    expect(milliseconds).toBeLessThan(2000);
    expect(heapGrowthBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it('a GGUF whose block_count is 1,000,000 is refused in well under a second, not after 5.8 s and 2 GB', async () => {
    const { message, milliseconds } = await refusal(await llamaGguf({ 'llama.block_count': 1_000_000 }));
    expect(message).toMatch(/llama\.block_count must be an integer 1\.\.1024, got 1000000$/);
    expect(milliseconds).toBeLessThan(1000);
  });

  it('a GGUF cannot claim more layers than its tensors hold', async () => {
    const { message } = await refusal(await llamaGguf({ 'llama.block_count': 500 }, 3));
    expect(message).toMatch(/llama\.block_count must be an integer 1\.\.3, got 500 \(the tensors hold 3 layers\)$/);
  });

  it('a GGUF without layer tensors (vocabulary only) says so', async () => {
    const { message } = await refusal(await llamaGguf({ 'llama.block_count': 22 }, 0));
    expect(message).toMatch(/llama\.block_count is 22 but the file holds no blk\.N tensors/);
  });

  it('a config.json with num_hidden_layers 1,000,000,000 is one line naming the file, field, range and value', async () => {
    const file = configFile({ ...realConfig('meta-llama/Meta-Llama-3-8B-Instruct'), num_hidden_layers: 1_000_000_000 });
    const { message, milliseconds } = await refusal(file);
    expect(message).toBe(`${file}: num_hidden_layers must be an integer 1..1024, got 1000000000`);
    expect(milliseconds).toBeLessThan(1000);
  });

  it('a gemma3 config.json with sliding_window_pattern 100,000,000 is refused before the pattern is built', async () => {
    const config = realConfig('google/gemma-3-27b-it');
    (config.text_config as Record<string, unknown>).sliding_window_pattern = 100_000_000;
    const { message, milliseconds } = await refusal(configFile(config));
    expect(message).toMatch(/config\.json: sliding_window_pattern must be an integer 1\.\.1024, got 100000000$/);
    expect(milliseconds).toBeLessThan(1000);
  });

  it('a qwen3_next config.json with full_attention_interval 100,000,000 is refused before the pattern is built', async () => {
    const config = { ...realConfig('Qwen/Qwen3-Next-80B-A3B-Instruct'), full_attention_interval: 100_000_000 };
    const { message, milliseconds } = await refusal(configFile(config));
    expect(message).toMatch(/config\.json: full_attention_interval must be an integer 1\.\.1024, got 100000000$/);
    expect(milliseconds).toBeLessThan(1000);
  });

  it('a layer_types list longer than the layer limit is refused before it is mapped', async () => {
    const config = { ...realConfig('meta-llama/Meta-Llama-3-8B-Instruct'), layer_types: Array(2000).fill('full_attention') };
    expect((await refusal(configFile(config))).message).toMatch(/layer_types has 2000 entries, at most 1024/);
  });

  it('intermediate_size 0 on a dense model is a typed error naming the field, not an unexpected crash', async () => {
    const file = configFile({ ...realConfig('meta-llama/Meta-Llama-3-8B-Instruct'), intermediate_size: 0 });
    expect((await refusal(file)).message).toBe(
      `${file}: intermediate_size must be an integer 1..262144, got 0 (the model has dense FFN layers)`,
    );
  });

  it.each([
    ['hidden_size', 10 ** 9, /hidden_size must be an integer 1\.\.65536, got 1000000000$/],
    ['vocab_size', 2 ** 40, /vocab_size must be an integer 1\.\.4194304, got 1099511627776$/],
    ['num_attention_heads', 32.5, /num_attention_heads must be an integer 1\.\.1024, got 32\.5$/],
    ['num_hidden_layers', -3, /num_hidden_layers must be an integer 1\.\.1024, got -3$/],
    ['num_hidden_layers', '32', /num_hidden_layers must be an integer 1\.\.1024, got "32"$/],
    ['max_position_embeddings', 1e300, /max_position_embeddings must be an integer 1\.\.1073741824, got 1e\+300$/],
  ])('config.json %s = %s is one line naming the field', async (key, value, reason) => {
    const file = configFile({ ...realConfig('meta-llama/Meta-Llama-3-8B-Instruct'), [key]: value });
    expect((await refusal(file)).message).toMatch(reason);
  });

  it('a schema failure the field checks do not name is still one line (no ZodError dump)', async () => {
    // A dense FFN tensor 300,000 wide: its width comes from the tensor, past the FFN limit.
    const file = join(dir(), 'wide.gguf');
    await writeGguf(
      file,
      {
        'general.architecture': 'llama',
        'llama.block_count': 1,
        'llama.context_length': 4096,
        'llama.embedding_length': 64,
        'llama.attention.head_count': 4,
        'llama.vocab_size': 32,
      },
      [{ name: 'blk.0.ffn_up.weight', shape: [1, 300_000], type: 'F16' }],
    );
    expect((await refusal(file)).message).toMatch(/architecture not understood: intermediateSize: must be at most 262144/);
  });

  it('100,000 tensors past the layer count are counted in linear time (was 6.6 s, quadratic)', { timeout: 60_000 }, async () => {
    const tensors: TestTensor[] = [{ name: 'blk.0.attn_norm.weight', shape: [64], type: 'F32' }];
    for (let l = 1; l <= 100_000; l++) tensors.push({ name: `blk.${l}.attn_norm.weight`, shape: [1], type: 'F32' });
    const file = join(dir(), 'mtp.gguf');
    await writeGguf(
      file,
      {
        'general.architecture': 'llama',
        'llama.block_count': 1,
        'llama.context_length': 4096,
        'llama.embedding_length': 64,
        'llama.feed_forward_length': 128,
        'llama.attention.head_count': 4,
        'llama.vocab_size': 32,
      },
      tensors,
    );
    // CPU time, relative to reading the header (itself linear), so a loaded machine does not make it
    // flaky: the quadratic filter added 6.6 s to a ~1 s read.
    let started = cpuMilliseconds();
    await readGgufHeader(file);
    const readMilliseconds = cpuMilliseconds() - started;
    started = cpuMilliseconds();
    const result = await inspectWeights(file);
    expect(cpuMilliseconds() - started).toBeLessThan(3 * readMilliseconds + 1000);
    expect(result.warnings[0]).toMatch(/^100000 tensors belong to layers past the model's 1/);
    expect(result.tensorCount).toBe(1);
  });

  it('a safetensors set cannot claim more layers than its tensors hold', async () => {
    const folder = dir();
    writeFileSync(
      join(folder, 'config.json'),
      JSON.stringify({ ...realConfig('meta-llama/Meta-Llama-3-8B-Instruct'), num_hidden_layers: 900 }),
    );
    await writeSafetensors(join(folder, 'model.safetensors'), [
      { name: 'model.layers.0.input_layernorm.weight', dtype: 'BF16', shape: [4096] },
      { name: 'model.layers.1.input_layernorm.weight', dtype: 'BF16', shape: [4096] },
    ]);
    expect((await refusal(folder)).message).toMatch(
      /config\.json: num_hidden_layers must be an integer 1\.\.2, got 900 \(the safetensors files hold 2 layers\)$/,
    );
  });
});

function baseArchitecture() {
  return {
    hfArchitecture: 'LlamaForCausalLM',
    modelType: 'llama',
    layers: 32,
    hiddenSize: 4096,
    intermediateSize: 14336,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 128256,
    maxContextTokens: 8192,
    tiedEmbeddings: false,
    attentionLayers: [{ kind: 'full' }],
  };
}

// The header builder is exercised here too: a GGUF whose metadata says nothing hostile still reads.
it('reads the same small GGUF when its metadata is sane', async () => {
  const result = await inspectWeights(await llamaGguf({}, 2));
  expect(result.spec.architecture.layers).toBe(2);
  expect(ggufHeaderBytes({}, []).header.length).toBeGreaterThan(0);
});
