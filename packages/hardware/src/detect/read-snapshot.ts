import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { homedir } from 'node:os';
import type si from 'systeminformation';
import { type SystemInformationMethod, startHostProbes, type ToolOutcome, type ToolRun } from './host-probes-in-worker.js';
import { measureMemoryBandwidth } from './measure-bandwidth.js';
import { NVIDIA_SMI_FIELDS, parseNvidiaSmiCsv } from './parse-nvidia-smi.js';
import { readDrmCards } from './read-drm-cards.js';
import { type ProbeStatus, type SystemSnapshot, SystemSnapshotSchema } from './system-snapshot.js';
import { probe } from './with-timeout.js';

/** `sysctl -n hw.memsize iogpu.wired_limit_mb machdep.cpu.brand_string` prints one value per line. */
export function parseSysctl(stdout: string): { memsizeBytes?: number; wiredLimitMb?: number; chip?: string } {
  const [memsize, wired, chip] = stdout.split(/\r?\n/).map((line) => line.trim());
  const numberOf = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined);
  const memsizeBytes = numberOf(memsize);
  const wiredLimitMb = numberOf(wired);
  return {
    ...(memsizeBytes !== undefined ? { memsizeBytes } : {}),
    ...(wiredLimitMb !== undefined ? { wiredLimitMb } : {}),
    ...(chip ? { chip } : {}),
  };
}

export interface ReadSnapshotOptions {
  /** Deadline per probe in milliseconds (default 3000). */
  timeoutMs?: number;
  /** Where models are stored, for the free-space check (default: the home directory). */
  modelDirectory?: string;
  /** Also measure memory bandwidth with a short copy benchmark (at most 300 ms). */
  measure?: boolean;
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
  const platform = process.platform;
  const tools: Record<string, ToolRun> = {
    nvidia: { command: 'nvidia-smi', args: [`--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`, '--format=csv,noheader,nounits'] },
    topology: { command: 'nvidia-smi', args: ['topo', '-m'] },
    ...(platform === 'linux'
      ? { rocm: { command: 'rocm-smi', args: ['--showproductname', '--showmeminfo', 'vram', '--showbus', '--json'] } }
      : {}),
    ...(platform === 'darwin'
      ? { sysctl: { command: 'sysctl', args: ['-n', 'hw.memsize', 'iogpu.wired_limit_mb', 'machdep.cpu.brand_string'] } }
      : {}),
  };
  const methods: SystemInformationMethod[] = ['cpu', 'cpuFlags', 'mem', 'memLayout', 'graphics', 'osInfo', 'system'];
  // Everything that starts a process, in a worker: the caller's event loop (a server's) never forks.
  const host = startHostProbes(methods, tools, timeoutMs);
  const nvidiaQuery = host.tool('nvidia');
  const graphicsQuery = probe(() => host.systemInformation<si.Systeminformation.GraphicsData>('graphics'), timeoutMs);
  // systeminformation's graphics probe runs lspci and nvidia-smi one after another and can take seconds on a
  // GPU server. Once nvidia-smi has listed the GPUs, it only adds names of other adapters: wait briefly, no more.
  const graphicsOrEnough = Promise.race([
    graphicsQuery,
    nvidiaQuery.then(async (nvidia) => {
      if (!nvidia.stdout || parseNvidiaSmiCsv(nvidia.stdout).length === 0) return graphicsQuery;
      await new Promise((resolve) => setTimeout(resolve, 400).unref());
      return { status: { status: 'unavailable', message: 'not awaited: nvidia-smi listed the GPUs', milliseconds: 0 } as ProbeStatus };
    }),
  ]);
  const unavailable: ToolOutcome = { status: { status: 'unavailable', milliseconds: 0 } };
  const [cpu, cpuFlags, mem, memLayout, graphics, osInfo, system, nvidia, topology, rocm, sysctl] = await Promise.all([
    probe(() => host.systemInformation<si.Systeminformation.CpuData>('cpu'), timeoutMs),
    probe(() => host.systemInformation<string>('cpuFlags'), timeoutMs),
    probe(() => host.systemInformation<si.Systeminformation.MemData>('mem'), timeoutMs),
    probe(() => host.systemInformation<si.Systeminformation.MemLayoutData[]>('memLayout'), timeoutMs),
    graphicsOrEnough,
    probe(() => host.systemInformation<si.Systeminformation.OsData>('osInfo'), timeoutMs),
    probe(() => host.systemInformation<si.Systeminformation.SystemData>('system'), timeoutMs),
    nvidiaQuery,
    host.tool('topology'),
    tools.rocm ? host.tool('rocm') : unavailable,
    tools.sysctl ? host.tool('sysctl') : unavailable,
  ]);
  // What did not answer in time (a graphics probe not awaited, a hung driver) stops with the worker.
  host.stop();
  // Measured alone, after the probes: run beside them, the copy shares the cores with systeminformation's
  // child processes and on a 2-core machine reads a third of what llama.cpp then streams.
  const measured = options.measure ? await probe(() => measureMemoryBandwidth(250), timeoutMs) : undefined;
  const probes: Record<string, ProbeStatus> = {
    cpu: cpu.status,
    cpuFlags: cpuFlags.status,
    memory: mem.status,
    memoryLayout: memLayout.status,
    graphics: graphics.status,
    os: osInfo.status,
    system: system.status,
    'nvidia-smi': nvidia.status,
    ...(rocm.status.status !== 'unavailable' ? { 'rocm-smi': rocm.status } : {}),
    ...(sysctl.status.status !== 'unavailable' ? { sysctl: sysctl.status } : {}),
    ...(measured ? { 'bandwidth benchmark': measured.status } : {}),
  };
  const drmCards = platform === 'linux' ? readDrmCards() : undefined;
  const appleSysctl = sysctl.stdout !== undefined ? parseSysctl(sysctl.stdout) : undefined;
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
    ...(nvidia.stdout !== undefined ? { nvidiaSmiCsv: nvidia.stdout } : {}),
    ...(topology.stdout !== undefined ? { nvidiaSmiTopology: topology.stdout } : {}),
    ...(rocm.stdout !== undefined ? { rocmSmiJson: rocm.stdout } : {}),
    ...(drmCards && drmCards.length > 0 ? { drmCards } : {}),
    ...(appleSysctl ? { appleSysctl } : {}),
    ...(measured?.value ? { measuredMemoryBandwidthBytesPerSecond: measured.value.bytesPerSecond } : {}),
    probes,
  };
  return SystemSnapshotSchema.parse(raw);
}
