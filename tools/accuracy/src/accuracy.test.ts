import { SPEED_CONSTANTS } from '@weightplan/estimator';
import { describe, expect, it } from 'vitest';
import { oneConstantDecodeTokensPerSecond } from './baseline.js';
import { isCublasPrefillEra, isRowSplitEra, throughputCases } from './cases.js';
import { fitSpeedTable, predictWith, prepareProbes } from './fit.js';
import { summarize } from './metrics.js';

// The shipped constants against every calibration row. Fitting and leave-one-GPU-out run in
// `npm run bench:accuracy` (a minute); these thresholds lock in what that run achieved, so a change that
// makes the estimator less accurate fails CI.
const { cases } = throughputCases();
const allProbes = prepareProbes(cases);
const isCpu = (p: (typeof allProbes)[number]) => p.case.row.backend === 'llama.cpp CPU';
// The GPU targets; the CPU class is checked on its own below.
const probes = allProbes.filter((p) => !isCpu(p));
const scored = probes.map((p) => {
  const predicted = predictWith(p, SPEED_CONSTANTS);
  const key = p.classKeys.find((k) => SPEED_CONSTANTS[k]);
  const constants = key ? SPEED_CONSTANTS[key] : undefined;
  const band = p.case.metric === 'tg' ? (constants?.measuredBandRelative ?? 0) : (constants?.measuredPrefillBandRelative ?? 0);
  return { probe: p, measured: p.case.measured, predicted, low: predicted / (1 + band), high: predicted * (1 + band) };
});

describe('generation speed on the calibration rows', () => {
  const tg = summarize(scored.filter((s) => s.probe.case.metric === 'tg'));

  it('has a median error of at most 10% and at least 85% of rows within 25%', () => {
    expect(tg.rows).toBeGreaterThan(170);
    expect(tg.medianApe).toBeLessThanOrEqual(0.1);
    expect(tg.within25).toBeGreaterThanOrEqual(0.85);
  });

  it('puts the measured value inside the low-high band on at least 80% of rows', () => {
    expect(tg.bandCoverage).toBeGreaterThanOrEqual(0.8);
  });

  it('beats the one-constant rule (bandwidth / size x 0.55) by a wide margin', () => {
    const baseline = summarize(
      probes
        .filter((p) => p.case.metric === 'tg')
        .map((p) => ({ measured: p.case.measured, predicted: oneConstantDecodeTokensPerSecond(p.case.request) })),
    );
    expect(baseline.medianApe).toBeGreaterThan(0.2);
    expect(tg.medianApe).toBeLessThan(baseline.medianApe / 2);
  });
});

describe('prompt processing speed on the calibration rows', () => {
  const pp = summarize(scored.filter((s) => s.probe.case.metric === 'pp'));

  it('has a median error of at most 20% and a band covering at least 80% of rows', () => {
    expect(pp.rows).toBeGreaterThan(150);
    expect(pp.medianApe).toBeLessThanOrEqual(0.2);
    expect(pp.bandCoverage).toBeGreaterThanOrEqual(0.8);
  });
});

describe('the CPU class on the calibration rows', () => {
  const cpu = allProbes.filter(isCpu);
  const ratio = (p: (typeof cpu)[number]) => predictWith(p, SPEED_CONSTANTS) / p.case.measured;

  it('is scored on every CPU row, each on a CPU profile with the thread count it ran', () => {
    expect(cpu).toHaveLength(28);
    for (const p of cpu) {
      expect(p.classKeys[0]).toBe('llama.cpp/cpu');
      expect(p.case.request.hardware.cpu.cores).toBe('threads' in p.case.row ? p.case.row.threads : Number.NaN);
      expect(p.case.request.placement).toBe('cpu');
    }
  });

  it('predicts generation on the 2-vCPU Zen 4 VM of issue #15 within 30% before any personal calibration', () => {
    const vm = cpu.filter((p) => p.case.metric === 'tg' && p.case.row.hardware.includes('VM'));
    expect(vm).toHaveLength(7);
    for (const p of vm) expect(Math.abs(ratio(p) - 1), `${p.case.row.model} ${p.case.row.quant}`).toBeLessThanOrEqual(0.3);
  });

  it('uses fitted constants for the CPU class, not the starting values', () => {
    expect(SPEED_CONSTANTS['llama.cpp/cpu']?.basis).toBe('calibrated');
  });
});

