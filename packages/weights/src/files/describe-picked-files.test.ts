import { mkdtempSync, openAsBlob, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInModels, getPrecision } from '../lookup.js';
import { storedTensors, weightsFootprint } from '../weight-bytes.js';
import { describePickedFiles, PICKED_HEADER_MAX_BYTES } from './describe-picked-files.js';
import { HeaderDescriptionSchema } from './header-description.js';
import { describeWeights, type InspectResult, inspectWeights } from './inspect.js';
import { type PickedFile, pickedFileSource } from './picked-file-source.js';
import { QWEN25_05B_CONFIG, qwenSafetensorsTensors } from './qwen-test-fixture.js';
import { writeGguf, writeSafetensors } from './test-files.js';
import { WeightFileError } from './weight-file-error.js';
import { weightHeadersFromDescription } from './weight-headers-from-description.js';

const dir = () => mkdtempSync(join(tmpdir(), 'weightplan-picked-'));

/** A file on disk as a browser's File: Node's file-backed Blob, whose slices read only their range. */
async function picked(path: string): Promise<PickedFile & { sliced: number }> {
  const blob = await openAsBlob(path);
  const file = {
    name: basename(path),
    size: blob.size,
    sliced: 0,
    slice(start?: number, end?: number) {
      file.sliced += (end ?? blob.size) - (start ?? 0);
      return blob.slice(start, end);
    },
  };
  return file;
}

/** What the router answers for a picked file: the description sent as JSON, checked, and described. */
function describedOnServer(description: unknown): InspectResult {
  const sent = HeaderDescriptionSchema.parse(JSON.parse(JSON.stringify(description)));
  return describeWeights(weightHeadersFromDescription(sent));
}

/**
 * A path's answer and a picked file's are the same but for where the file is: the path names its folder,
 * the picker only the file's name (and there is no folder to re-read from, so no sourcePath).
 */
function comparable(result: InspectResult, folder?: string): unknown {
  const { elapsedMilliseconds: _, ...rest } = result;
  const { sourcePath: __, ...spec } = rest.spec;
  const text = JSON.stringify({ ...rest, spec });
  return JSON.parse(folder ? text.replaceAll(`${folder}/`, '') : text);
}

const TINYLLAMA = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0');

/** TinyLlama 1.1B Chat at Q4_K_M as llama.cpp writes it, with its 32,000-token vocabulary and a chat template. */
async function writeTinyLlama(path: string, tensors = storedTensors(TINYLLAMA.architecture, getPrecision('Q4_K_M'))) {
  const a = TINYLLAMA.architecture;
  await writeGguf(
    path,
    {
      'general.architecture': 'llama',
      'general.name': TINYLLAMA.name,
      'general.file_type': 15,
      'general.alignment': 32,
      'general.tags': { strings: ['text-generation'] },
      'llama.block_count': a.layers,
      'llama.context_length': a.maxContextTokens,
      'llama.embedding_length': a.hiddenSize,
      'llama.feed_forward_length': a.intermediateSize,
      'llama.attention.head_count': a.attentionHeads,
      'llama.attention.head_count_kv': a.kvHeads,
      'llama.rope.dimension_count': { u64: 64 },
      'tokenizer.ggml.model': 'llama',
      'tokenizer.ggml.tokens': { strings: Array.from({ length: a.vocabSize }, (_, i) => `<token ${i}>`) },
      'tokenizer.chat_template': `{% for message in messages %}${'x'.repeat(4000)}{% endfor %}`,
    },
    tensors.map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never })),
  );
}

async function failure(promise: Promise<unknown>): Promise<WeightFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WeightFileError);
  return error as WeightFileError;
}

