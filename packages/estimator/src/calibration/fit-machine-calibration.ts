import type { HardwareProfile } from '@weightplan/hardware';
import { InvalidInputError } from '@weightplan/match';
import { getPrecision } from '@weightplan/weights';
import { estimate } from '../estimate.js';
import { calibratedPrefillSeconds, calibratedStepSeconds, type StepParts } from './calibrated-step.js';
import { type CalibrationSample, CalibrationSampleSchema } from './calibration-sample.js';
import type { MachineCalibration } from './machine-calibration.js';

/**
 * Band half-width with fewer than three samples: nothing on the machine says how well the factors carry
 * over to other models, so the spread the model shows within one machine's rows once its level is known
 * (issue #15's table on a 2-vCPU Zen 4 VM: every generation and prompt row but F16 generation within 14% of
 * the in-sample prediction) stands in.
 */
const FEW_SAMPLES_BAND = 0.15;
/** The narrowest band any number of samples supports: runs of one model on one machine differ by a few percent. */
const MIN_BAND = 0.05;
/** Samples whose modelled data parts differ by less than this ratio cannot separate bandwidth from fixed cost. */
const MIN_SIZE_SPREAD = 1.5;

/** What the uncalibrated estimator predicts for one sample, split the way the factors act on it. */
interface ModelledSample {
  sample: CalibrationSample;
  step: StepParts;
  prefillSeconds: number;
  measuredStepSeconds: number;
  measuredPrefillSeconds: number;
}

function modelled(hardware: HardwareProfile, sample: CalibrationSample): ModelledSample {
  const machine =
    sample.threads === undefined ? hardware : { ...hardware, cpu: { ...hardware.cpu, cores: sample.threads, threads: sample.threads } };
  const e = estimate({
    model: sample.spec,
    precision: getPrecision(sample.precision),
    hardware: machine,
    promptTokens: sample.promptTokens,
    // Generation was timed while the cache grew from the prompt to prompt + generated tokens: its midpoint.
    contextTokens: sample.promptTokens + Math.ceil(sample.genTokens / 2),
    ...(sample.gpuLayers === 0 ? { placement: 'cpu' as const } : {}),
  });
  const t = e.throughput;
  if (!t) {
    throw new InvalidInputError(
      `calibration sample ${sample.spec.id} at ${sample.precision} does not fit this machine's memory, so it cannot have been measured here`,
    );
  }
  const b = t.decodeBreakdown;
  return {
    sample,
    step: { dataSeconds: b.weightsSeconds + b.kvCacheSeconds, overheadSeconds: b.overheadSeconds },
    prefillSeconds: sample.promptTokens / t.prefillTokensPerSecond,
    measuredStepSeconds: 1 / sample.decodeTokensPerSecond,
    measuredPrefillSeconds: sample.promptTokens / sample.prefillTokensPerSecond,
  };
}

interface DecodeFit {
  bandwidthFactor: number;
  extraSecondsPerToken: number;
  overheadFitted: boolean;
}

/**
 * Measured step = data / bandwidthFactor + overhead + extra, solved in relative terms (each sample weighted
 * by 1 / its measured time, so a 1B and an 8B count alike). With one sample, or samples too alike in size
 * to tell a per-byte cost from a per-token one, only the bandwidth factor is fitted and the fixed cost
 * keeps its modelled value.
 */
