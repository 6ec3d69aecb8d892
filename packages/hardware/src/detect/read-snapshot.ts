import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { homedir } from 'node:os';
import si from 'systeminformation';
import { type ProbeStatus, type SystemSnapshot, SystemSnapshotSchema } from './system-snapshot.js';
import { probe } from './with-timeout.js';

export interface ReadSnapshotOptions {
  /** Deadline per probe in milliseconds (default 3000). */
  timeoutMs?: number;
  /** Where models are stored, for the free-space check (default: the home directory). */
  modelDirectory?: string;
}

/** Containers leave traces: /.dockerenv, /run/.containerenv (podman), or a container runtime in PID 1's cgroup. */
function inContainer(): boolean {
  try {
    if (existsSync('/.dockerenv') || existsSync('/run/.containerenv')) return true;
    const cgroup = readFileSync('/proc/1/cgroup', 'utf8');
    return /(docker|containerd|kubepods|lxc|podman)/.test(cgroup);
  } catch {
    return false;
  }
}

function diskSpace(path: string): SystemSnapshot['disk'] {
  try {
    const stats = statfsSync(path);
    return { path, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return undefined;
  }
}

/**
 * Reads this machine through systeminformation, every probe in parallel and under its own deadline.
 * Never throws: a failed probe is recorded in `probes` and its part of the snapshot is left out.
 */
export async function readSystemSnapshot(options: ReadSnapshotOptions = {}): Promise<SystemSnapshot> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const [cpu, cpuFlags, mem, memLayout, graphics, osInfo, system] = await Promise.all([
    probe(() => si.cpu(), timeoutMs),
    probe(() => si.cpuFlags(), timeoutMs),
    probe(() => si.mem(), timeoutMs),
    probe(() => si.memLayout(), timeoutMs),
    probe(() => si.graphics(), timeoutMs),
    probe(() => si.osInfo(), timeoutMs),
    probe(() => si.system(), timeoutMs),
  ]);
  const probes: Record<string, ProbeStatus> = {
    cpu: cpu.status,
    cpuFlags: cpuFlags.status,
    memory: mem.status,
    memoryLayout: memLayout.status,
    graphics: graphics.status,
    os: osInfo.status,
    system: system.status,
  };
  const modelDirectory = options.modelDirectory ?? homedir();
  const disk = diskSpace(modelDirectory);
  const raw: Record<string, unknown> = {
    ...(cpu.value ? { cpu: cpu.value } : {}),
    ...(cpuFlags.value !== undefined ? { cpuFlags: cpuFlags.value } : {}),
    ...(mem.value ? { mem: { total: mem.value.total, available: mem.value.available } } : {}),
    ...(memLayout.value ? { memLayout: memLayout.value } : {}),
    ...(graphics.value ? { graphics: { controllers: graphics.value.controllers } } : {}),
    ...(osInfo.value ? { osInfo: osInfo.value } : {}),
    ...(system.value
      ? {
          system: {
            virtual: system.value.virtual,
            ...(system.value.virtualHost ? { virtualHost: system.value.virtualHost } : {}),
            model: system.value.model,
          },
        }
      : {}),
    container: inContainer(),
    ...(disk ? { disk } : {}),
    probes,
  };
  return SystemSnapshotSchema.parse(raw);
}