describe('throughputCases', () => {
  it('scores a tgN row at the midpoint of the growing cache', () => {
    const row = cases.find((c) => c.metric === 'tg' && c.row.tokens === 1023 && c.row.kvDepth === 494);
    expect(row?.request.contextTokens).toBe(494 + 512);
  });

  it('knows that llama.cpp split matrices by rows across GPUs before January 2024', () => {
    expect(isRowSplitEra('llama.cpp commit 9476b01 (2023-10-02)')).toBe(true);
    expect(isRowSplitEra('llama.cpp b1691 (7082d24)')).toBe(true);
    expect(isRowSplitEra('llama.cpp b2833 (d46dbc76)')).toBe(false);
    const rowSplit = cases.filter((c) => c.request.splitMode === 'row');
    expect(rowSplit.length).toBe(6);
  });

  it('times CUDA prompt processing before June 2024 on the dequantise + cuBLAS path, later rows on MMQ', () => {
    expect(isCublasPrefillEra('llama.cpp b2824 (4426e298)')).toBe(true);
    expect(isCublasPrefillEra('llama.cpp commit 9476b01 (2023-10-02)')).toBe(true);
    expect(isCublasPrefillEra('llama.cpp b7474 (f9ec8858e)')).toBe(false);
    expect(isCublasPrefillEra('llama.cpp PR branch cuda-ptx-mma-12 (June 2024)')).toBe(false);
    const cuda = cases.filter((c) => c.row.backend === 'llama.cpp CUDA' && c.metric === 'pp');
    const mmq = cuda.filter((c) => c.request.quantizedMatmul === undefined);
    expect(mmq.filter((c) => c.row.hardware !== 'NVIDIA GB10').map((c) => c.row.quant)).toEqual(['Q4_0', 'Q4_K_S', 'Q5_0']);
    // llama.cpp's own DGX Spark page (b6918): every row there is on the MMQ path.
    expect(mmq.filter((c) => c.row.hardware === 'NVIDIA GB10')).toHaveLength(5);
  });
});

describe('the hardware classes of issue 17 in the leave-one-out tables', () => {
  const groupsOf = (hardware: string) => new Set(cases.filter((c) => c.row.hardware === hardware).map((c) => c.group));

  it('groups each new class by backend and generation, as the per-class tables print them', () => {
    expect(groupsOf('Apple M3 Ultra (80-core GPU)')).toEqual(new Set(['llama.cpp Metal, Apple M3']));
    expect(groupsOf('NVIDIA GB10')).toEqual(new Set(['llama.cpp CUDA, NVIDIA Blackwell']));
    expect(groupsOf('AMD Instinct MI300X')).toEqual(new Set(['llama.cpp ROCm, AMD CDNA 3']));
    expect(groupsOf('AMD Radeon RX 7900 XTX')).toEqual(new Set(['llama.cpp ROCm, AMD RDNA 3']));
    expect(groupsOf('Intel Arc A770 16GB')).toEqual(
      new Set([
        'llama.cpp Vulkan, Intel Xe-HPG (Arc A)',
        'llama.cpp SYCL, Intel Xe-HPG (Arc A)',
        'llama.cpp Vulkan, Intel Xe-HPG (Arc A), multi-GPU',
      ]),
    );
    expect(groupsOf('AMD Radeon 8060S')).toEqual(new Set(['llama.cpp ROCm, AMD RDNA 3.5', 'llama.cpp Vulkan, AMD RDNA 3.5']));
    expect(groupsOf('AMD EPYC 9374F')).toEqual(new Set(['llama.cpp CPU, Zen 4 (AVX-512 on 256-bit)']));
  });

  it('holds out each GPU of a class by its spec id, so a class of one GPU is predicted from the others', () => {
    const ids = new Set(cases.filter((c) => c.row.backend === 'llama.cpp ROCm').map((c) => c.hardwareId));
    expect(ids).toEqual(
      new Set([
        'amd-radeon-rx-6700-xt',
        'amd-radeon-8060s',
        'amd-instinct-mi300x',
        'amd-radeon-rx-7900-xtx',
        'amd-radeon-pro-w7900',
        'amd-radeon-780m',
        'amd-radeon-ai-pro-r9700',
      ]),
    );
  });

  it('fits SYCL rows under an engine key of their own, starting from the CUDA defaults', () => {
    const sycl = allProbes.filter((p) => p.case.row.backend === 'llama.cpp SYCL');
    // Alchemist (Arc A770) and Battlemage (Arc Pro B70) are classes of their own under the one SYCL engine.
    expect(new Set(sycl.map((p) => p.classKeys[0]))).toEqual(
      new Set(['llama.cpp/sycl:intel-xe-hpg:gddr', 'llama.cpp/sycl:intel-xe2:gddr']),
    );
    const table = fitSpeedTable(sycl);
    expect(table['llama.cpp/sycl']?.label).toBe('Intel, llama.cpp SYCL');
    expect(table['llama.cpp/sycl']?.basis).toBe('calibrated');
    expect(new Set(table['llama.cpp/sycl']?.measuredHardware)).toEqual(new Set(['intel-arc-a770-16gb', 'intel-arc-pro-b70']));
  });
});
