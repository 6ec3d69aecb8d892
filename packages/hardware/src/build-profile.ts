import { InvalidInputError, UnknownNameError } from '@weightplan/match';
import { gpuDeviceFromSpec } from './gpu-device.js';
import type { FieldSource, GpuDevice, HardwareProfile } from './hardware-profile.js';
import { MAX_GPUS_PER_NODE, MAX_NODES, MAX_TOTAL_GPUS } from './limits.js';
import { type GpuMatch, matchGpu } from './match-gpu.js';
import { parseGpuList } from './parse-gpu-list.js';

const GiB = 1024 ** 3;

export interface WhatIfOptions {
  /** `--gpu`: "RTX 4090", "2x H100 SXM", "RTX 4090,RTX 3090", or "none". */
  gpu: string;
  /** `--gpus N`: repeat a single named GPU N times. */
  gpuCount?: number;
  /** System RAM in bytes (`--ram`); for unified-memory SoCs, the unified memory. */
  ramBytes?: number;
  /** CPU memory bandwidth in bytes/s, when known. */
  ramBandwidthBytesPerSecond?: number;
  /** Force the GPU link (`--interconnect`): what-if two PCIe cards were NVLinked, or the reverse. */
  interconnect?: 'pcie' | 'nvlink';
  /** Identical machines (`--nodes`). */
  nodes?: number;
  /** CPU threads for CPU inference. */
  cpuThreads?: number;
}

const ASSUMED: FieldSource = { provenance: 'assumed', confidence: 'low' };
const USER: FieldSource = { provenance: 'user', confidence: 'high' };

/**
 * Host memory bandwidth when nobody gave one: dual-channel DDR5-5600 (89.6 GB/s) for a desktop, 8-channel
 * DDR5-4800 (307 GB/s) for a server with datacenter GPUs. Marked `assumed` so the UI can say so.
 */
function assumedHostBandwidth(gpus: GpuDevice[]): number {
  return gpus.some((gpu) => gpu.segment === 'datacenter') ? 8 * 4800e6 * 8 : 2 * 5600e6 * 8;
}

/** Summarises a device list as "2x NVIDIA GeForce RTX 4090". */
export function describeGpus(gpus: readonly Pick<GpuDevice, 'name'>[]): string {
  const counts = new Map<string, number>();
  for (const gpu of gpus) counts.set(gpu.name, (counts.get(gpu.name) ?? 0) + 1);
  return [...counts.entries()].map(([name, count]) => (count > 1 ? `${count}x ${name}` : name)).join(' + ');
}

/**
 * Matches one entry of a `--gpu` list. A "+" without spaces stays inside the name ("Ryzen AI Max+ 395"), so
 * "RTX 4090+RTX 3090" arrives here as one unknown name: say how to list two cards instead of only "unknown".
 */
function matchListEntry(name: string): GpuMatch {
  try {
    return matchGpu(name);
  } catch (error) {
    if (error instanceof UnknownNameError && /\S\+\S/.test(name)) {
      throw new UnknownNameError(
        'GPU',
        name,
        error.suggestions,
        'to list several GPUs, put spaces around "+" ("RTX 4090 + RTX 3090") or separate them with commas',
      );
    }
    throw error;
  }
}

/**
 * A hardware profile for a machine described by name (`--gpu "2x RTX 4090" --ram 128`), so people can
 * plan for hardware they do not have. Unified-memory SoCs take their memory from `ramBytes` (or the GPU
 * name: "M2 Ultra 192GB"). Whatever is not given is assumed and flagged in `warnings`.
 */
