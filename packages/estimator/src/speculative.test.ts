import { buildWhatIfProfile } from '@weightplan/hardware';
import { InvalidInputError } from '@weightplan/match';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { estimate } from './estimate.js';
import { type LaunchTarget, launchCommand } from './launch-command.js';
import { checkLaunchCommand } from './launch-flags.js';
import { modelCosts } from './layer-costs.js';
import {
  bestDraftTokens,
  breakEvenAcceptance,
  draftHeadFor,
  expectedTokensPerStep,
  headCost,
  LOW_ACCEPTANCE,
  type SpeculativeTimings,
  speculativeTokensPerSecond,
} from './speculative.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;
const fixed = (draftSeconds: number, verifySeconds: number): SpeculativeTimings => ({ draftSeconds, verifySeconds: () => verifySeconds });

describe('speculative decoding arithmetic', () => {
  it('expects (1 - α^(k+1)) / (1 - α) tokens per verification', () => {
    // α = 0.5, k = 1: the target's own token plus the draft half the time.
    expect(expectedTokensPerStep(0.5, 1)).toBeCloseTo(1.5, 12);
    // α = 0.8, k = 4: (1 - 0.32768) / 0.2.
    expect(expectedTokensPerStep(0.8, 4)).toBeCloseTo(3.3616, 12);
    // Nothing accepted: one token per step, as without a draft.
    expect(expectedTokensPerStep(0, 7)).toBe(1);
  });

  it('divides them by k drafting steps plus one verification', () => {
    // 1 ms per drafted token, 10 ms to verify: 3.3616 tokens in 14 ms.
    expect(speculativeTokensPerSecond(0.8, 4, fixed(0.001, 0.01))).toBeCloseTo(3.3616 / 0.014, 9);
  });

  it('finds the acceptance where drafting stops paying for itself', () => {
    // k = 1, draft 1 ms, verify 10 ms, plain step 10 ms: (1 + α) / 11 ms = 1 / 10 ms at α = 0.1.
    expect(breakEvenAcceptance(1, fixed(0.001, 0.01), 0.01)).toBeCloseTo(0.1, 6);
    // A free draft and a free verification always pay.
    expect(breakEvenAcceptance(3, fixed(0, 0.005), 0.01)).toBe(0);
  });

  it('drafts one token when nothing is accepted and more as acceptance rises', () => {
    const timings = fixed(0.001, 0.01);
    expect(bestDraftTokens(0.01, timings)).toBe(1);
    expect(bestDraftTokens(0.9, timings)).toBeGreaterThan(bestDraftTokens(0.6, timings));
  });
});

describe('drafting heads', () => {
  it("sizes DeepSeek-V3's MTP layer at 11.6B parameters, as its README_WEIGHTS.md states", () => {
    const model = catalogModel('deepseek-ai/DeepSeek-V3-0324');
    const bf16 = getPrecision('BF16');
    const head = headCost(draftHeadFor('mtp', model), model.architecture, modelCosts(model.architecture, bf16));
    // 11,610,068,224 unique parameters (the catalog note): one MoE layer, the 2h x h eh_proj, its norms.
    expect(head.weightsBytes / 2 / 11_610_068_224).toBeGreaterThan(0.995);
    expect(head.weightsBytes / 2 / 11_610_068_224).toBeLessThan(1.005);
  });

  it('refuses MTP and EAGLE for a model without a published head, naming the ones that have one', () => {
    expect(() => draftHeadFor('mtp', catalogModel('meta-llama/Llama-3.1-8B-Instruct'))).toThrow(
      /has no multi-token-prediction \(MTP\) layer/,
    );
    expect(() => draftHeadFor('eagle', catalogModel('deepseek-ai/DeepSeek-V3-0324'))).toThrow(/Llama-3.1-8B-Instruct/);
  });
});

const rtx4090 = () => buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB });

/** The launch command of a plan that fits: its text (a missing one fails the test with the reason). */
function commandOf(e: ReturnType<typeof estimate>, target: LaunchTarget): string {
  const launch = launchCommand(e, target);
  if (launch.command === null) throw new Error(`no command: ${launch.unavailable?.reason}`);
  return launch.command;
}

function llamaWithDraft(options: { acceptanceRate?: number; draftTokens?: number; task?: 'chat' | 'coding' } = {}) {
  return estimate({
    model: catalogModel('meta-llama/Llama-3.1-8B-Instruct'),
    precision: getPrecision('Q4_K_M'),
    hardware: rtx4090(),
    runtime: 'llama.cpp',
    contextTokens: 8192,
    draft: { method: 'draft-model', model: catalogModel('meta-llama/Llama-3.2-1B-Instruct'), precision: getPrecision('Q8_0'), ...options },
  });
}

