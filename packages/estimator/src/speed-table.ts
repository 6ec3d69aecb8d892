import { CALIBRATED_SPEED_CONSTANTS } from './calibrated-speed-constants.js';
import type { HardwareClass, SpeedConstants } from './speed-constants.js';

export type SpeedTable = Readonly<Record<string, SpeedConstants>>;

/**
 * Starting constants per backend: physically plausible values (most of the bandwidth reached, tens of
 * microseconds per kernel launch, a third of peak matrix throughput in prefill) that the fit starts from
 * and that backends without measurements keep, flagged as extrapolated.
 */
export const DEFAULT_SPEED_CONSTANTS: SpeedTable = {
  cuda: {
    label: 'CUDA (uncalibrated defaults)',
    weightBandwidthEfficiency: 0.85,
    prefillFlopsPerWatt: Number.POSITIVE_INFINITY,
    kvBandwidthEfficiency: { flash: 0.7, noFlash: 0.45 },
    dequantFlopsPerWeight: { default: 4, f16: 0, f32: 0 },
    decodeSecondsPerLayer: 40e-6,
    decodeSecondsPerToken: 300e-6,
    syncSecondsPerPeer: 30e-6,
    prefillEfficiency: { default: 0.35, f16: 0.45 },
    prefillAttentionEfficiency: { flash: 0.3, noFlash: 0.08 },
    prefillAttentionBytesPerScore: 12,
    bandRelative: 0.25,
    prefillBandRelative: 0.35,
    measuredHardware: [],
    measuredBandRelative: 0.25,
    measuredPrefillBandRelative: 0.35,
    basis: 'extrapolated',
    evidence: 'initial values',
  },
  metal: {
    label: 'Metal (uncalibrated defaults)',
    weightBandwidthEfficiency: 0.8,
    prefillFlopsPerWatt: Number.POSITIVE_INFINITY,
    kvBandwidthEfficiency: { flash: 0.6, noFlash: 0.4 },
    dequantFlopsPerWeight: { default: 4, f16: 0, f32: 0 },
    decodeSecondsPerLayer: 150e-6,
    decodeSecondsPerToken: 500e-6,
    syncSecondsPerPeer: 30e-6,
    prefillEfficiency: { default: 0.55, f16: 0.65 },
    prefillAttentionEfficiency: { flash: 0.3, noFlash: 0.15 },
    prefillAttentionBytesPerScore: 12,
    bandRelative: 0.25,
    prefillBandRelative: 0.35,
    measuredHardware: [],
    measuredBandRelative: 0.25,
    measuredPrefillBandRelative: 0.35,
    basis: 'extrapolated',
    evidence: 'initial values',
  },
  // Starting points from llama.cpp on two Zen 4 cores (Weightplan issue #15's table, solved across the
  // 1B/3B/8B rows): F16 generation is memory-bound at about 30 GB/s a thread; Q8_0 and Q4_0 generation
  // are bound by their dot products (about 5.4 and 3.3 FP32-equivalent operations per weight at peak);
  // a fixed cost per token (sampling, graph build) of 10-20 ms; prompt processing sustains 0.44 (F16),
  // 1.1 (Q8_0) and 1.35 (Q4_0) times the FP32 peak, the quantised formats in int8.
  cpu: {
    label: 'CPU (uncalibrated defaults)',
    weightBandwidthEfficiency: 0.75,
    measuredBandwidthEfficiency: 1.2,
    perCoreBandwidthBytesPerSecond: 30e9,
    prefillFlopsPerWatt: Number.POSITIVE_INFINITY,
    kvBandwidthEfficiency: { flash: 0.75, noFlash: 0.5 },
    dequantFlopsPerWeight: { default: 6, f16: 1, f32: 1, q8: 5.4, legacy: 3.3, kquant: 6, iquant: 9 },
    decodeSecondsPerLayer: 30e-6,
    decodeSecondsPerToken: 10e-3,
    syncSecondsPerPeer: 30e-6,
    prefillEfficiency: { default: 1, f16: 0.44, f32: 0.3, q8: 1.1, legacy: 1.35, kquant: 1, iquant: 0.7 },
    prefillAttentionEfficiency: { flash: 0.3, noFlash: 0.3 },
    prefillAttentionBytesPerScore: 12,
    bandRelative: 0.4,
    prefillBandRelative: 0.5,
    measuredHardware: [],
    measuredBandRelative: 0.4,
    measuredPrefillBandRelative: 0.5,
    basis: 'extrapolated',
    evidence: 'initial values',
  },
};

/**
 * The shipped constants: the defaults, overridden per engine and hardware class by the values
 * `npm run bench:accuracy -- --write` fitted on the calibration measurements (see docs/accuracy.md).
 */
export const SPEED_CONSTANTS: SpeedTable = { ...DEFAULT_SPEED_CONSTANTS, ...CALIBRATED_SPEED_CONSTANTS };

/** Fallback for a backend without constants of its own. */
const GPU_FALLBACK = 'cuda';

/** The constants of the most specific class with any, else the CUDA ones marked as extrapolated. */
export function speedConstantsFor(hardwareClass: HardwareClass, table: SpeedTable = SPEED_CONSTANTS): SpeedConstants {
  for (const key of hardwareClass.keys) {
    const constants = table[key];
    if (constants) return constants;
  }
  const fallback = table[GPU_FALLBACK];
  if (!fallback) throw new Error('speed table has no CUDA constants');
  return {
    ...fallback,
    basis: 'extrapolated',
    label: `${hardwareClass.keys[0]} (borrowing ${fallback.label} constants)`,
    bandRelative: fallback.bandRelative * 1.6,
  };
}
