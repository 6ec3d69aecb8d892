import { z } from 'zod';

/**
 * Per-machine factors fitted from measurements on that machine. They scale the estimator's own model, so
 * they carry over to every model: a 1B measurement corrects the 8B prediction through the bytes, FLOPs and
 * layers each model has.
 */
export const MachineCalibrationSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  /** Measurements the factors were fitted on. */
  sampleCount: z.int().positive(),
  /**
   * Measured over predicted rate of a decode step's data-dependent part (weights streamed or multiplied,
   * KV cache read): the share of the modelled bandwidth and arithmetic this machine really reaches.
   */
  bandwidthFactor: z.number().positive().finite(),
  /** Measured over predicted prompt-processing rate: this machine's prefill efficiency relative to its class. */
  prefillFactor: z.number().positive().finite(),
  /**
   * Seconds added to (or, when negative, taken from) the modelled fixed cost of each generated token:
   * sampling, graph building and synchronisation that do not grow with the model. The step never drops
   * below its modelled data-dependent part.
   */
  extraSecondsPerToken: z.number().finite(),
  /** Which factors the samples determined; the others keep their priors (1, 1, 0). */
  fitted: z.object({ bandwidth: z.boolean(), prefill: z.boolean(), overhead: z.boolean() }),
  /** Relative half-width of the generation band the measurements support. */
  decodeBandRelative: z.number().positive().finite(),
  /** The same for prompt processing. */
  prefillBandRelative: z.number().positive().finite(),
  /** The machine the samples came from (its profile label), so a reader can tell what was calibrated. */
  hardwareLabel: z.string(),
});

export type MachineCalibration = z.infer<typeof MachineCalibrationSchema>;
export type MachineCalibrationInput = z.input<typeof MachineCalibrationSchema>;