describe('estimate with a draft model', () => {
  const plain = estimate({
    model: catalogModel('meta-llama/Llama-3.1-8B-Instruct'),
    precision: getPrecision('Q4_K_M'),
    hardware: rtx4090(),
    runtime: 'llama.cpp',
    contextTokens: 8192,
  });
  const alone = estimate({
    model: catalogModel('meta-llama/Llama-3.2-1B-Instruct'),
    precision: getPrecision('Q8_0'),
    hardware: rtx4090(),
    runtime: 'llama.cpp',
    contextTokens: 8192,
  });
  const withDraft = llamaWithDraft();

  it("adds the draft's weights, KV cache and compute buffer to the main GPU, its embedding to RAM", () => {
    const gpu = (e: typeof plain) => e.memory.perDevice.find((d) => d.device === 'gpu0');
    const draftGpu = gpu(alone);
    if (!draftGpu) throw new Error('no gpu0');
    const expected = draftGpu.weightsBytes + draftGpu.kvCacheBytes + draftGpu.activationBytes;
    expect(gpu(withDraft)?.draftBytes).toBe(expected);
    expect(gpu(withDraft)?.totalBytes).toBe((gpu(plain)?.totalBytes ?? 0) + expected);
    expect(withDraft.speculative?.memory.kvCacheBytes).toBe(alone.memory.kvCacheBytes);
    const cpu = withDraft.memory.perDevice.find((d) => d.kind === 'cpu');
    expect(cpu?.draftBytes).toBe(alone.memory.perDevice.find((d) => d.kind === 'cpu')?.weightsBytes);
  });

  it('times a step as k draft steps plus one verification, with the llama.cpp-measured α by default', () => {
    const spec = withDraft.speculative?.speed;
    if (!spec || !withDraft.throughput || !plain.throughput || !alone.throughput) throw new Error('no speed');
    expect(withDraft.speculative?.acceptanceRate).toBe(0.72);
    expect(withDraft.speculative?.acceptanceSource.url).toContain('llama.cpp/issues/5877');
    expect(spec.plainDecodeTokensPerSecond).toBeCloseTo(plain.throughput.decodeTokensPerSecond, 9);
    expect(spec.draftSecondsPerToken).toBeCloseTo(1 / alone.throughput.decodeTokensPerSecond, 12);
    const k = withDraft.speculative?.draftTokens ?? 0;
    const byHand = expectedTokensPerStep(0.72, k) / (k * spec.draftSecondsPerToken + spec.verifySeconds);
    expect(withDraft.throughput.decodeTokensPerSecond).toBeCloseTo(byHand, 6);
    // Memory-bound: verifying k + 1 tokens costs about one plain step, not k + 1 of them.
    expect(spec.verifySeconds * spec.plainDecodeTokensPerSecond).toBeLessThan(1.2);
    expect(spec.speedup).toBeGreaterThan(1.3);
  });

  it('shows the slowdown at the low end of its band', () => {
    const e = llamaWithDraft({ draftTokens: 16 });
    const spec = e.speculative?.speed;
    if (!spec || !e.throughput) throw new Error('no speed');
    expect(e.speculative?.lowAcceptanceRate).toBe(LOW_ACCEPTANCE.acceptanceRate);
    expect(spec.speedupAtLowAcceptance).toBeLessThan(1);
    expect(e.throughput.low).toBeLessThan(spec.plainDecodeTokensPerSecond);
    expect(e.warnings.some((w) => w.includes('pays off above an acceptance'))).toBe(true);
    expect(spec.breakEvenAcceptanceRate).toBeGreaterThan(0.34);
  });

  it('takes α and k from the request', () => {
    const e = llamaWithDraft({ acceptanceRate: 0.9, draftTokens: 8 });
    expect(e.speculative?.draftTokens).toBe(8);
    expect(e.speculative?.speed?.expectedTokensPerStep).toBeCloseTo(expectedTokensPerStep(0.9, 8), 12);
    expect(e.speculative?.acceptanceSource.what).toBe('given in the request');
  });

  it('writes the draft into the launch command for llama.cpp, vLLM and SGLang with documented flags', () => {
    const llama = commandOf(withDraft, {
      model: catalogModel('meta-llama/Llama-3.1-8B-Instruct'),
      precision: getPrecision('Q4_K_M'),
      hardware: rtx4090(),
    });
    expect(llama).toMatch(/-md Llama-3.2-1B-Instruct-Q8_0.gguf --draft-max \d+ -ngld 999/);
    expect(checkLaunchCommand('llama.cpp', llama)).toEqual([]);
    for (const runtime of ['vllm', 'sglang'] as const) {
      const e = estimate({
        model: catalogModel('meta-llama/Llama-3.1-8B-Instruct'),
        precision: getPrecision('BF16'),
        hardware: buildWhatIfProfile({ gpu: 'H100 SXM' }),
        runtime,
        draft: { method: 'draft-model', model: catalogModel('meta-llama/Llama-3.2-1B-Instruct'), draftTokens: 4 },
      });
      const launch = {
        command: commandOf(e, {
          model: catalogModel('meta-llama/Llama-3.1-8B-Instruct'),
          precision: getPrecision('BF16'),
          hardware: buildWhatIfProfile({ gpu: 'H100 SXM' }),
        }),
      };
      expect(checkLaunchCommand(runtime, launch.command)).toEqual([]);
      if (runtime === 'vllm') {
        expect(launch.command).toContain(
          `--speculative-config '{"method":"draft_model","model":"meta-llama/Llama-3.2-1B-Instruct","num_speculative_tokens":4}'`,
        );
      } else {
        expect(launch.command).toContain(
          '--speculative-algorithm STANDALONE --speculative-draft-model-path meta-llama/Llama-3.2-1B-Instruct --speculative-num-steps 4',
        );
      }
    }
  });
});

