// Fuzz suite for every reader a client can point at a file: GGUF, safetensors, config.json and the
// safetensors shard index. Each case starts from a real model's header (TinyLlama's GGUF as llama.cpp lays
// it out, Llama 3 8B's safetensors tensor list, the published config.json files) and mutates it: flipped
// bytes, overwritten length and count fields, truncation, and random values in the architecture fields.
// Every outcome must be a result or a one-line WeightFileError, within 2 s of CPU time and without a heap
// blow-up.
// Runs are bounded by count and by time so the suite adds a few seconds to `npm test`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInModels, getPrecision } from '../lookup.js';
import { storedTensors } from '../weight-bytes.js';
import { inspectWeights } from './inspect.js';
import { REAL_CONFIGS } from './real-configs.js';
import { readSafetensorsHeader } from './safetensors-reader.js';
import { ggufHeaderBytes, type TestTensor } from './test-files.js';
import { WeightFileError } from './weight-file-error.js';

const MiB = 1024 * 1024;
/** Per property: enough runs to find the classic bugs, stopped early on a slow machine. */
const RUNS = { numRuns: 100, interruptAfterTimeLimit: 3000, markInterruptAsFailure: false } as const;
const folder = mkdtempSync(join(tmpdir(), 'weightplan-fuzz-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string) => {
  const sub = join(folder, String(counter++));
  return { dir: sub, file: join(sub, name) };
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

/** A read still pending after this long hangs (waits on something that never comes), whatever the load. */
const HANG_MS = 20_000;

/**
 * Runs one read and checks the outcome: success, or a one-line WeightFileError; within 2 s of CPU time;
 * bounded heap; and no hang.
 */
async function expectTypedOutcome(read: () => Promise<unknown>): Promise<void> {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = cpuMilliseconds();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${HANG_MS / 1000} s: a hang`)), HANG_MS);
  });
  let failure: unknown;
  let result: unknown;
  try {
    result = await Promise.race([read(), deadline]);
  } catch (error) {
    failure = error;
  } finally {
    clearTimeout(timer);
  }
  expect(cpuMilliseconds() - started).toBeLessThan(2000);
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * MiB);
  if (failure !== undefined) {
    if (!(failure instanceof WeightFileError)) throw failure;
    expect(failure.message).not.toMatch(/[\r\n]/);
    expect(failure.message.length).toBeLessThan(1000);
  } else if (result && typeof result === 'object' && 'parameterCount' in result) {
    expect(Number.isSafeInteger(result.parameterCount)).toBe(true);
  }
}

async function writeFileWithSparseData(path: string, header: Buffer, totalBytes: number): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const handle = await open(path, 'w');
  await handle.write(header, 0, header.length, 0);
  await handle.truncate(Math.max(totalBytes, header.length));
  await handle.close();
}

// --- GGUF: TinyLlama 1.1B at Q4_K_M, the tensors and types llama.cpp writes ------------------------------
const tiny = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0');
const TINY_METADATA = {
  'general.architecture': 'llama',
  'general.name': tiny.name,
  'llama.block_count': tiny.architecture.layers,
  'llama.context_length': tiny.architecture.maxContextTokens,
  'llama.embedding_length': tiny.architecture.hiddenSize,
  'llama.feed_forward_length': tiny.architecture.intermediateSize,
  'llama.attention.head_count': tiny.architecture.attentionHeads,
  'llama.attention.head_count_kv': tiny.architecture.kvHeads,
  'llama.vocab_size': tiny.architecture.vocabSize,
} as const;
const TINY_TENSORS: TestTensor[] = storedTensors(tiny.architecture, getPrecision('Q4_K_M')).map((s) => ({
  name: s.tensor.name,
  shape: s.tensor.shape,
  type: s.type as TestTensor['type'],
}));
const TINY = ggufHeaderBytes(TINY_METADATA, TINY_TENSORS);
const tinyTotalBytes = Math.ceil(TINY.header.length / 32) * 32 + TINY.dataBytes;

const interestingU64 = fc.constantFrom(
  0n,
  1n,
  2n,
  4n,
  5n,
  255n,
  2n ** 31n,
  2n ** 32n - 1n,
  2n ** 32n,
  10n ** 8n,
  2n ** 53n,
  2n ** 63n,
  2n ** 64n - 1n,
);

const ggufMutation = fc.oneof(
  fc.record({
    kind: fc.constant('bytes' as const),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 12 }),
  }),
  fc.record({
    kind: fc.constant('u64' as const),
    at: fc.nat(),
    value: fc.oneof(interestingU64, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
  }),
  fc.record({
    kind: fc.constant('u32' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(0, 1, 9, 12, 77, 2 ** 31, 2 ** 32 - 1), fc.nat()),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

describe('fuzz: GGUF', () => {
  it('mutated real headers (bytes, lengths, counts, types, truncation) give a result or a one-line WeightFileError', async () => {
    await fc.assert(
      fc.asyncProperty(ggufMutation, async (mutation) => {
        const bytes = Buffer.from(TINY.header);
        let total = tinyTotalBytes;
        const at = 'at' in mutation ? mutation.at % bytes.length : 0;
        if (mutation.kind === 'bytes') for (const [offset, value] of mutation.edits) bytes[offset % bytes.length] = value;
        if (mutation.kind === 'u64' && at + 8 <= bytes.length) bytes.writeBigUInt64LE(mutation.value, at);
        if (mutation.kind === 'u32' && at + 4 <= bytes.length) bytes.writeUInt32LE(mutation.value >>> 0, at);
        if (mutation.kind === 'truncate') total = at;
        const { file } = fresh('model.gguf');
        await writeFileWithSparseData(file, total < bytes.length ? bytes.subarray(0, total) : bytes, total);
        await expectTypedOutcome(() => inspectWeights(file));
      }),
      RUNS,
    );
  });

  it('random values in the architecture metadata give a result or a one-line WeightFileError', async () => {
    const metaValue = fc.oneof(
      fc.nat(),
      fc.constantFrom(0, 1, 1024, 1025, 100_000_000, 2 ** 32 - 1),
      fc.record({ u64: fc.oneof(fc.maxSafeNat(), fc.constantFrom(0, 1_000_000, 2 ** 53 - 1)) }),
      fc.record({ f32: fc.float({ noNaN: false }) }),
      fc.string({ maxLength: 20 }),
      fc.boolean(),
      fc.record({ u32s: fc.array(fc.nat(), { maxLength: 70 }) }),
    );
    const keys = [
      ...Object.keys(TINY_METADATA),
      'llama.attention.key_length',
      'llama.attention.sliding_window',
      'llama.expert_count',
      'llama.expert_used_count',
      'llama.attention.kv_lora_rank',
      'llama.leading_dense_block_count',
    ];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), fc.option(metaValue), { minKeys: 1, maxKeys: 4 }), async (changes) => {
        const metadata: Record<string, Parameters<typeof ggufHeaderBytes>[0][string]> = { ...TINY_METADATA };
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) delete metadata[key];
          else metadata[key] = value;
        }
        const { header, dataBytes } = ggufHeaderBytes(metadata, TINY_TENSORS);
        const { file } = fresh('model.gguf');
        await writeFileWithSparseData(file, header, Math.ceil(header.length / 32) * 32 + dataBytes);
        await expectTypedOutcome(() => inspectWeights(file));
      }),
      RUNS,
    );
  });
});

// --- safetensors: Llama 3 8B's tensor list ---------------------------------------------------------------
const LLAMA_CONFIG = REAL_CONFIGS.find(([id]) => id === 'meta-llama/Meta-Llama-3-8B-Instruct')?.[1] as Record<string, number>;

function llamaSafetensorsHeader(layers: number): { json: Record<string, unknown>; dataBytes: number } {
  const h = LLAMA_CONFIG.hidden_size ?? 4096;
  const ff = LLAMA_CONFIG.intermediate_size ?? 14336;
  const kv = 1024;
  const shapes: Array<[string, number[]]> = [['model.embed_tokens.weight', [LLAMA_CONFIG.vocab_size ?? 128256, h]]];
  for (let l = 0; l < layers; l++) {
    const p = `model.layers.${l}`;
    shapes.push(
      [`${p}.input_layernorm.weight`, [h]],
      [`${p}.self_attn.q_proj.weight`, [h, h]],
      [`${p}.self_attn.k_proj.weight`, [kv, h]],
      [`${p}.self_attn.v_proj.weight`, [kv, h]],
      [`${p}.self_attn.o_proj.weight`, [h, h]],
      [`${p}.post_attention_layernorm.weight`, [h]],
      [`${p}.mlp.gate_proj.weight`, [ff, h]],
      [`${p}.mlp.up_proj.weight`, [ff, h]],
      [`${p}.mlp.down_proj.weight`, [h, ff]],
    );
  }
  shapes.push(['model.norm.weight', [h]], ['lm_head.weight', [LLAMA_CONFIG.vocab_size ?? 128256, h]]);
  const json: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, shape] of shapes) {
    const bytes = shape.reduce((p, d) => p * d, 1) * 2;
    json[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  return { json, dataBytes: offset };
}

const LLAMA_ST = llamaSafetensorsHeader(LLAMA_CONFIG.num_hidden_layers ?? 32);
const LLAMA_NAMES = Object.keys(LLAMA_ST.json).filter((name) => name !== '__metadata__');

function safetensorsBytes(json: unknown, declared?: bigint): Buffer {
  const text = Buffer.from(JSON.stringify(json) ?? 'null', 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(declared ?? BigInt(text.length));
  return Buffer.concat([length, text]);
}

const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(0, -1, 1e300, 2 ** 53, 2 ** 64, 'BF16', 'Q4', [], [0], [-1, 2], [0, 2 ** 60], [2 ** 32, 2 ** 32], null),
  fc.array(fc.oneof(fc.nat(), fc.integer(), fc.constantFrom(2 ** 40, 2 ** 53)), { maxLength: 9 }),
);

describe('fuzz: safetensors', () => {
  it('mutated real headers (fields, entries, declared length, bytes) give a result or a one-line WeightFileError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...LLAMA_NAMES),
        fc.constantFrom('dtype', 'shape', 'data_offsets', 'entry'),
        hostileJson,
        fc.option(interestingU64, { freq: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 3 }),
        async (name, field, value, declared, edits) => {
          const json = structuredClone(LLAMA_ST.json);
          if (field === 'entry') json[name] = value;
          else (json[name] as Record<string, unknown>)[field] = value;
          const bytes = safetensorsBytes(json, declared ?? undefined);
          for (const [offset, byte] of edits) bytes[8 + (offset % (bytes.length - 8))] = byte;
          const { dir, file } = fresh('model.safetensors');
          await writeFileWithSparseData(file, bytes, bytes.length + LLAMA_ST.dataBytes);
          writeFileSync(join(dir, 'config.json'), JSON.stringify(LLAMA_CONFIG));
          await expectTypedOutcome(() => readSafetensorsHeader(file));
          await expectTypedOutcome(() => inspectWeights(dir));
        },
      ),
      RUNS,
    );
  });
});

// --- config.json: every published config in the fixtures ---------------------------------------------
const CONFIG_KEYS = [
  'hidden_size',
  'num_attention_heads',
  'num_key_value_heads',
  'num_hidden_layers',
  'head_dim',
  'vocab_size',
  'max_position_embeddings',
  'intermediate_size',
  'moe_intermediate_size',
  'sliding_window',
  'sliding_window_pattern',
  'full_attention_interval',
  'layer_types',
  'attention_chunk_size',
  'num_local_experts',
  'num_experts',
  'n_routed_experts',
  'num_experts_per_tok',
  'first_k_dense_replace',
  'kv_lora_rank',
  'q_lora_rank',
  'linear_conv_kernel_dim',
  'model_type',
  'text_config',
  'tie_word_embeddings',
];

describe('fuzz: config.json', () => {
  it('real configs with random field values give a result or a one-line WeightFileError', async () => {
    const value = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.constantFrom(0, 1, 1024, 1025, 100_000_000, 1_000_000_000, 2 ** 53, 1e300, 0.5, -1),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 12 }),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.constantFrom('sliding_attention', 'full_attention', 'linear_attention', 7), { maxLength: 3000 }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...REAL_CONFIGS.map(([, config]) => config)),
        fc.dictionary(fc.constantFrom(...CONFIG_KEYS), value, { minKeys: 1, maxKeys: 4 }),
        fc.boolean(),
        async (config, changes, inText) => {
          const mutated = structuredClone(config);
          const target =
            inText && typeof mutated.text_config === 'object' && mutated.text_config !== null
              ? (mutated.text_config as Record<string, unknown>)
              : mutated;
          Object.assign(target, changes);
          const { dir, file } = fresh('config.json');
          mkdirSync(dir, { recursive: true });
          writeFileSync(file, JSON.stringify(mutated));
          await expectTypedOutcome(() => inspectWeights(file));
        },
      ),
      RUNS,
    );
  });
});

// --- model.safetensors.index.json ---------------------------------------------------------------------
describe('fuzz: safetensors shard index', () => {
  it('random weight maps (names with separators, dots, missing shards, non-strings) give a result or a one-line WeightFileError', async () => {
    const shardName = fc.oneof(
      fc.constantFrom('model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'),
      fc.constantFrom('../outside.safetensors', 'a/b.safetensors', '.hidden', '', 'model-00003-of-00002.safetensors', '/etc/passwd'),
      fc.string({ maxLength: 16 }),
      fc.jsonValue({ maxDepth: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ weight_map: fc.dictionary(fc.string({ maxLength: 8 }), shardName, { maxKeys: 6 }) }),
          fc.record({ metadata: fc.jsonValue({ maxDepth: 1 }), weight_map: fc.jsonValue({ maxDepth: 2 }) }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        async (index) => {
          const { dir } = fresh('x');
          const half = LLAMA_NAMES.length >> 1;
          const first = llamaSafetensorsHeader(1);
          mkdirSync(dir, { recursive: true });
          const names = Object.keys(first.json).filter((n) => n !== '__metadata__');
          for (const [shard, picked] of [
            ['model-00001-of-00002.safetensors', names.slice(0, half)],
            ['model-00002-of-00002.safetensors', names.slice(half)],
          ] as const) {
            const json: Record<string, unknown> = {};
            let offset = 0;
            for (const n of picked) {
              const entry = first.json[n] as { shape: number[] };
              const bytes = entry.shape.reduce((p, d) => p * d, 1) * 2;
              json[n] = { dtype: 'BF16', shape: entry.shape, data_offsets: [offset, offset + bytes] };
              offset += bytes;
            }
            const bytes = safetensorsBytes(json);
            await writeFileWithSparseData(join(dir, shard), bytes, bytes.length + offset);
          }
          writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...LLAMA_CONFIG, num_hidden_layers: 1 }));
          writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify(index) ?? 'null');
          await expectTypedOutcome(() => inspectWeights(join(dir, 'model.safetensors.index.json'), { allowedRoots: [dir] }));
        },
      ),
      RUNS,
    );
  });
});
