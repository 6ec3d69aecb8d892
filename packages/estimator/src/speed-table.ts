import type { HardwareClass, SpeedConstants } from './speed-constants.js';

/**
 * Speed constants per hardware class and backend. Initial values; `npm run bench:accuracy` fits them on
 * the public measurements in packages/calibration (leave-one-GPU-out) and docs/accuracy.md reports the error.
 */
export const SPEED_CONSTANTS: Readonly<Record<string, SpeedConstants>> = {
  cuda: {
    label: 'NVIDIA, llama.cpp CUDA',
    weightBandwidthEfficiency: 0.85,
    kvBandwidthEfficiency: { flash: 0.7, noFlash: 0.45 },
    dequantFlopsPerWeight: { default: 4, f16: 0, f32: 0 },
    decodeSecondsPerLayer: 40e-6,
    decodeSecondsPerToken: 300e-6,
    prefillEfficiency: { default: 0.35, f16: 0.45 },
    prefillAttentionEfficiency: { flash: 0.3, noFlash: 0.08 },
    bandRelative: 0.25,
    basis: 'extrapolated',
    evidence: 'initial values',
  },
  metal: {
    label: 'Apple Silicon, llama.cpp Metal',
    weightBandwidthEfficiency: 0.8,
    kvBandwidthEfficiency: { flash: 0.6, noFlash: 0.4 },
    dequantFlopsPerWeight: { default: 4, f16: 0, f32: 0 },
    decodeSecondsPerLayer: 150e-6,
    decodeSecondsPerToken: 500e-6,
    prefillEfficiency: { default: 0.55, f16: 0.65 },
    prefillAttentionEfficiency: { flash: 0.3, noFlash: 0.15 },
    bandRelative: 0.25,
    basis: 'extrapolated',
    evidence: 'initial values',
  },
  cpu: {
    label: 'CPU (llama.cpp)',
    weightBandwidthEfficiency: 0.6,
    kvBandwidthEfficiency: { flash: 0.5, noFlash: 0.5 },
    dequantFlopsPerWeight: { default: 2, f16: 2, f32: 1 },
    decodeSecondsPerLayer: 20e-6,
    decodeSecondsPerToken: 500e-6,
    prefillEfficiency: { default: 0.5 },
    prefillAttentionEfficiency: { flash: 0.3, noFlash: 0.3 },
    bandRelative: 0.4,
    basis: 'extrapolated',
    evidence: 'initial values',
  },
};

/** Fallback for a backend without constants of its own. */
const GPU_FALLBACK = 'cuda';

/** The constants of the most specific class with any, else the CUDA ones marked as extrapolated. */
export function speedConstantsFor(hardwareClass: HardwareClass): SpeedConstants {
  for (const key of hardwareClass.keys) {
    const constants = SPEED_CONSTANTS[key];
    if (constants) return constants;
  }
  const fallback = SPEED_CONSTANTS[GPU_FALLBACK];
  if (!fallback) throw new Error('speed table has no CUDA constants');
  return {
    ...fallback,
    basis: 'extrapolated',
    label: `${hardwareClass.keys[0]} (borrowing ${fallback.label} constants)`,
    bandRelative: fallback.bandRelative * 1.6,
  };
}
