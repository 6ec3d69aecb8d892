import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtInModels, getPrecision } from '../lookup.js';
import { storedTensors, weightsFootprint } from '../weight-bytes.js';
import { inspectWeights } from './inspect.js';
import { QWEN25_05B_CONFIG, qwenSafetensorsTensors } from './qwen-test-fixture.js';
import { writeGguf, writeSafetensors } from './test-files.js';
import { WeightFileError } from './weight-file-error.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
const dir = () => {
  const directory = mkdtempSync(join(tmpdir(), 'weightplan-inspect-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
};

/** A real model's GGUF as llama.cpp would write it at `ftype`: our tensor list and recipe, sparse data. */
async function writeCatalogGguf(path: string, modelId: string, precisionId: string, extra: Record<string, never> = {}) {
  const model = builtInModels().get(modelId);
  const arch = model.architecture;
  const stored = storedTensors(arch, getPrecision(precisionId));
  await writeGguf(
    path,
    {
      'general.architecture': 'llama',
      'general.name': model.name,
      'llama.block_count': arch.layers,
      'llama.context_length': arch.maxContextTokens,
      'llama.embedding_length': arch.hiddenSize,
      'llama.feed_forward_length': arch.intermediateSize,
      'llama.attention.head_count': arch.attentionHeads,
      'llama.attention.head_count_kv': arch.kvHeads,
      'llama.vocab_size': arch.vocabSize,
      ...extra,
    },
    stored.map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never })),
  );
  return { model, footprint: weightsFootprint(arch, getPrecision(precisionId)) };
}

describe('inspectWeights on GGUF', () => {
  it('reads TinyLlama Q4_K_M exactly: 1,100,048,384 parameters and every tensor byte, from the header alone', async () => {
    const file = join(dir(), 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf');
    const { footprint } = await writeCatalogGguf(file, 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'Q4_K_M');
    const result = await inspectWeights(file);
    expect(result.format).toBe('gguf');
    expect(result.parameterCount).toBe(1_100_048_384);
    expect(result.weightsBytes).toBe(footprint.totalBytes);
    expect(result.byDtype.map((d) => d.type)).toEqual(expect.arrayContaining(['Q4_K', 'Q6_K', 'F32']));
    expect(result.spec).toMatchObject({ origin: 'imported', id: 'local/TinyLlama-1.1B-Chat-v1.0', variant: 'instruct' });
    expect(result.spec.architecture).toMatchObject({ layers: 22, hiddenSize: 2048, kvHeads: 4, headDim: 64, tiedEmbeddings: false });
    expect(result.warnings).toEqual([]);
  });

  it('reads a split GGUF set as one model', async () => {
    const folder = dir();
    const model = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0');
    const stored = storedTensors(model.architecture, getPrecision('Q8_0'));
    const half = Math.floor(stored.length / 2);
    const meta = {
      'general.architecture': 'llama',
      'llama.block_count': 22,
      'llama.context_length': 2048,
      'llama.embedding_length': 2048,
      'llama.attention.head_count': 32,
      'llama.attention.head_count_kv': 4,
      'llama.vocab_size': 32000,
      'split.count': 2,
    };
    const tensors = stored.map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never }));
    await writeGguf(join(folder, 'tiny-Q8_0-00001-of-00002.gguf'), { ...meta, 'split.no': 0 }, tensors.slice(0, half));
    await writeGguf(join(folder, 'tiny-Q8_0-00002-of-00002.gguf'), { ...meta, 'split.no': 1 }, tensors.slice(half));
    const result = await inspectWeights(join(folder, 'tiny-Q8_0-00001-of-00002.gguf'));
    expect(result.files).toHaveLength(2);
    expect(result.parameterCount).toBe(1_100_048_384);
    expect(result.weightsBytes).toBe(weightsFootprint(model.architecture, getPrecision('Q8_0')).totalBytes);
    // output.weight sits in the second part: the head is not mistaken for tied embeddings.
    expect(result.spec.architecture.tiedEmbeddings).toBe(false);
    expect(result.warnings).toEqual([]);
    // The folder finds the set too.
    expect((await inspectWeights(folder)).files).toHaveLength(2);
  });

  it('says which part of a split set is missing', async () => {
    const folder = dir();
    await writeGguf(join(folder, 'm-00001-of-00003.gguf'), { 'general.architecture': 'llama' }, []);
    await expect(inspectWeights(join(folder, 'm-00001-of-00003.gguf'))).rejects.toThrow(
      /m-00002-of-00003\.gguf: missing part of a 3-part split GGUF/,
    );
  });
});

