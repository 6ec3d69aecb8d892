import { InvalidInputError, unknownKeysMessage } from '@weightplan/match';
import { z } from 'zod';
import { buildWhatIfProfile } from './build-profile.js';
import { type HardwareProfile, HardwareProfileSchema } from './hardware-profile.js';
import { MAX_GPUS_PER_NODE, MAX_NODES, MAX_TOTAL_GPUS, TOTAL_GPUS_MESSAGE } from './limits.js';
import { parseMemoryConfig } from './memory-config.js';

const GiB = 1024 ** 3;

/** An object that refuses unknown fields, naming the closest known one (a misspelt field must not be ignored). */
function strict<Shape extends z.ZodRawShape>(shape: Shape) {
  // Deprecated names are accepted but never suggested.
  const known = Object.keys(shape).filter((key) => key !== 'ramGb');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined),
  });
}

const ramGiB = z.number().min(0.5).max(1_048_576).optional().describe('system RAM in GiB (unified memory for Apple Silicon)');

/** Changes to a machine that apply on top of its GPUs: RAM, nodes, memory configuration, GPU link. */
const machineAdjustments = {
  ramGiB,
  /** @deprecated the same value under its old name (it was always GiB); accepted for one release. */
  ramGb: ramGiB.describe('deprecated: use ramGiB (same value, GiB)'),
  nodes: z
    .int()
    .min(1)
    .max(MAX_NODES, { message: `at most ${MAX_NODES} nodes` })
    .optional()
    .describe(`identical machines joined by a network (at most ${MAX_NODES})`),
  memory: z.string().max(100).optional().describe('"DDR5-5600 2ch" or a platform such as "EPYC Genoa"'),
  interconnect: z.enum(['pcie', 'nvlink']).optional(),
};

/** A machine described by name, as on the command line (`--gpu "2x RTX 4090" --ram 128`). */
export const WhatIfHardwareSchema = strict({
  gpu: z.string().min(1).max(200).describe('"RTX 4090", "2x H100 SXM", "RTX 4090,RTX 3090" or "none"'),
  gpus: z
    .int()
    .min(1)
    .max(MAX_GPUS_PER_NODE, { message: `at most ${MAX_GPUS_PER_NODE} GPUs per node (a GB200 NVL72 rack); use nodes for more` })
    .optional()
    .describe(`repeat the named GPU this many times (at most ${MAX_GPUS_PER_NODE} per node)`),
  ...machineAdjustments,
}).refine((w) => (w.gpus ?? 1) * (w.nodes ?? 1) <= MAX_TOTAL_GPUS, { message: TOTAL_GPUS_MESSAGE, path: ['nodes'] });

/** The host's own machine, optionally with its RAM, nodes, memory configuration or GPU link changed. */
export const DetectedHardwareSchema = strict({
  detected: z.literal(true),
  measure: z.boolean().optional().describe("measure the host's memory bandwidth first (about 0.3 s)"),
  ...machineAdjustments,
});

/**
 * Which hardware to plan for: the machine the host runs on (the default), a what-if machine by name, or a
 * full profile (one saved by `weightplan detect --save`). Used by the API and stored in plans.
 */
export const HardwareInputSchema = z.union([
  DetectedHardwareSchema,
  strict({ whatIf: WhatIfHardwareSchema }),
  strict({ profile: HardwareProfileSchema }),
]);

export type WhatIfHardware = z.infer<typeof WhatIfHardwareSchema>;
export type DetectedHardware = z.infer<typeof DetectedHardwareSchema>;

/** RAM in bytes from either name of the field; both at once is ambiguous. */
function ramBytesOf(w: { ramGiB?: number | undefined; ramGb?: number | undefined }): number | undefined {
  if (w.ramGiB !== undefined && w.ramGb !== undefined && w.ramGiB !== w.ramGb) {
    throw new InvalidInputError('give ramGiB or its deprecated name ramGb, not both');
  }
  const gib = w.ramGiB ?? w.ramGb;
  return gib === undefined ? undefined : gib * GiB;
}
export type HardwareInput = z.infer<typeof HardwareInputSchema>;

/** The profile for a what-if description. */
export function whatIfProfile(w: WhatIfHardware): HardwareProfile {
  return buildWhatIfProfile({
    gpu: w.gpu,
    ...(w.gpus !== undefined ? { gpuCount: w.gpus } : {}),
    ...(ramBytesOf(w) !== undefined ? { ramBytes: ramBytesOf(w) } : {}),
    ...(w.nodes !== undefined ? { nodes: w.nodes } : {}),
    ...(w.memory !== undefined ? { ramBandwidthBytesPerSecond: parseMemoryConfig(w.memory).bandwidthBytesPerSecond } : {}),
    ...(w.interconnect !== undefined ? { interconnect: w.interconnect } : {}),
  });
}

/**
 * The host's machine with the changes a detected input asks for: `--ram 128` alone plans for this machine
 * with 128 GiB of RAM; `--memory "DDR5-5600 2ch"` sets the RAM bandwidth the CPU path uses.
 */
export function adjustDetectedProfile(detected: HardwareProfile, changes: DetectedHardware): HardwareProfile {
  const ramBytes = ramBytesOf(changes);
  const memory = changes.memory === undefined ? undefined : parseMemoryConfig(changes.memory);
  const { nodes, interconnect } = changes;
  if (ramBytes === undefined && nodes === undefined && memory === undefined && interconnect === undefined) return detected;
  return {
    ...detected,
    origin: 'user',
    ...(nodes !== undefined ? { nodes } : {}),
    ...(interconnect !== undefined && detected.gpus.length > 1 ? { gpuLink: interconnect } : {}),
    memory: {
      ...detected.memory,
      ...(ramBytes !== undefined ? { totalBytes: ramBytes, availableBytes: ramBytes * 0.9 } : {}),
      ...(memory ? { bandwidthBytesPerSecond: memory.bandwidthBytesPerSecond, bandwidthBasis: 'user' as const } : {}),
      sources: {
        ...detected.memory.sources,
        ...(ramBytes !== undefined ? { totalBytes: { provenance: 'user' as const, confidence: 'high' as const } } : {}),
        ...(memory ? { bandwidthBytesPerSecond: { provenance: 'user' as const, confidence: 'high' as const, note: changes.memory } } : {}),
      },
    },
  };
}

/** The profile an input names; `detect` supplies the host's own machine (measured when asked). */
export async function resolveHardwareInput(
  input: HardwareInput | undefined,
  detect: (options?: { measure?: boolean }) => Promise<HardwareProfile>,
): Promise<HardwareProfile> {
  if (!input) return detect();
  if ('detected' in input) return adjustDetectedProfile(await detect(input.measure ? { measure: true } : undefined), input);
  if ('profile' in input) return input.profile;
  return whatIfProfile(input.whatIf);
}
