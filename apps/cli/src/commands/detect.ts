import { writeFileAtomic } from '@weightplan/api';
import type { HardwareProfile } from '@weightplan/hardware';
import type { Caller } from '../caller.js';
import { formatBandwidth, formatBytes, renderTable } from '../format.js';
import { type CliIo, printJson } from '../io.js';
import { UsageError } from '../usage-error.js';

export function renderProfile(profile: HardwareProfile, width?: number): string {
  const lines: string[] = [];
  lines.push(`Hardware: ${profile.label} (${profile.origin})`);
  const cpu = profile.cpu;
  lines.push(`CPU: ${cpu.model}, ${cpu.cores} cores / ${cpu.threads} threads${cpu.simd.length > 0 ? `, ${cpu.simd.join(' ')}` : ''}`);
  const memory = profile.memory;
  const bandwidthNote = memory.sources.bandwidthBytesPerSecond?.note;
  lines.push(
    `RAM: ${formatBytes(memory.totalBytes)} total, ${formatBytes(memory.availableBytes)} available, ${formatBandwidth(memory.bandwidthBytesPerSecond)} used for estimates (${memory.bandwidthBasis}${bandwidthNote ? `: ${bandwidthNote}` : ''})`,
  );
  if (memory.layoutBandwidthBytesPerSecond !== undefined && memory.bandwidthBasis !== 'layout') {
    lines.push(
      `     memory layout gives ${formatBandwidth(memory.layoutBandwidthBytesPerSecond)} (${memory.channels} x ${memory.type}-${memory.speedMegaTransfersPerSecond})`,
    );
  }
  if (memory.measuredBandwidthBytesPerSecond !== undefined && memory.bandwidthBasis !== 'measured') {
    lines.push(`     measured ${formatBandwidth(memory.measuredBandwidthBytesPerSecond)} with a copy benchmark`);
  }
  if (profile.gpus.length === 0) {
    lines.push('GPUs: none');
  } else {
    lines.push(
      renderTable(
        ['#', 'GPU', 'memory', 'usable', 'free', 'bandwidth', 'FP16 TFLOPS', 'source'],
        profile.gpus.map((gpu) => [
          gpu.index,
          gpu.name,
          formatBytes(gpu.memoryBytes),
          formatBytes(gpu.usableMemoryBytes),
          gpu.memoryFreeBytes === null ? '-' : formatBytes(gpu.memoryFreeBytes),
          formatBandwidth(gpu.memoryBandwidthBytesPerSecond),
          gpu.fp16TensorTflops.toFixed(0),
          gpu.specId ? `spec-db: ${gpu.specId}` : 'unknown card',
        ]),
        { width, drop: [7, 6, 4] },
      ),
    );
  }
  if (profile.os)
    lines.push(`OS: ${[profile.os.distro ?? profile.os.platform, profile.os.release, profile.os.arch].filter(Boolean).join(' ')}`);
  if (profile.virtualization) {
    const v = profile.virtualization;
    if (v.container || v.hypervisor)
      lines.push(`Virtualisation: ${[v.container ? 'container' : '', v.hypervisor ?? ''].filter(Boolean).join(', ')}`);
  }
  if (profile.disk)
    lines.push(`Disk: ${formatBytes(profile.disk.freeBytes)} free of ${formatBytes(profile.disk.totalBytes)} at ${profile.disk.path}`);
  for (const warning of profile.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

export interface DetectOptions {
  json?: boolean;
  save?: string;
  measure?: boolean;
}

export async function runDetect(options: DetectOptions, caller: Caller, io: CliIo): Promise<void> {
  const profile = await caller.hardware.detect({ measure: options.measure ?? false });
  if (options.save) {
    try {
      writeFileAtomic(options.save, `${JSON.stringify(profile, null, 2)}\n`);
    } catch (error) {
      throw new UsageError(`cannot write ${options.save}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (options.json) printJson(io, profile);
  else
    io.out(renderProfile(profile, io.columns) + (options.save ? `\nsaved to ${options.save}; use it with --hardware ${options.save}` : ''));
}
