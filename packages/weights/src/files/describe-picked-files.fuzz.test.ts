// Differential fuzz: a mutated real GGUF header inspected by path and the same bytes picked in a browser
// (read by describePickedFiles, sent as JSON, checked by the schema, described by the router's code) must
// agree: the same result, or a one-line WeightFileError on both sides. A disagreement is a picked file
// planned differently from the same file on disk, or a description the router refuses that the describer
// built.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInModels, getPrecision } from '../lookup.js';
import { storedTensors } from '../weight-bytes.js';
import { describePickedFiles } from './describe-picked-files.js';
import { HeaderDescriptionSchema } from './header-description.js';
import { describeWeights, type InspectResult, inspectWeights } from './inspect.js';
import type { PickedFile } from './picked-file-source.js';
import { ggufHeaderBytes, type TestTensor } from './test-files.js';
import { WeightFileError } from './weight-file-error.js';
import { weightHeadersFromDescription } from './weight-headers-from-description.js';

const RUNS = { numRuns: 80, interruptAfterTimeLimit: 4000, markInterruptAsFailure: false } as const;
const folder = mkdtempSync(join(tmpdir(), 'weightplan-picked-fuzz-'));
let counter = 0;

const tiny = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0');
const a = tiny.architecture;
const TENSORS: TestTensor[] = storedTensors(a, getPrecision('Q4_K_M')).map((s) => ({
  name: s.tensor.name,
  shape: s.tensor.shape,
  type: s.type as TestTensor['type'],
}));
const METADATA = {
  'general.architecture': 'llama',
  'general.name': tiny.name,
  'llama.block_count': a.layers,
  'llama.context_length': a.maxContextTokens,
  'llama.embedding_length': a.hiddenSize,
  'llama.feed_forward_length': a.intermediateSize,
  'llama.attention.head_count': a.attentionHeads,
  'llama.attention.head_count_kv': a.kvHeads,
  'llama.rope.freq_base': { f32: 10000 },
  'tokenizer.ggml.tokens': { strings: Array.from({ length: 80 }, (_, i) => `t${i}`) },
} as const;
const TINY = ggufHeaderBytes(METADATA, TENSORS);
const totalBytes = Math.ceil(TINY.header.length / 32) * 32 + TINY.dataBytes;

/** The header's bytes followed by `size` - header zeros: a picked file without a disk behind it. */
function inMemory(name: string, header: Uint8Array, size: number): PickedFile {
  return {
    name,
    size,
    slice(start = 0, end = size) {
      const bytes = new Uint8Array(Math.max(0, Math.min(end, size) - start));
      bytes.set(header.subarray(start, Math.min(header.length, start + bytes.length)));
      return { arrayBuffer: async () => bytes.buffer };
    },
  };
}

async function writeSparse(path: string, header: Uint8Array, size: number): Promise<void> {
  const handle = await open(path, 'w');
  await handle.write(header, 0, Math.min(header.length, size), 0);
  await handle.truncate(size);
  await handle.close();
}

type Outcome = { ok: true; result: unknown } | { ok: false; reason: string };

async function outcome(read: () => Promise<InspectResult>, prefix: string): Promise<Outcome> {
  try {
    const { elapsedMilliseconds: _, ...result } = await read();
    const { sourcePath: __, ...spec } = result.spec;
    return { ok: true, result: JSON.parse(JSON.stringify({ ...result, spec }).replaceAll(prefix, '')) };
  } catch (error) {
    // Anything but the readers' one-line error is a crash.
    if (!(error instanceof WeightFileError)) throw error;
    expect(error.message).not.toMatch(/\n/);
    return { ok: false, reason: error.reason };
  }
}

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('bytes' as const),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('u32' as const),
    at: fc.nat(),
    value: fc.constantFrom(0, 1, 6, 8, 9, 12, 0x7fc00000, 0xff800000, 2 ** 32 - 1),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

