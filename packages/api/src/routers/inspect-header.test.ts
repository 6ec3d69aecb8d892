import { mkdtempSync, openAsBlob, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision, storedTensors, weightsFootprint } from '@weightplan/weights';
import { describePickedFiles, HEADER_DESCRIPTION_LIMITS, type HeaderDescription, type PickedFile } from '@weightplan/weights/files';
import { writeGguf, writeSafetensors } from '@weightplan/weights/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { appRouter } from '../router.js';
import { createCallerFactory } from '../trpc.js';

/*
 * inspectHeader: a browser reads the headers of a file picked on the user's own computer and the router
 * describes them. The answer must be inspect's for the same file by path, on a host that reads no files.
 */

const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * 1024 ** 3 });
const folder = mkdtempSync(join(tmpdir(), 'wp-api-inspect-header-'));
const gguf = join(folder, 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf');
const tinyLlama = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0');
const q4km = getPrecision('Q4_K_M');
/** A server started without --allow-dir: it reads no file, and still describes headers sent to it. */
const noFiles = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [] });
/** The same server with --allow-dir on the fixtures, to ask `inspect` by path. */
const withFiles = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [folder] });

async function picked(path: string): Promise<PickedFile> {
  const blob = await openAsBlob(path);
  return { name: basename(path), size: blob.size, slice: (start, end) => blob.slice(start, end) };
}

/** The answers by path and by header are equal but for where the file lies, and the time taken. */
function located(answer: { elapsedMilliseconds: number; spec: { sourcePath?: string } }, prefix = ''): unknown {
  const { elapsedMilliseconds: _, spec, ...rest } = answer;
  const { sourcePath: __, ...specRest } = spec;
  return JSON.parse(JSON.stringify({ ...rest, spec: specRest }).replaceAll(prefix, ''));
}

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

beforeAll(async () => {
  process.env.WEIGHTPLAN_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'wp-api-inspect-header-config-'));
  const a = tinyLlama.architecture;
  await writeGguf(
    gguf,
    {
      'general.architecture': 'llama',
      'general.name': tinyLlama.name,
      'general.file_type': 15,
      'llama.block_count': a.layers,
      'llama.context_length': a.maxContextTokens,
      'llama.embedding_length': a.hiddenSize,
      'llama.feed_forward_length': a.intermediateSize,
      'llama.attention.head_count': a.attentionHeads,
      'llama.attention.head_count_kv': a.kvHeads,
      'tokenizer.ggml.tokens': { strings: Array.from({ length: a.vocabSize }, (_, i) => `t${i}`) },
    },
    storedTensors(a, q4km).map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never })),
  );
});