describe('refusals', () => {
  const target = catalogModel('meta-llama/Llama-3.1-8B-Instruct');
  const base = { model: target, precision: getPrecision('Q4_K_M'), hardware: rtx4090() };

  it('refuses a draft with another tokenizer', () => {
    const draft = catalogModel('mistralai/Mistral-7B-Instruct-v0.3');
    expect(() => estimate({ ...base, draft: { method: 'draft-model', model: draft } })).toThrow(InvalidInputError);
    expect(() => estimate({ ...base, draft: { method: 'draft-model', model: draft } })).toThrow(/must share the target's tokenizer/);
  });

  it('refuses a draft that is not smaller than the target', () => {
    const draft = catalogModel('meta-llama/Llama-3.1-70B-Instruct');
    expect(() => estimate({ ...base, draft: { method: 'draft-model', model: draft } })).toThrow(/must be a smaller model/);
  });

  it('refuses an acceptance rate outside (0, 1) and a draft length outside 1..32', () => {
    const draft = catalogModel('meta-llama/Llama-3.2-1B-Instruct');
    expect(() => estimate({ ...base, draft: { method: 'draft-model', model: draft, acceptanceRate: 1 } })).toThrow(/probability/);
    expect(() => estimate({ ...base, draft: { method: 'draft-model', model: draft, draftTokens: 64 } })).toThrow(/draftTokens/);
  });

  it('refuses MTP for a model without an MTP layer', () => {
    expect(() => estimate({ ...base, draft: { method: 'mtp' } })).toThrow(/has no multi-token-prediction \(MTP\) layer/);
  });
});

describe('MTP and EAGLE heads', () => {
  it("plans DeepSeek-V3's MTP layer on vLLM: its 11.6B parameters in memory, one drafted token, α 0.85", () => {
    const model = catalogModel('deepseek-ai/DeepSeek-V3-0324');
    const e = estimate({
      model,
      precision: getPrecision('FP8'),
      hardware: buildWhatIfProfile({ gpu: '8x H200 SXM', ramBytes: 2048 * GiB }),
      runtime: 'vllm',
      draft: { method: 'mtp' },
    });
    expect(e.speculative?.draftTokens).toBe(1);
    expect(e.speculative?.acceptanceRate).toBe(0.85);
    expect(e.speculative?.memory.weightsBytes ?? 0).toBeGreaterThan(11.6e9);
    expect(e.speculative?.memory.weightsBytes ?? 0).toBeLessThan(12.5e9);
    // Sharded over the 8 GPUs like the target.
    expect(e.memory.perDevice.filter((d) => (d.draftBytes ?? 0) > 0)).toHaveLength(8);
    const launch = {
      command: commandOf(e, {
        model,
        precision: getPrecision('FP8'),
        hardware: buildWhatIfProfile({ gpu: '8x H200 SXM', ramBytes: 2048 * GiB }),
      }),
    };
    expect(launch.command).toContain(`--speculative-config '{"method":"deepseek_mtp","num_speculative_tokens":1}'`);
    expect(checkLaunchCommand('vllm', launch.command)).toEqual([]);
  });

  it('plans the published EAGLE-3 head of Llama 3.1 8B on SGLang', () => {
    const model = catalogModel('meta-llama/Llama-3.1-8B-Instruct');
    const e = estimate({
      model,
      precision: getPrecision('BF16'),
      hardware: buildWhatIfProfile({ gpu: 'H100 SXM' }),
      runtime: 'sglang',
      draft: { method: 'eagle', draftTokens: 5 },
    });
    expect(e.speculative?.headRepository).toBe('yuhuili/EAGLE3-LLaMA3.1-Instruct-8B');
    // One decoder layer reading 2h, a 3h -> h fusion and a 32,000-token head, in 16-bit: about 0.85 GB.
    expect((e.speculative?.memory.weightsBytes ?? 0) / 1e9).toBeGreaterThan(0.8);
    expect((e.speculative?.memory.weightsBytes ?? 0) / 1e9).toBeLessThan(0.9);
    const launch = { command: commandOf(e, { model, precision: getPrecision('BF16'), hardware: buildWhatIfProfile({ gpu: 'H100 SXM' }) }) };
    expect(launch.command).toContain(
      '--speculative-algorithm EAGLE3 --speculative-draft-model-path yuhuili/EAGLE3-LLaMA3.1-Instruct-8B --speculative-num-steps 5 --speculative-eagle-topk 1 --speculative-num-draft-tokens 6',
    );
    expect(checkLaunchCommand('sglang', launch.command)).toEqual([]);
    expect(e.speculative?.speed?.speedup ?? 0).toBeGreaterThan(1.5);
  });
});