describe('inspectWeights on safetensors', () => {
  it('reads Qwen2.5-0.5B from a folder: 494,032,768 parameters, 2 bytes each', async () => {
    const folder = dir();
    writeFileSync(join(folder, 'config.json'), JSON.stringify(QWEN25_05B_CONFIG));
    await writeSafetensors(join(folder, 'model.safetensors'), qwenSafetensorsTensors(), { format: 'pt' });
    const result = await inspectWeights(folder);
    expect(result.format).toBe('safetensors');
    expect(result.parameterCount).toBe(494_032_768);
    expect(result.weightsBytes).toBe(494_032_768 * 2);
    expect(result.byDtype).toEqual([{ type: 'BF16', tensors: 24 * 12 + 2, parameters: 494_032_768, bytes: 988_065_536 }]);
    expect(result.spec.architecture).toMatchObject({ attentionBias: 'qkv', tiedEmbeddings: true });
    expect(result.warnings).toEqual([]);
  });

  it('reads a sharded set through model.safetensors.index.json', async () => {
    const folder = dir();
    writeFileSync(join(folder, 'config.json'), JSON.stringify(QWEN25_05B_CONFIG));
    const tensors = qwenSafetensorsTensors();
    const half = Math.floor(tensors.length / 2);
    await writeSafetensors(join(folder, 'model-00001-of-00002.safetensors'), tensors.slice(0, half));
    await writeSafetensors(join(folder, 'model-00002-of-00002.safetensors'), tensors.slice(half));
    const weightMap = Object.fromEntries(
      tensors.map((t, i) => [t.name, i < half ? 'model-00001-of-00002.safetensors' : 'model-00002-of-00002.safetensors']),
    );
    writeFileSync(
      join(folder, 'model.safetensors.index.json'),
      JSON.stringify({ metadata: { total_size: 988_065_536 }, weight_map: weightMap }),
    );
    const result = await inspectWeights(join(folder, 'model.safetensors.index.json'));
    expect(result.files).toHaveLength(2);
    expect(result.parameterCount).toBe(494_032_768);
  });

  it('counts AWQ-packed weights as parameters and scales and zeros as storage only', async () => {
    const folder = dir();
    writeFileSync(
      join(folder, 'config.json'),
      JSON.stringify({
        ...QWEN25_05B_CONFIG,
        num_hidden_layers: 1,
        quantization_config: { quant_method: 'awq', bits: 4, group_size: 128 },
      }),
    );
    await writeSafetensors(join(folder, 'model.safetensors'), [
      { name: 'model.embed_tokens.weight', dtype: 'F16', shape: [151936, 896] },
      { name: 'model.layers.0.mlp.up_proj.qweight', dtype: 'I32', shape: [896, 4864 / 8] },
      { name: 'model.layers.0.mlp.up_proj.qzeros', dtype: 'I32', shape: [896 / 128, 4864 / 8] },
      { name: 'model.layers.0.mlp.up_proj.scales', dtype: 'F16', shape: [896 / 128, 4864] },
    ]);
    const result = await inspectWeights(folder);
    expect(result.quantization).toEqual({ method: 'awq', bits: 4, groupSize: 128 });
    expect(result.parameterCount).toBe(151936 * 896 + 896 * 4864);
    expect(result.byDtype.find((d) => d.type === 'I32')?.parameters).toBe(896 * 4864);
  });

  it('reads a bare config.json and computes the count from the architecture', async () => {
    const file = join(dir(), 'config.json');
    writeFileSync(file, JSON.stringify(QWEN25_05B_CONFIG));
    const result = await inspectWeights(file);
    expect(result.format).toBe('config');
    expect(result.parameterCount).toBe(494_032_768);
    expect(result.weightsBytes).toBeNull();
    expect(result.precision).toBeNull();
  });
});

describe('inspectWeights refuses what it may not read', () => {
  it('rejects paths outside the allowed directories, through .. and through symbolic links', async () => {
    const allowed = dir();
    const outside = dir();
    writeFileSync(join(outside, 'config.json'), JSON.stringify(QWEN25_05B_CONFIG));
    symlinkSync(join(outside, 'config.json'), join(allowed, 'link.json'));
    await expect(
      inspectWeights(join(allowed, '..', outside.split('/').pop() ?? '', 'config.json'), { allowedRoots: [allowed] }),
    ).rejects.toThrow(/outside the directories/);
    await expect(inspectWeights(join(allowed, 'link.json'), { allowedRoots: [allowed] })).rejects.toThrow(/outside the directories/);
    await expect(inspectWeights('/etc/passwd', { allowedRoots: [allowed] })).rejects.toThrow(/outside the directories/);
    // A missing file outside the allowed folders looks the same as a present one: no probing for files.
    await expect(inspectWeights('/etc/no-such-file.gguf', { allowedRoots: [allowed] })).rejects.toThrow(/outside the directories/);
    await expect(inspectWeights(join(allowed, 'missing.gguf'), { allowedRoots: [allowed] })).rejects.toThrow(/no such file/);
  });

  it('reports a symbolic-link loop in one line', async () => {
    const folder = dir();
    symlinkSync(join(folder, 'b'), join(folder, 'a'));
    symlinkSync(join(folder, 'a'), join(folder, 'b'));
    await expect(inspectWeights(join(folder, 'a'))).rejects.toThrow(WeightFileError);
    await expect(inspectWeights(join(folder, 'a'))).rejects.toThrow(/symbolic link loop/);
  });

  it('says what a folder without weights lacks', async () => {
    const folder = dir();
    mkdirSync(join(folder, 'nested'));
    await expect(inspectWeights(folder)).rejects.toThrow(/holds no \.gguf, \.safetensors or config\.json/);
  });
});