describe('inspectHeader', () => {
  it("answers a picked GGUF's headers exactly as inspect answers its path, on a host that reads no files", async () => {
    const header = await describePickedFiles([await picked(gguf)]);
    const answer = await noFiles.inspectHeader({ header, tensors: true });
    const byPath = await withFiles.inspect({ path: gguf, tensors: true });
    expect(located(answer)).toEqual(located(byPath, `${folder}/`));
    expect(answer).toMatchObject({ path: basename(gguf), format: 'gguf', parameterCount: 1_100_048_384 });
    expect(answer.weightsBytes).toBe(weightsFootprint(tinyLlama.architecture, q4km).totalBytes);
    expect(answer.spec.architecture.vocabSize).toBe(32_000);
    // Without `tensors`, the per-tensor precision stays home, as on inspect.
    expect(await noFiles.inspectHeader({ header })).not.toHaveProperty('precision');
  });

  it('answers safetensors with their config.json as inspect answers the path', async () => {
    const config = {
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      hidden_size: 256,
      intermediate_size: 768,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      num_hidden_layers: 2,
      vocab_size: 1000,
      max_position_embeddings: 2048,
      tie_word_embeddings: false,
    };
    writeFileSync(join(folder, 'config.json'), JSON.stringify(config));
    const tensors = [
      { name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [1000, 256] },
      { name: 'lm_head.weight', dtype: 'BF16', shape: [1000, 256] },
      { name: 'model.norm.weight', dtype: 'BF16', shape: [256] },
    ];
    for (let i = 0; i < 2; i++) {
      const p = `model.layers.${i}`;
      tensors.push(
        { name: `${p}.input_layernorm.weight`, dtype: 'BF16', shape: [256] },
        { name: `${p}.post_attention_layernorm.weight`, dtype: 'BF16', shape: [256] },
        { name: `${p}.self_attn.q_proj.weight`, dtype: 'BF16', shape: [256, 256] },
        { name: `${p}.self_attn.k_proj.weight`, dtype: 'BF16', shape: [128, 256] },
        { name: `${p}.self_attn.v_proj.weight`, dtype: 'BF16', shape: [128, 256] },
        { name: `${p}.self_attn.o_proj.weight`, dtype: 'BF16', shape: [256, 256] },
        { name: `${p}.mlp.gate_proj.weight`, dtype: 'BF16', shape: [768, 256] },
        { name: `${p}.mlp.up_proj.weight`, dtype: 'BF16', shape: [768, 256] },
        { name: `${p}.mlp.down_proj.weight`, dtype: 'BF16', shape: [256, 768] },
      );
    }
    const file = join(folder, 'model.safetensors');
    await writeSafetensors(file, tensors);
    const header = await describePickedFiles([await picked(file), await picked(join(folder, 'config.json'))]);
    const answer = await noFiles.inspectHeader({ header });
    expect(located(answer)).toEqual(located(await withFiles.inspect({ path: file }), `${folder}/`));
    expect(answer.weightsBytes).toBe(answer.parameterCount * 2);
  });

  it('refuses a description beyond its caps with a one-line 400 before describing anything', async () => {
    const header = (await describePickedFiles([await picked(gguf)])) as Extract<HeaderDescription, { format: 'gguf' }>;
    const file = header.files[0] as (typeof header.files)[number];
    const longName = { ...header, files: [{ ...file, tensors: [{ name: 'x'.repeat(5000), type: 'F32', shape: [1] }] }] };
    const refused = await failure(noFiles.inspectHeader({ header: longName as HeaderDescription }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.cause).toBeInstanceOf(ZodError);
    expect((refused.cause as ZodError).issues[0]?.message).toBe(`at most ${HEADER_DESCRIPTION_LIMITS.maxNameCharacters} characters`);
    const unknownKey = await failure(noFiles.inspectHeader({ header: { ...header, path: '/etc/passwd' } as HeaderDescription }));
    expect(unknownKey.code).toBe('BAD_REQUEST');
  });

  it("answers a description the files could not have given with the readers' one-line 400", async () => {
    const header = (await describePickedFiles([await picked(gguf)])) as Extract<HeaderDescription, { format: 'gguf' }>;
    const file = header.files[0] as (typeof header.files)[number];
    const small = { ...header, files: [{ ...file, bytes: 1000 }] };
    const error = await failure(noFiles.inspectHeader({ header: small }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^tinyllama-1\.1b-chat-v1\.0\.Q4_K_M\.gguf: tensor \S+ \(\d+ bytes\) is larger than the 1000-byte file$/);
    const { 'llama.block_count': _, ...withoutLayers } = file.metadata;
    const noLayers = await failure(noFiles.inspectHeader({ header: { ...header, files: [{ ...file, metadata: withoutLayers }] } }));
    expect(noLayers.message).toBe('tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf: metadata llama.block_count is missing or not a positive number');
  });
});

describe('models.importHeader', () => {
  it('adds a picked GGUF to the catalog, so a plan of it at as-stored has exactly the bytes the page showed', async () => {
    const header = await describePickedFiles([await picked(gguf)]);
    const shown = await noFiles.inspectHeader({ header });
    const imported = await noFiles.models.importHeader({ header });
    expect(imported).toMatchObject({ name: shown.name, parameterCount: shown.parameterCount });
    const planned = await noFiles.estimate({ model: imported.id, precision: 'as-stored', hardware: { whatIf: { gpu: 'RTX 4090' } } });
    expect(planned.memory.weightsBytes).toBe(shown.weightsBytes);
    const listed = await noFiles.models.list({ imported: true });
    expect(listed.open.map((m) => m.id)).toContain(imported.id);
  });
});