describe('fuzz: a picked GGUF and the same file by path agree', () => {
  it('mutated real headers give the same result, or a one-line WeightFileError, both ways', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const bytes = new Uint8Array(TINY.header);
        const view = new DataView(bytes.buffer);
        let size = totalBytes;
        const at = 'at' in m ? m.at % bytes.length : 0;
        if (m.kind === 'bytes') for (const [offset, value] of m.edits) bytes[offset % bytes.length] = value;
        if (m.kind === 'u32' && at + 4 <= bytes.length) view.setUint32(at, m.value, true);
        if (m.kind === 'truncate') size = at;
        counter += 1;
        const path = join(folder, `${counter}-model.gguf`);
        await writeSparse(path, bytes, size);
        const byPath = await outcome(() => inspectWeights(path), `${folder}/`);
        const picked = await outcome(async () => {
          const description = await describePickedFiles([inMemory(`${counter}-model.gguf`, bytes, size)]);
          // What the describer builds, the router's schema accepts.
          const sent = HeaderDescriptionSchema.parse(JSON.parse(JSON.stringify(description)));
          return describeWeights(weightHeadersFromDescription(sent));
        }, '');
        expect(picked.ok).toBe(byPath.ok);
        if (picked.ok && byPath.ok) expect(picked.result).toEqual(byPath.result);
      }),
      RUNS,
    );
  });
});

// --- safetensors with their config.json: a small Llama (2 layers), mutated in the JSON header's bytes ------
const CONFIG = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 256,
  intermediate_size: 768,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  num_hidden_layers: 2,
  vocab_size: 1000,
  max_position_embeddings: 2048,
};

function safetensorsBytes(): { bytes: Uint8Array; size: number } {
  const shapes: Array<[string, number[]]> = [
    ['model.embed_tokens.weight', [1000, 256]],
    ['lm_head.weight', [1000, 256]],
    ['model.norm.weight', [256]],
  ];
  for (let i = 0; i < 2; i++) {
    const p = `model.layers.${i}`;
    shapes.push(
      [`${p}.input_layernorm.weight`, [256]],
      [`${p}.post_attention_layernorm.weight`, [256]],
      [`${p}.self_attn.q_proj.weight`, [256, 256]],
      [`${p}.self_attn.k_proj.weight`, [128, 256]],
      [`${p}.self_attn.v_proj.weight`, [128, 256]],
      [`${p}.self_attn.o_proj.weight`, [256, 256]],
      [`${p}.mlp.gate_proj.weight`, [768, 256]],
      [`${p}.mlp.up_proj.weight`, [768, 256]],
      [`${p}.mlp.down_proj.weight`, [256, 768]],
    );
  }
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, shape] of shapes) {
    const bytes = shape.reduce((p, d) => p * d, 1) * 2;
    header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  return { bytes, size: bytes.length + offset };
}
const SAFETENSORS = safetensorsBytes();
const JSON_TEXT = new TextEncoder().encode(JSON.stringify(CONFIG));

describe('fuzz: picked safetensors and the same files by path agree', () => {
  it('mutated headers and configs give the same result, or a one-line WeightFileError, both ways', async () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom(...'0123456789{}[]",:.-eEFBU '.split('').map((c) => c.charCodeAt(0))));
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { maxLength: 4 }), fc.array(edit, { maxLength: 2 }), async (headerEdits, configEdits) => {
        const bytes = new Uint8Array(SAFETENSORS.bytes);
        // Past the 8-byte length: the JSON text (the length itself is the GGUF property's kind of mutation).
        for (const [offset, value] of headerEdits) bytes[8 + (offset % (bytes.length - 8))] = value;
        const config = new Uint8Array(JSON_TEXT);
        for (const [offset, value] of configEdits) config[offset % config.length] = value;
        counter += 1;
        const dir = join(folder, `st-${counter}`);
        mkdirSync(dir);
        writeFileSync(join(dir, 'config.json'), config);
        await writeSparse(join(dir, 'model.safetensors'), bytes, SAFETENSORS.size);
        const byPath = await outcome(() => inspectWeights(join(dir, 'model.safetensors')), `${dir}/`);
        const picked = await outcome(async () => {
          const files = [inMemory('model.safetensors', bytes, SAFETENSORS.size), inMemory('config.json', config, config.length)];
          const sent = HeaderDescriptionSchema.parse(JSON.parse(JSON.stringify(await describePickedFiles(files))));
          return describeWeights(weightHeadersFromDescription(sent));
        }, '');
        expect(picked.ok).toBe(byPath.ok);
        if (picked.ok && byPath.ok) expect(picked.result).toEqual(byPath.result);
      }),
      RUNS,
    );
  });
});