function fitDecode(samples: ModelledSample[]): DecodeFit {
  const data = samples.map((s) => s.step.dataSeconds);
  const spread = Math.max(...data) / Math.min(...data);
  const rows = samples.map((s) => ({
    w: 1 / s.measuredStepSeconds,
    x: s.step.dataSeconds,
    y: s.measuredStepSeconds - s.step.overheadSeconds,
  }));
  const proportional = (extra: number): number => {
    // Least squares of y - extra = slope * x through the origin.
    const num = rows.reduce((sum, r) => sum + r.w * r.w * r.x * (r.y - extra), 0);
    const den = rows.reduce((sum, r) => sum + r.w * r.w * r.x * r.x, 0);
    return num / den;
  };
  const minOverhead = Math.min(...samples.map((s) => s.step.overheadSeconds));
  if (samples.length >= 2 && spread >= MIN_SIZE_SPREAD) {
    // Weighted linear regression y = slope * x + extra.
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (const r of rows) {
      const w = r.w * r.w;
      sw += w;
      sx += w * r.x;
      sy += w * r.y;
      sxx += w * r.x * r.x;
      sxy += w * r.x * r.y;
    }
    let slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
    let extra = (sy - slope * sx) / sw;
    // The fixed cost cannot go below zero: pin it there and refit the slope.
    if (extra < -minOverhead) {
      extra = -minOverhead;
      slope = proportional(extra);
    }
    if (slope > 0 && Number.isFinite(slope)) return { bandwidthFactor: 1 / slope, extraSecondsPerToken: extra, overheadFitted: true };
  }
  const slope = proportional(0);
  if (slope > 0 && Number.isFinite(slope)) return { bandwidthFactor: 1 / slope, extraSecondsPerToken: 0, overheadFitted: false };
  // Measured faster than the modelled fixed cost alone: scale the whole step instead.
  const scale = samples.reduce((sum, s) => sum + (s.step.dataSeconds + s.step.overheadSeconds) / s.measuredStepSeconds, 0) / samples.length;
  return { bandwidthFactor: scale, extraSecondsPerToken: minOverhead / scale - minOverhead, overheadFitted: true };
}

/** Geometric mean of measured over modelled prefill rate. */
function fitPrefill(samples: ModelledSample[]): number {
  const logs = samples.map((s) => Math.log(s.prefillSeconds / s.measuredPrefillSeconds));
  return Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
}

function factors(samples: ModelledSample[]) {
  return { ...fitDecode(samples), prefillFactor: fitPrefill(samples) };
}

/**
 * With three samples or more, the band is what leaving each sample out and predicting it from the others
 * shows (the largest such error, never below 5%); with fewer, the within-machine spread above.
 */
function bands(samples: ModelledSample[]): { decode: number; prefill: number } {
  if (samples.length < 3) return { decode: FEW_SAMPLES_BAND, prefill: FEW_SAMPLES_BAND };
  let decode = 0;
  let prefill = 0;
  samples.forEach((held, index) => {
    const rest = samples.filter((_, i) => i !== index);
    const f = factors(rest);
    const calibration = {
      bandwidthFactor: f.bandwidthFactor,
      extraSecondsPerToken: f.extraSecondsPerToken,
      prefillFactor: f.prefillFactor,
    } as MachineCalibration;
    decode = Math.max(decode, Math.abs(Math.log(calibratedStepSeconds(held.step, calibration) / held.measuredStepSeconds)));
    prefill = Math.max(
      prefill,
      Math.abs(Math.log(calibratedPrefillSeconds(held.prefillSeconds, calibration) / held.measuredPrefillSeconds)),
    );
  });
  return { decode: Math.max(MIN_BAND, Math.exp(decode) - 1), prefill: Math.max(MIN_BAND, Math.exp(prefill) - 1) };
}

/**
 * Fits this machine's factors from measurements made on it. Pure and deterministic: each sample is
 * predicted by the uncalibrated estimator for `hardware`, and the factors are solved from measured
 * against predicted, so they apply to any model on the machine.
 */
export function fitMachineCalibration(hardware: HardwareProfile, samples: CalibrationSample[]): MachineCalibration {
  if (samples.length === 0) throw new InvalidInputError('calibration needs at least one measurement; got none');
  const parsed = samples.map((sample, index) => {
    const result = CalibrationSampleSchema.safeParse(sample);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new InvalidInputError(`calibration sample ${index + 1}: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
    }
    return result.data;
  });
  const prepared = parsed.map((sample) => modelled(hardware, sample));
  const fit = factors(prepared);
  const band = bands(prepared);
  return {
    schemaVersion: 1,
    sampleCount: prepared.length,
    bandwidthFactor: fit.bandwidthFactor,
    prefillFactor: fit.prefillFactor,
    extraSecondsPerToken: fit.extraSecondsPerToken,
    fitted: { bandwidth: true, prefill: true, overhead: fit.overheadFitted },
    decodeBandRelative: band.decode,
    prefillBandRelative: band.prefill,
    hardwareLabel: hardware.label,
  };
}
