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
  cpu: {
    label: 'CPU (uncalibrated defaults)',
    weightBandwidthEfficiency: 0.6,
    prefillFlopsPerWatt: Number.POSITIVE_INFINITY,
    kvBandwidthEfficiency: { flash: 0.5, noFlash: 0.5 },
    dequantFlopsPerWeight: { default: 2, f16: 2, f32: 1 },
    decodeSecondsPerLayer: 20e-6,
    decodeSecondsPerToken: 500e-6,
    syncSecondsPerPeer: 30e-6,
    prefillEfficiency: { default: 0.5 },
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
