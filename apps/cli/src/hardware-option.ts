import { readFileSync } from 'node:fs';
import {
  buildWhatIfProfile,
  type HardwareProfile,
  HardwareProfileSchema,
  MAX_GPUS_PER_NODE,
  MAX_NODES,
  parseMemoryConfig,
} from '@weightplan/hardware';
import { parseGigabytes, parseNumberOption } from './parse-options.js';
import { UsageError } from './usage-error.js';

export interface HardwareFlags {
  gpu?: string;
  gpus?: string;
  ram?: string;
  nodes?: string;
  hardware?: string;
  memory?: string;
  interconnect?: string;
  measure?: boolean;
}

export type DetectFn = (options?: { measure?: boolean }) => Promise<HardwareProfile>;

/** Reads a profile saved by `weightplan detect --save`, validating it against the schema. */
export function readProfileFile(path: string): HardwareProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read hardware profile ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`hardware profile ${path} is not valid JSON`);
  }
  const parsed = HardwareProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`hardware profile ${path}: ${issue?.path.join('.') || 'document'}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * The hardware a command plans for: a saved profile (`--hardware`), a what-if machine (`--gpu`, `--gpus`,
 * `--ram`, `--nodes`), or, by default, this machine as detected. `--ram` alone adjusts the detected machine.
 */
export async function resolveHardware(flags: HardwareFlags, detect: DetectFn): Promise<HardwareProfile> {
  const ramBytes = parseGigabytes('--ram', flags.ram);
  const gpuCount = parseNumberOption('--gpus', flags.gpus, { min: 1, max: MAX_GPUS_PER_NODE, integer: true });
  const nodes = parseNumberOption('--nodes', flags.nodes, { min: 1, max: MAX_NODES, integer: true });
  const memory = flags.memory === undefined ? undefined : parseMemoryConfig(flags.memory);
  if (flags.interconnect !== undefined && flags.interconnect !== 'pcie' && flags.interconnect !== 'nvlink') {
    throw new UsageError(`--interconnect must be pcie or nvlink, got "${flags.interconnect}"`);
  }
  const interconnect = flags.interconnect as 'pcie' | 'nvlink' | undefined;
  if (flags.hardware) {
    if (flags.gpu) throw new UsageError('give either --hardware FILE or --gpu, not both');
    return readProfileFile(flags.hardware);
  }
  if (flags.gpu !== undefined) {
    return buildWhatIfProfile({
      gpu: flags.gpu,
      ...(gpuCount !== undefined ? { gpuCount } : {}),
      ...(ramBytes !== undefined ? { ramBytes } : {}),
      ...(nodes !== undefined ? { nodes } : {}),
      ...(memory ? { ramBandwidthBytesPerSecond: memory.bandwidthBytesPerSecond } : {}),
      ...(interconnect ? { interconnect } : {}),
    });
  }
  if (gpuCount !== undefined) throw new UsageError('--gpus repeats the GPU named by --gpu; give --gpu too');
  const detected = await detect({ measure: flags.measure ?? false });
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
        ...(memory ? { bandwidthBytesPerSecond: { provenance: 'user' as const, confidence: 'high' as const, note: flags.memory } } : {}),
      },
    },
  };
}
