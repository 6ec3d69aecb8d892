import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { DesktopDialogs } from './context.js';
import { appRouter } from './router.js';
import { createCallerFactory } from './trpc.js';

const GiB = 1024 ** 3;
const machine = buildWhatIfProfile({ gpu: 'RTX 3090', ramBytes: 64 * GiB });
const createCaller = createCallerFactory(appRouter);
const server = createCaller({ detectHardware: async () => machine, allowedRoots: [] });

beforeEach(() => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'wp-planner-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  return () => rmSync(configDirectory, { recursive: true, force: true });
});

const draft = {
  name: 'Coding assistant',
  model: 'Qwen/Qwen2.5-Coder-32B-Instruct',
  precision: 'Q4_K_M',
  hardware: { whatIf: { gpu: 'RTX 3090', ramGb: 64 } },
  scenario: { contextTokens: 16_384, kvCacheType: 'q8_0' as const },
};

describe('planning procedures', () => {
  it('fitMatrix covers the catalog on the host by default', async () => {
    const matrix = await server.fitMatrix({ contextTokens: 4096 });
    expect(matrix.rows.length).toBeGreaterThan(60);
    const llama = matrix.rows.find((row) => row.modelId === 'meta-llama/Meta-Llama-3-8B-Instruct');
    expect(llama?.cells.find((c) => c.precision === 'Q4_K_M')?.fit).toBe('fits');
  });

  it('scenario gives the estimate, its context curve and the launch command together', async () => {
    const result = await server.scenario({ model: 'llama-3-8b', precision: 'Q8_0', contextTokens: 8192 });
    expect(result.estimate.precision.id).toBe('Q8_0');
    expect(result.curve.map((p) => p.contextTokens)).toEqual([512, 1024, 2048, 4096, 8192]);
    expect(result.launch.command).toMatch(/^llama-server .* -c 8192 /);
  });

  it('scenario marks, to the token, where the context spills to the CPU and where concurrency does', async () => {
    const result = await server.scenario({
      model: 'llama-3.1-8b',
      precision: 'Q4_K_M',
      hardware: { whatIf: { gpu: 'RTX 3060', ramGb: 32 } },
      contextTokens: 8192,
    });
    const spill = result.curveLimits.spillsToCpuFromTokens ?? 0;
    const before = result.curve.filter((p) => p.contextTokens < spill);
    const after = result.curve.filter((p) => p.contextTokens >= spill);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((p) => p.fit === 'fits' || p.fit === 'tight')).toBe(true);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((p) => p.fit === 'offload')).toBe(true);
    expect(result.curveLimits.stopsFittingFromTokens).toBeNull();
    expect(result.capacity.leavesGpuAt?.concurrency).toBeGreaterThan(result.capacity.maxSequences);
  });

  it('scenario never gives a command that cannot run: vLLM with a GGUF precision, or a plan that does not fit', async () => {
    const gguf = await server.scenario({ model: 'llama-3-8b', precision: 'Q4_K_M', runtime: 'vllm', contextTokens: 8192 });
    expect(gguf.launch).toMatchObject({ runtime: 'vllm', command: null, kubernetesManifest: null });
    expect(gguf.launch.unavailable).toEqual({
      reason: expect.stringMatching(/^vLLM does not load GGUF files \(Q4_K_M\)/),
      nearestPrecision: 'AWQ-INT4',
    });
    const tooBig = await server.scenario({
      model: 'meta-llama/Llama-3.3-70B-Instruct',
      precision: 'BF16',
      hardware: { whatIf: { gpu: 'RTX 3060', ramGb: 16 } },
    });
    expect(tooBig.estimate.placement.fit).toBe('no-fit');
    expect(tooBig.launch.command).toBeNull();
    expect(tooBig.launch.unavailable?.reason).toMatch(/^it does not fit/);
  });

  it("fitMatrix names each column's runtime and marks cells below the speed floor as not usable", async () => {
    const matrix = await server.fitMatrix({ contextTokens: 4096, precisions: ['Q4_K_M', 'FP8'], minDecodeTokensPerSecond: 20 });
    expect(matrix.runtimes).toEqual(['llama.cpp', 'vllm']);
    expect(matrix.minDecodeTokensPerSecond).toBe(20);
    for (const cell of matrix.rows.flatMap((row) => row.cells))
      expect(cell.usable).toBe(cell.fit !== 'no-fit' && cell.fit !== 'unsupported' && (cell.decodeTokensPerSecond ?? 0) >= 20);
    expect(matrix.rows.flatMap((row) => row.cells).some((cell) => cell.fit === 'offload' && !cell.usable)).toBe(true);
  });

  it('saves a plan with what it showed, lists it, reopens it exactly, and exports Markdown', async () => {
    const saved = await server.plans.save(draft);
    expect(saved.snapshot?.fit).toMatch(/fits|tight/);
    expect(saved.snapshot?.decodeTokensPerSecond).toBeGreaterThan(10);
    expect((await server.plans.list()).plans.map((p) => p.id)).toEqual([saved.id]);
    expect(await server.plans.get({ id: saved.id })).toEqual(saved);

    const { fileName, markdown } = await server.plans.markdown({ id: saved.id });
    expect(fileName).toBe('Coding-assistant.md');
    expect(markdown).toMatch(/^# Coding assistant\n/);
    expect(markdown).toContain('| Context | 16,384 tokens x 1 sequence, KV cache q8_0 |');
    expect(markdown).toMatch(
      /```sh\nllama-server -m Qwen2\.5-Coder-32B-Instruct-Q4_K_M\.gguf -c 16384 -ngl 999 -fa on -ctk q8_0 -ctv q8_0/,
    );

    // Someone else opens the file: same plan.
    const otherDirectory = mkdtempSync(join(tmpdir(), 'wp-planner-other-'));
    onTestFinished(() => rmSync(otherDirectory, { recursive: true, force: true }));
    process.env.WEIGHTPLAN_CONFIG_DIR = otherDirectory;
    expect(await server.plans.import({ document: JSON.stringify(saved) })).toEqual(saved);
  });

  it('refuses a plan that cannot be computed, naming the problem', async () => {
    const error = await server.plans.save({ ...draft, model: 'no-such-model-70b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
    expect((await server.plans.list()).plans).toEqual([]);
  });

  it('keeps file dialogs to the desktop, and uses them there', async () => {
    expect(await server.app.info()).toEqual({ version: '0.1.0', host: 'server', readsFiles: false, fileDialogs: false, hubLookUps: false });
    const saved = await server.plans.save(draft);
    const denied = await server.plans.exportFile({ id: saved.id, format: 'json' }).catch((e: unknown) => e);
    expect((denied as TRPCError).code).toBe('FORBIDDEN');

    const written: { name: string; contents: string }[] = [];
    const dialogs: DesktopDialogs = {
      chooseWeights: async () => null,
      saveFile: async ({ suggestedName, contents }) => {
        written.push({ name: suggestedName, contents });
        return `/home/user/${suggestedName}`;
      },
      openFile: async () => ({ path: '/home/user/x.weightplan.json', contents: written[0]?.contents ?? '' }),
    };
    const desktop = createCaller({ detectHardware: async () => machine, allowedRoots: undefined, desktop: dialogs });
    expect((await desktop.app.info()).host).toBe('desktop');
    expect(await desktop.plans.exportFile({ id: saved.id, format: 'json' })).toEqual({
      path: '/home/user/Coding-assistant.weightplan.json',
    });
    expect(await desktop.plans.exportFile({ id: saved.id, format: 'markdown' })).toEqual({ path: '/home/user/Coding-assistant.md' });
    expect(written[1]?.contents).toMatch(/^# Coding assistant/);
    expect(await desktop.plans.openFile()).toEqual(saved);
    expect(await desktop.app.importWeights()).toBeNull();
  });

  it('saves machines under a name', async () => {
    await server.profiles.save({ name: 'Basement', hardware: { whatIf: { gpu: '2x RTX 3090', ramGb: 128 } } });
    expect((await server.profiles.list()).profiles.map((p) => p.name)).toEqual(['Basement']);
    expect(await server.profiles.remove({ name: 'basement' })).toEqual({ removed: true });
  });
});

describe('recommend with closed APIs', () => {
  it('lists closed models whose context fits the use, best published quality first, within the budget', async () => {
    const result = await server.recommend({ useCase: 'coding', includeClosed: true, limit: 3 });
    expect(result.constraints.contextTokens).toBe(32_768);
    expect(result.apiAlternatives.length).toBe(5);
    for (const alternative of result.apiAlternatives) expect(alternative.contextTokens).toBeGreaterThanOrEqual(32_768);
    expect(result.apiAlternatives[0]?.quality).not.toBeNull();
    const cheap = await server.recommend({ includeClosed: true, maxOutputUsdPerMillion: 1, limit: 1 });
    for (const alternative of cheap.apiAlternatives) expect(alternative.outputPerMillionUsd).toBeLessThanOrEqual(1);
    expect((await server.recommend({ limit: 1 })).apiAlternatives).toEqual([]);
  });
});