describe('describePickedFiles: a browser reads the headers of picked files, the router describes them', () => {
  it('describes a GGUF exactly as inspecting its path does, reading only the header, and sends only what the figures need', async () => {
    const folder = dir();
    const path = join(folder, 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf');
    await writeTinyLlama(path);
    const file = await picked(path);
    const description = await describePickedFiles([file]);

    const fromPath = await inspectWeights(path);
    const fromPicked = describedOnServer(description);
    expect(comparable(fromPicked)).toEqual(comparable(fromPath, folder));
    expect(fromPicked.parameterCount).toBe(1_100_048_384);
    expect(fromPicked.weightsBytes).toBe(weightsFootprint(TINYLLAMA.architecture, getPrecision('Q4_K_M')).totalBytes);
    expect(fromPicked.spec.architecture.vocabSize).toBe(32_000);

    // The header (vocabulary, chat template) is about 0.7 MB of a 0.67 GB file; one 1 MiB chunk is read.
    expect(file.size).toBeGreaterThan(600_000_000);
    expect(file.sliced).toBeLessThanOrEqual(1024 * 1024);
    // The vocabulary arrives as its length, the chat template and tags not at all: 30 KB for 201 tensors.
    const sent = JSON.stringify(description);
    expect(sent.length).toBeLessThan(40_000);
    expect(sent).not.toContain('<token 1>');
    expect(sent).not.toContain('chat_template');
    const [gguf] = description.format === 'gguf' ? description.files : [];
    expect(gguf?.metadata['tokenizer.ggml.tokens']).toEqual({ arrayLength: 32_000, itemType: 8 });
    expect(gguf?.metadata['general.name']).toBe(TINYLLAMA.name);
  });

  it('describes every part of a split GGUF together, and names a part that was not picked', async () => {
    const folder = dir();
    const stored = storedTensors(TINYLLAMA.architecture, getPrecision('Q8_0'));
    const half = Math.floor(stored.length / 2);
    const first = join(folder, 'tiny-Q8_0-00001-of-00002.gguf');
    const second = join(folder, 'tiny-Q8_0-00002-of-00002.gguf');
    await writeTinyLlama(first, stored.slice(0, half));
    await writeTinyLlama(second, stored.slice(half));
    // Picked in any order, with the vision projector beside them left out as a folder's listing leaves it.
    const description = await describePickedFiles([await picked(second), await picked(first)]);
    expect(comparable(describedOnServer(description))).toEqual(comparable(await inspectWeights(first), folder));
    expect(describedOnServer(description).spec.architecture.tiedEmbeddings).toBe(false);

    const missing = await failure(describePickedFiles([await picked(first)]));
    expect(missing.message).toBe('tiny-Q8_0-00002-of-00002.gguf: missing part of a 2-part split GGUF: pick all 2 parts together');
    const laterOnly = await failure(describePickedFiles([await picked(second)]));
    expect(laterOnly.message).toBe('tiny-Q8_0-00002-of-00002.gguf: is part 2 of a 2-part split GGUF: pick every part, part 1 included');
  });

  it('describes safetensors with their config.json exactly as inspecting the path does: one file, or shards through the index', async () => {
    const folder = dir();
    writeFileSync(join(folder, 'config.json'), JSON.stringify(QWEN25_05B_CONFIG));
    await writeSafetensors(join(folder, 'model.safetensors'), qwenSafetensorsTensors(), { format: 'pt' });
    const single = await describePickedFiles([await picked(join(folder, 'model.safetensors')), await picked(join(folder, 'config.json'))]);
    const fromPath = await inspectWeights(join(folder, 'model.safetensors'));
    expect(comparable(describedOnServer(single))).toEqual(comparable(fromPath, folder));
    expect(fromPath.parameterCount).toBe(494_032_768);

    const sharded = dir();
    writeFileSync(join(sharded, 'config.json'), JSON.stringify(QWEN25_05B_CONFIG));
    const tensors = qwenSafetensorsTensors();
    const half = Math.floor(tensors.length / 2);
    const shards = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
    await writeSafetensors(join(sharded, shards[0] as string), tensors.slice(0, half));
    await writeSafetensors(join(sharded, shards[1] as string), tensors.slice(half));
    const weightMap = Object.fromEntries(tensors.map((t, i) => [t.name, shards[i < half ? 0 : 1]]));
    writeFileSync(join(sharded, 'model.safetensors.index.json'), JSON.stringify({ weight_map: weightMap }));
    const all = await Promise.all(['model.safetensors.index.json', 'config.json', ...shards].map((name) => picked(join(sharded, name))));
    const fromIndex = describedOnServer(await describePickedFiles(all));
    expect(comparable(fromIndex)).toEqual(comparable(await inspectWeights(join(sharded, 'model.safetensors.index.json')), sharded));
    expect(fromIndex.files.map((f) => f.path)).toEqual(shards);

    const withoutShard = await failure(describePickedFiles(all.slice(0, 3)));
    expect(withoutShard.message).toBe(
      'model-00002-of-00002.safetensors: shard named by model.safetensors.index.json was not picked: pick all 2 shards with it',
    );
    const withoutConfig = await failure(describePickedFiles([await picked(join(folder, 'model.safetensors'))]));
    expect(withoutConfig.message).toBe(
      'model.safetensors: needs a config.json beside the safetensors files to know the architecture: pick it with them',
    );
  });

  it('describes a config.json alone as inspecting it does: parameters from the architecture, no bytes', async () => {
    const folder = dir();
    writeFileSync(join(folder, 'config.json'), JSON.stringify(QWEN25_05B_CONFIG));
    const result = describedOnServer(await describePickedFiles([await picked(join(folder, 'config.json'))]));
    expect(comparable(result)).toEqual(comparable(await inspectWeights(join(folder, 'config.json')), folder));
    expect(result.weightsBytes).toBeNull();
  });

  it('says in one line what is wrong with a file that is not weights, a truncated header or an absurd header length', async () => {
    const folder = dir();
    const write = (name: string, bytes: Uint8Array | string) => {
      writeFileSync(join(folder, name), bytes);
      return picked(join(folder, name));
    };
    expect((await failure(describePickedFiles([await write('notes.gguf', 'just some text, not weights')]))).message).toBe(
      'notes.gguf: not a GGUF file (magic "just", expected "GGUF")',
    );
    expect((await failure(describePickedFiles([await write('photo.jpg', 'JFIF')]))).message).toBe(
      'photo.jpg: is not a .gguf, .safetensors, model.safetensors.index.json or config.json: ' +
        'pick a .gguf (every part of a split one), .safetensors files with their config.json, or a config.json',
    );
    expect((await failure(describePickedFiles([]))).reason).toMatch(/^pick a \.gguf/);

    // The first 100 bytes of a real GGUF: the metadata runs past the end.
    await writeTinyLlama(join(folder, 'whole.gguf'));
    const whole = await picked(join(folder, 'whole.gguf'));
    const head = new Uint8Array(await whole.slice(0, 100).arrayBuffer());
    expect((await failure(describePickedFiles([await write('cut.gguf', head)]))).reason).toMatch(/^truncated: /);

    // A safetensors header claiming 2^40 bytes: refused from its 8-byte length, before reading anything else.
    const absurd = new Uint8Array(16);
    new DataView(absurd.buffer).setBigUint64(0, 2n ** 40n, true);
    writeFileSync(join(folder, 'config.json'), JSON.stringify(QWEN25_05B_CONFIG));
    const huge = await write('huge.safetensors', absurd);
    const error = await failure(describePickedFiles([huge, await picked(join(folder, 'config.json'))]));
    expect(error.message).toBe(`huge.safetensors: header length 1099511627776 bytes exceeds the ${PICKED_HEADER_MAX_BYTES}-byte limit`);
    expect(huge.sliced).toBe(8);
  });

  it('never reads past its budget, whatever a file claims', async () => {
    const file: PickedFile = {
      name: 'endless.gguf',
      size: 10 * 1024 ** 3,
      slice: (start = 0, end = 0) => ({ arrayBuffer: async () => new ArrayBuffer(end - start) }),
    };
    const source = pickedFileSource(file, 3 * 1024 * 1024);
    await source.read(0, 2 * 1024 * 1024);
    await expect(source.read(2 * 1024 * 1024, 2 * 1024 * 1024)).rejects.toThrow(
      'endless.gguf: the headers do not end within the first 3145728 bytes read',
    );
    expect(source.bytesRead).toBe(2 * 1024 * 1024);
  });
});
