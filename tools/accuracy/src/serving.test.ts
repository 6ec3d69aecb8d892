import type { ServingRow } from '@weightplan/calibration';
import { SPEED_CONSTANTS, type SpeedConstants } from '@weightplan/estimator';
import { describe, expect, it } from 'vitest';
import { enginesFor, predictWith, prepareProbes } from './fit.js';
import { summarize } from './metrics.js';
import { servingCases } from './serving-cases.js';
import { kneeOf } from './serving-report.js';
import { replaceEngineConstants } from './write-constants.js';

// The shipped vLLM constants against every serving row. Fitting and leave-one-GPU-out run in
// `npm run bench:serving` (about a minute); these thresholds hold what the fit achieved in-sample.
const cases = servingCases();
const probes = prepareProbes(cases);

describe('serving rows as estimate requests', () => {
  it('asks at the concurrency, prompt and mean context of each row, on the engine it ran', () => {
    const l4 = cases.find((c) => c.row.hardware === 'NVIDIA L4' && c.row.backend === 'SGLang' && c.serving.concurrency === 64);
    expect(l4?.request).toMatchObject({ runtime: 'sglang', backend: 'cuda', concurrency: 64, promptTokens: 200, contextTokens: 264 });
    const mi300x = cases.find((c) => c.row.backend === 'vLLM ROCm');
    expect(mi300x?.request).toMatchObject({ runtime: 'vllm', backend: 'rocm' });
    expect(mi300x?.hardwareId).toBe('amd-instinct-mi300x');
  });

  it('scores a TPOT row as the speed 1/TPOT', () => {
    const tpot = cases.find((c) => c.serving.metric === 'tpot_ms' && c.row.backend === 'vLLM');
    expect(tpot?.measured).toBeCloseTo(1000 / 7.4, 9);
  });

  it('refuses a precision it cannot model instead of scoring it wrongly', () => {
    const row = cases[0]?.row as ServingRow;
    expect(() => servingCases([{ ...row, quant: 'EXL2 4.65bpw' }])).toThrow(/precision "EXL2 4.65bpw" has no Weightplan precision/);
  });

  it('fits the ROCm class after the CUDA one it starts from', () => {
    const rocm = probes.filter((p) => p.case.row.backend === 'vLLM ROCm');
    expect([...enginesFor(rocm)].sort()).toEqual(['vllm/cuda', 'vllm/rocm']);
  });
});

describe('vLLM and SGLang throughput on the serving rows, with the shipped constants', () => {
  const scored = probes.map((p) => ({ measured: p.case.measured, predicted: predictWith(p, SPEED_CONSTANTS), probe: p }));
  const single = summarize(scored.filter((s) => s.probe.case.metric === 'serve' && s.probe.case.serving.concurrency === 1));
  const batched = summarize(scored.filter((s) => s.probe.case.metric === 'serve' && s.probe.case.serving.concurrency > 1));

  it('predicts single-stream rows within 15% at the median', () => {
    expect(single.rows).toBe(6);
    expect(single.medianApe).toBeLessThanOrEqual(0.15);
  });

  it('predicts batched rows (concurrency 4-64) within 15% at the median and 30% at the 90th percentile', () => {
    expect(batched.rows).toBe(24);
    expect(batched.medianApe).toBeLessThanOrEqual(0.15);
    expect(batched.p90Ape).toBeLessThanOrEqual(0.3);
  });
});

describe('kneeOf: where doubling the concurrency stops paying', () => {
  it('is the concurrency before the first step that gains under 1.5x per doubling', () => {
    // 1 -> 2: x1.9; 2 -> 4: x1.6; 4 -> 8: x1.25.
    const points = [1, 2, 4, 8].map((concurrency, i) => ({ concurrency, tokensPerSecond: [100, 190, 304, 380][i] ?? 0 }));
    expect(kneeOf(points)).toBe(4);
  });

  it('compares a longer step per doubling: 4 -> 16 at x2.4 is x1.55 per doubling, which still pays', () => {
    expect(
      kneeOf([
        { concurrency: 4, tokensPerSecond: 100 },
        { concurrency: 16, tokensPerSecond: 240 },
      ]),
    ).toBeNull();
    expect(
      kneeOf([
        { concurrency: 4, tokensPerSecond: 100 },
        { concurrency: 16, tokensPerSecond: 220 },
      ]),
    ).toBe(4);
  });
});

describe('replaceEngineConstants', () => {
  const c = (label: string, basis: SpeedConstants['basis'] = 'calibrated') => ({ ...SPEED_CONSTANTS.cuda, label, basis }) as SpeedConstants;

  it("swaps one engine's keys in place and leaves the others, dropping extrapolated fits", () => {
    const shipped = { 'llama.cpp/cuda': c('a'), 'vllm/cuda': c('old'), 'vllm/cuda:x': c('old x'), 'llama.cpp/cpu': c('cpu') };
    const fitted = {
      cuda: c('default', 'extrapolated'),
      'vllm/cuda': c('new'),
      'vllm/rocm': c('new rocm'),
      'vllm/x': c('seed', 'extrapolated'),
    };
    const out = replaceEngineConstants(shipped, fitted, 'vllm/');
    expect(Object.keys(out)).toEqual(['llama.cpp/cuda', 'vllm/cuda', 'vllm/rocm', 'llama.cpp/cpu']);
    expect(out['vllm/cuda']?.label).toBe('new');
  });
});
