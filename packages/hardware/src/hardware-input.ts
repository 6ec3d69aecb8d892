import { z } from 'zod';
import { buildWhatIfProfile } from './build-profile.js';
import { type HardwareProfile, HardwareProfileSchema } from './hardware-profile.js';
import { MAX_GPUS_PER_NODE, MAX_NODES, MAX_TOTAL_GPUS, TOTAL_GPUS_MESSAGE } from './limits.js';
import { parseMemoryConfig } from './memory-config.js';

const GiB = 1024 ** 3;

/** A machine described by name, as on the command line (`--gpu "2x RTX 4090" --ram 128`). */
export const WhatIfHardwareSchema = z
  .object({
    gpu: z.string().min(1).max(200).describe('"RTX 4090", "2x H100 SXM", "RTX 4090,RTX 3090" or "none"'),
    gpus: z
      .int()
      .min(1)
      .max(MAX_GPUS_PER_NODE, { message: `at most ${MAX_GPUS_PER_NODE} GPUs per node (a GB200 NVL72 rack); use nodes for more` })
      .optional()
      .describe(`repeat the named GPU this many times (at most ${MAX_GPUS_PER_NODE} per node)`),
    ramGb: z.number().min(0.5).max(1_048_576).optional().describe('system RAM in GB (unified memory for Apple Silicon)'),
    nodes: z
      .int()
      .min(1)
      .max(MAX_NODES, { message: `at most ${MAX_NODES} nodes` })
      .optional()
      .describe(`identical machines joined by a network (at most ${MAX_NODES})`),
    memory: z.string().max(100).optional().describe('"DDR5-5600 2ch" or a platform such as "EPYC Genoa"'),
    interconnect: z.enum(['pcie', 'nvlink']).optional(),
  })
  .refine((w) => (w.gpus ?? 1) * (w.nodes ?? 1) <= MAX_TOTAL_GPUS, { message: TOTAL_GPUS_MESSAGE, path: ['nodes'] });

/**
 * Which hardware to plan for: the machine the host runs on (the default), a what-if machine by name, or a
 * full profile (one saved by `weightplan detect --save`). Used by the API and stored in plans.
 */
export const HardwareInputSchema = z.union([
  z.object({ detected: z.literal(true) }),
  z.object({ whatIf: WhatIfHardwareSchema }),
  z.object({ profile: HardwareProfileSchema }),
]);

export type WhatIfHardware = z.infer<typeof WhatIfHardwareSchema>;
export type HardwareInput = z.infer<typeof HardwareInputSchema>;

/** The profile for a what-if description. */
export function whatIfProfile(w: WhatIfHardware): HardwareProfile {
  return buildWhatIfProfile({
    gpu: w.gpu,
    ...(w.gpus !== undefined ? { gpuCount: w.gpus } : {}),
    ...(w.ramGb !== undefined ? { ramBytes: w.ramGb * GiB } : {}),
    ...(w.nodes !== undefined ? { nodes: w.nodes } : {}),
    ...(w.memory !== undefined ? { ramBandwidthBytesPerSecond: parseMemoryConfig(w.memory).bandwidthBytesPerSecond } : {}),
    ...(w.interconnect !== undefined ? { interconnect: w.interconnect } : {}),
  });
}

/** The profile an input names; `detect` supplies the host's own machine. */
export async function resolveHardwareInput(
  input: HardwareInput | undefined,
  detect: () => Promise<HardwareProfile>,
): Promise<HardwareProfile> {
  if (!input || 'detected' in input) return detect();
  if ('profile' in input) return input.profile;
  return whatIfProfile(input.whatIf);
}