export function buildWhatIfProfile(options: WhatIfOptions): HardwareProfile {
  const warnings: string[] = [];
  const entries = parseGpuList(options.gpu);
  if (options.gpuCount !== undefined) {
    if (!Number.isInteger(options.gpuCount) || options.gpuCount < 1 || options.gpuCount > MAX_GPUS_PER_NODE) {
      throw new InvalidInputError(`--gpus must be a whole number from 1 to ${MAX_GPUS_PER_NODE} (GPUs per node; use --nodes for more)`);
    }
    if (entries.length !== 1) throw new InvalidInputError('--gpus repeats a single GPU name; use "2x A, 1x B" for mixed sets');
    const [entry] = entries;
    if (entry) entry.count = options.gpuCount;
  }

  const gpus: GpuDevice[] = [];
  for (const entry of entries) {
    const match = matchListEntry(entry.name);
    warnings.push(...match.warnings);
    let memoryBytes = match.memoryBytes;
    if (match.spec.segment === 'soc' && options.ramBytes !== undefined) memoryBytes = options.ramBytes;
    for (let i = 0; i < entry.count; i++) gpus.push(gpuDeviceFromSpec(match.spec, gpus.length, memoryBytes));
  }

  const unified = gpus.find((gpu) => gpu.unifiedMemory);
  if (unified && gpus.length > 1)
    throw new InvalidInputError(`${unified.name} shares system memory and cannot be combined with other GPUs`);

  let totalBytes: number;
  let ramSource: FieldSource;
  if (unified) {
    totalBytes = unified.memoryBytes;
    ramSource = options.ramBytes !== undefined ? USER : { provenance: 'spec-db', confidence: 'medium', note: 'largest configuration sold' };
    if (options.ramBytes === undefined && unified.vendor === 'apple') {
      warnings.push(
        `unified memory not given: assuming the largest ${unified.name} configuration, ${Math.round(totalBytes / GiB)} GiB; pass --ram`,
      );
    }
  } else if (options.ramBytes !== undefined) {
    totalBytes = options.ramBytes;
    ramSource = USER;
  } else {
    const vram = gpus.reduce((sum, gpu) => sum + gpu.memoryBytes, 0);
    totalBytes = Math.max(32 * GiB, 2 ** Math.ceil(Math.log2(Math.max(1, 2 * vram) / GiB)) * GiB);
    ramSource = ASSUMED;
    warnings.push(`system RAM not given: assuming ${Math.round(totalBytes / GiB)} GiB (twice the VRAM, at least 32 GiB); pass --ram`);
  }

  const bandwidthGiven = options.ramBandwidthBytesPerSecond !== undefined;
  const bandwidth = unified?.memoryBandwidthBytesPerSecond ?? options.ramBandwidthBytesPerSecond ?? assumedHostBandwidth(gpus);
  const nodes = options.nodes ?? 1;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES)
    throw new InvalidInputError(`--nodes must be a whole number from 1 to ${MAX_NODES}`);
  if (gpus.length * nodes > MAX_TOTAL_GPUS) {
    throw new InvalidInputError(
      `${gpus.length} GPUs x ${nodes} nodes is ${gpus.length * nodes}: at most ${MAX_TOTAL_GPUS} GPUs in all (eight GB200 NVL72 racks)`,
    );
  }
  const linked = gpus.length > 1 && gpus.every((gpu) => gpu.interconnect?.kind === 'nvlink');
  const fabric = gpus.length > 1 && gpus.every((gpu) => gpu.interconnect?.kind === 'infinity-fabric');
  const threads = options.cpuThreads ?? 16;

  const gpuLabel = gpus.length === 0 ? 'CPU only' : describeGpus(gpus);
  return {
    schemaVersion: 1,
    origin: 'preset',
    label: `${nodes > 1 ? `${nodes} nodes of ` : ''}${gpuLabel}, ${Math.round(totalBytes / GiB)} GiB ${unified ? 'unified memory' : 'RAM'}`,
    cpu: {
      model: unified ? unified.name : 'unspecified CPU',
      cores: Math.max(1, Math.round(threads / 2)),
      threads,
      // Apple Silicon and NVIDIA's superchips (GB10) pair the GPU with Arm cores; AMD APUs with x86 ones.
      simd: unified?.vendor === 'apple' || unified?.vendor === 'nvidia' ? ['neon'] : ['avx2'],
      sources: { model: ASSUMED, threads: options.cpuThreads !== undefined ? USER : ASSUMED },
    },
    memory: {
      totalBytes,
      availableBytes: totalBytes * 0.9,
      bandwidthBytesPerSecond: bandwidth,
      bandwidthBasis: unified ? 'spec-db' : bandwidthGiven ? 'user' : 'assumed',
      sources: {
        totalBytes: ramSource,
        availableBytes: { provenance: 'assumed', confidence: 'low', note: '90% of total' },
        bandwidthBytesPerSecond: unified ? { provenance: 'spec-db', confidence: 'high' } : bandwidthGiven ? USER : ASSUMED,
      },
    },
    gpus,
    nodes,
    gpuLink: gpus.length < 2 ? 'none' : (options.interconnect ?? (linked ? 'nvlink' : fabric ? 'infinity-fabric' : 'pcie')),
    warnings,
  };
}
