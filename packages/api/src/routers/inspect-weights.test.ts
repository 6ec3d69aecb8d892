import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { builtInModels, getPrecision, storedTensors, weightsFootprint } from '@weightplan/weights';
import { writeGguf } from '@weightplan/weights/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DesktopDialogs } from '../context.js';
import { appRouter } from '../router.js';
import { createCallerFactory } from '../trpc.js';

/*
 * The Inspect view's reads: the desktop's dialog (app.inspectWeights) and a file planned exactly as stored
 * ("Plan with this" sends precision as-stored).
 */

const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * 1024 ** 3 });
const folder = mkdtempSync(join(tmpdir(), 'wp-api-inspect-'));
const configDirectory = mkdtempSync(join(tmpdir(), 'wp-api-inspect-config-'));
afterAll(() => {
  for (const directory of [folder, configDirectory]) rmSync(directory, { recursive: true, force: true });
});
const file = join(folder, 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf');
const tinyLlama = builtInModels().get('TinyLlama/TinyLlama-1.1B-Chat-v1.0');
const q4km = getPrecision('Q4_K_M');

beforeAll(async () => {
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  const a = tinyLlama.architecture;
  await writeGguf(
    file,
    {
      'general.architecture': 'llama',
      'general.name': tinyLlama.name,
      'llama.block_count': a.layers,
      'llama.context_length': a.maxContextTokens,
      'llama.embedding_length': a.hiddenSize,
      'llama.feed_forward_length': a.intermediateSize,
      'llama.attention.head_count': a.attentionHeads,
      'llama.attention.head_count_kv': a.kvHeads,
      'llama.vocab_size': a.vocabSize,
    },
    storedTensors(a, q4km).map((s) => ({ name: s.tensor.name, shape: s.tensor.shape, type: s.type as never })),
  );
});

function dialogs(picked: string | null): DesktopDialogs & { chooseWeights: ReturnType<typeof vi.fn> } {
  return { chooseWeights: vi.fn(async () => picked), saveFile: async () => null, openFile: async () => null };
}

describe('app.inspectWeights (desktop)', () => {
  it('reads the headers of the file the user picked, and imports nothing', async () => {
    const desktop = dialogs(file);
    const caller = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [], desktop });
    const read = await caller.app.inspectWeights();
    expect(desktop.chooseWeights).toHaveBeenCalledOnce();
    expect(read).toMatchObject({ path: file, format: 'gguf', parameterCount: 1_100_048_384 });
    expect(read?.weightsBytes).toBe(weightsFootprint(tinyLlama.architecture, q4km).totalBytes);
    expect(read?.byDtype.map((d) => d.type)).toEqual(expect.arrayContaining(['Q4_K', 'Q6_K', 'F32']));
    expect(read).not.toHaveProperty('precision');
    expect((await caller.models.list({ kind: 'open' })).open.some((m) => m.origin === 'imported')).toBe(false);
  });

  it('answers null when the user cancels, and 403 on a host without dialogs', async () => {
    const cancelled = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [], desktop: dialogs(null) });
    expect(await cancelled.app.inspectWeights()).toBeNull();
    const server = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [folder] });
    const error = await server.app.inspectWeights().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('FORBIDDEN');
  });
});

describe('precision "as-stored"', () => {
  it('plans a file with every tensor at its own type: the same estimate as naming no precision', async () => {
    const caller = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [folder] });
    const stored = await caller.estimate({ model: file, precision: 'as-stored' });
    const unnamed = await caller.estimate({ model: file });
    expect(stored.memory.weightsBytes).toBe(weightsFootprint(tinyLlama.architecture, q4km).totalBytes);
    expect(stored.memory).toEqual(unnamed.memory);
  });

  it('is refused for a catalog model, which has no files of its own: a precision is asked for', async () => {
    const caller = createCallerFactory(appRouter)({ detectHardware: async () => machine, allowedRoots: [folder] });
    const error = await caller.estimate({ model: 'llama-3-8b', precision: 'as-stored' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).message).toMatch(/give a precision/);
  });
});
