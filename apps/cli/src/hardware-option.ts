import { readFileSync } from 'node:fs';
import type { RouterInputs } from '@weightplan/api';
import { type HardwareProfile, HardwareProfileSchema, MAX_GPUS_PER_NODE, MAX_NODES } from '@weightplan/hardware';
import { parseGibibytes, parseNumberOption } from './parse-options.js';
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

/** True when any hardware flag was given: then it, not a --plan-url link's machine, is planned for. */
export function hasHardwareFlags(flags: HardwareFlags): boolean {
  return (['gpu', 'gpus', 'ram', 'nodes', 'hardware', 'memory', 'interconnect', 'measure'] as const).some(
    (key) => flags[key] !== undefined,
  );
}

export type DetectFn = (options?: { measure?: boolean }) => Promise<HardwareProfile>;

/** The hardware field every planning procedure takes. */
export type HardwareInput = NonNullable<RouterInputs['estimate']['hardware']>;

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
 * The hardware a command plans for, as the router takes it: a saved profile (`--hardware`), a what-if
 * machine (`--gpu`, `--gpus`, `--ram`, `--nodes`), or, by default, this machine as detected, with `--ram`,
 * `--nodes`, `--memory` or `--interconnect` applied to it. The router builds the profile; the CLI only
 * checks that the flags are well formed, so its messages name them.
 */
export function hardwareInput(flags: HardwareFlags): HardwareInput {
  const ramGiB = parseGibibytes('--ram', flags.ram);
  const gpus = parseNumberOption('--gpus', flags.gpus, { min: 1, max: MAX_GPUS_PER_NODE, integer: true });
  const nodes = parseNumberOption('--nodes', flags.nodes, { min: 1, max: MAX_NODES, integer: true });
  if (flags.interconnect !== undefined && flags.interconnect !== 'pcie' && flags.interconnect !== 'nvlink') {
    throw new UsageError(`--interconnect must be pcie or nvlink, got "${flags.interconnect}"`);
  }
  const adjustments = {
    ...(ramGiB !== undefined ? { ramGiB } : {}),
    ...(nodes !== undefined ? { nodes } : {}),
    ...(flags.memory !== undefined ? { memory: flags.memory } : {}),
    ...(flags.interconnect !== undefined ? { interconnect: flags.interconnect as 'pcie' | 'nvlink' } : {}),
  };
  if (flags.hardware) {
    if (flags.gpu) throw new UsageError('give either --hardware FILE or --gpu, not both');
    return { profile: readProfileFile(flags.hardware) };
  }
  if (flags.gpu !== undefined) return { whatIf: { gpu: flags.gpu, ...(gpus !== undefined ? { gpus } : {}), ...adjustments } };
  if (gpus !== undefined) throw new UsageError('--gpus repeats the GPU named by --gpu; give --gpu too');
  return { detected: true, ...(flags.measure ? { measure: true } : {}), ...adjustments };
}
