import { describeGpus } from '../build-profile.js';
import { gpuDeviceFromSpec } from '../gpu-device.js';
import type { GpuVendor } from '../gpu-spec.js';
import type { FieldSource, GpuDevice, HardwareProfile } from '../hardware-profile.js';
import { matchGpu } from '../match-gpu.js';
import type { GraphicsController, SystemSnapshot } from './system-snapshot.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const DETECTED: FieldSource = { provenance: 'detected', confidence: 'high' };

/** Display adapters that are not inference accelerators: virtual GPUs, server BMCs, Intel iGPUs. */
const NOT_AN_ACCELERATOR =
  /(vmware|virtualbox|svga|qxl|cirrus|bochs|virtio|hyper-v|microsoft basic|aspeed|matrox|llvmpipe|parallels|(intel.*(uhd|hd graphics|iris)))/i;

function vendorOf(controller: GraphicsController): GpuVendor | null {
  const text = `${controller.vendor} ${controller.model}`.toLowerCase();
  if (text.includes('nvidia')) return 'nvidia';
  if (text.includes('apple')) return 'apple';
  if (text.includes('advanced micro devices') || text.includes('amd') || text.includes('ati ') || text.includes('radeon')) return 'amd';
  if (text.includes('intel')) return 'intel';
  return null;
}

/**
 * Windows reports VRAM through WMI's 32-bit AdapterRAM, which saturates at 4 GiB (4095 MB): never trust
 * that value. nvidia-smi's memory.total (MiB) is exact when systeminformation got it.
 */
function detectedVramBytes(controller: GraphicsController): { bytes: number | null; source: FieldSource } {
  if (controller.memoryTotal && controller.memoryTotal > 0) return { bytes: controller.memoryTotal * MiB, source: DETECTED };
  const vram = controller.vram ?? 0;
  if (vram >= 4095 && vram <= 4096)
    return { bytes: null, source: { provenance: 'detected', confidence: 'low', note: 'WMI caps VRAM at 4 GB' } };
  if (vram > 0 && !controller.vramDynamic) return { bytes: vram * MiB, source: { provenance: 'detected', confidence: 'medium' } };
  return { bytes: null, source: { provenance: 'detected', confidence: 'low' } };
}

function appleGpuName(controller: GraphicsController): string {
  return controller.cores ? `${controller.model} (${controller.cores}-core GPU)` : controller.model;
}

/** A device for a card the spec database lacks: memory as detected, speed figures assumed (and said so). */
function unknownGpu(controller: GraphicsController, vendor: GpuVendor, index: number, vramBytes: number | null): GpuDevice {
  const memoryBytes = vramBytes ?? 8 * GiB;
  const assumed: FieldSource = { provenance: 'assumed', confidence: 'low', note: 'card not in the spec database' };
  return {
    index,
    vendor,
    name: controller.model || controller.name || 'unknown GPU',
    specId: null,
    generation: null,
    segment: null,
    memoryBytes,
    memoryFreeBytes: controller.memoryFree !== undefined ? controller.memoryFree * MiB : null,
    usableMemoryBytes: memoryBytes,
    unifiedMemory: false,
    memoryType: null,
    computeUnits: null,
    memoryBandwidthBytesPerSecond: 300e9,
    fp32Tflops: 10,
    fp16TensorTflops: 20,
    bf16TensorTflops: null,
    fp8TensorTflops: null,
    int8TensorTops: null,
    hasMatrixUnits: false,
    tdpWatts: null,
    interconnect: null,
    ...(controller.driverVersion ? { driver: controller.driverVersion } : {}),
    sources: {
      memoryBytes: vramBytes !== null ? DETECTED : assumed,
      memoryBandwidthBytesPerSecond: assumed,
      fp16TensorTflops: assumed,
    },
  };
}

function gpusFromControllers(snapshot: SystemSnapshot, ramBytes: number, warnings: string[]): GpuDevice[] {
  const gpus: GpuDevice[] = [];
  for (const controller of snapshot.graphics?.controllers ?? []) {
    const label = controller.model || controller.name || controller.vendor;
    if (NOT_AN_ACCELERATOR.test(`${controller.vendor} ${label}`)) {
      if (label) warnings.push(`ignored ${label}: a display adapter, not an inference accelerator`);
      continue;
    }
    const vendor = vendorOf(controller);
    if (!vendor) {
      if (label) warnings.push(`ignored ${label}: unknown GPU vendor`);
      continue;
    }
    const index = gpus.length;
    const vram = detectedVramBytes(controller);
    const query = vendor === 'apple' ? appleGpuName(controller) : label;
    let device: GpuDevice;
    try {
      const vramHint = vram.bytes !== null ? `${Math.round(vram.bytes / GiB)}GB` : '';
      let match: ReturnType<typeof matchGpu>;
      try {
        match = matchGpu(query);
      } catch (error) {
        if (!vramHint) throw error;
        match = matchGpu(`${query} ${vramHint}`);
      }
      warnings.push(...match.warnings);
      const unified = match.spec.segment === 'soc';
      device = gpuDeviceFromSpec(match.spec, index, unified ? ramBytes : (vram.bytes ?? match.memoryBytes));
      if (!unified && vram.bytes !== null) device.sources.memoryBytes = vram.source;
      if (!unified && vram.bytes === null) {
        device.sources.memoryBytes = {
          provenance: 'spec-db',
          confidence: 'medium',
          note: `${vram.source.note ?? 'VRAM not reported'}; spec-sheet value used`,
        };
        if (vram.source.note)
          warnings.push(`${label}: ${vram.source.note}; using the spec sheet's ${Math.round(device.memoryBytes / GiB)} GB`);
      }
      if (unified) device.sources.memoryBytes = { provenance: 'detected', confidence: 'high', note: 'unified memory: the system RAM' };
    } catch (error) {
      warnings.push(`${label}: not in the spec database (${(error as Error).message}); speed figures are rough assumptions`);
      device = unknownGpu(controller, vendor, index, vram.bytes);
    }
    if (controller.memoryFree !== undefined) device.memoryFreeBytes = controller.memoryFree * MiB;
    if (controller.driverVersion) device.driver = controller.driverVersion;
    const bus = controller.pciBus ?? controller.busAddress;
    if (bus) device.busId = bus;
    gpus.push(device);
  }
  return gpus;
}

/** DDR transfers per second x 8 bytes per channel; channels counted from populated modules. */
function layoutBandwidth(snapshot: SystemSnapshot): { bytesPerSecond: number; type: string; channels: number; speed: number } | undefined {
  const modules = (snapshot.memLayout ?? []).filter((m) => m.size > 0);
  const speeds = modules.map((m) => m.clockSpeed ?? 0).filter((s) => s > 0);
  if (modules.length === 0 || speeds.length === 0) return undefined;
  const speed = Math.min(...speeds);
  const channels = Math.min(modules.length, 12);
  return { bytesPerSecond: channels * speed * 1e6 * 8, type: modules[0]?.type ?? 'unknown', channels, speed };
}

const SIMD_FLAGS = [
  'avx',
  'avx2',
  'avx512f',
  'avx512_bf16',
  'avx512_vnni',
  'avx_vnni',
  'amx_bf16',
  'amx_int8',
  'amx_tile',
  'f16c',
  'fma',
  'neon',
  'asimd',
  'sve',
  'sve2',
  'i8mm',
  'bf16',
  'dotprod',
];

/**
 * Interprets a snapshot: matches GPUs to the spec database (never trusting Windows' 4 GB WMI value),
 * drops display-only adapters, treats Apple Silicon memory as unified (not VRAM plus RAM), and marks the
 * provenance of every figure. Pure: the same snapshot always gives the same profile.
 */
export function profileFromSnapshot(snapshot: SystemSnapshot): HardwareProfile {
  const warnings: string[] = [];
  for (const [probe, status] of Object.entries(snapshot.probes)) {
    if (status.status === 'timeout') warnings.push(`${probe} did not answer within ${Math.round(status.milliseconds)} ms; skipped`);
    else if (status.status === 'error') warnings.push(`${probe} failed: ${status.message ?? 'unknown error'}`);
  }

  const totalBytes = snapshot.mem?.total ?? 0;
  const availableBytes = snapshot.mem?.available ?? 0;
  if (!snapshot.mem) warnings.push('system memory could not be read; assuming 16 GB');
  const ram = totalBytes > 0 ? totalBytes : 16 * GiB;

  const gpus = gpusFromControllers(snapshot, ram, warnings);
  const unified = gpus.find((gpu) => gpu.unifiedMemory);

  const layout = layoutBandwidth(snapshot);
  let bandwidth: number;
  let basis: HardwareProfile['memory']['bandwidthBasis'];
  let bandwidthSource: FieldSource;
  if (unified) {
    bandwidth = unified.memoryBandwidthBytesPerSecond;
    basis = 'spec-db';
    bandwidthSource = { provenance: 'spec-db', confidence: 'high', note: 'unified memory: the SoC bandwidth' };
  } else if (layout) {
    bandwidth = layout.bytesPerSecond;
    basis = 'layout';
    bandwidthSource = {
      provenance: 'detected',
      confidence: 'medium',
      note: `${layout.channels} module(s) of ${layout.type}-${layout.speed}, one per channel assumed`,
    };
  } else {
    bandwidth = 2 * 3200e6 * 8;
    basis = 'assumed';
    bandwidthSource = {
      provenance: 'assumed',
      confidence: 'low',
      note: 'memory layout not readable: dual-channel DDR4-3200 assumed; run detect --measure',
    };
  }

  const flags = new Set((snapshot.cpuFlags ?? '').toLowerCase().split(/\s+/).filter(Boolean));
  const arch = snapshot.osInfo?.arch ?? '';
  if (arch === 'arm64' || arch === 'aarch64') flags.add('neon');
  const cpuModel = [snapshot.cpu?.manufacturer, snapshot.cpu?.brand].filter(Boolean).join(' ').trim() || 'unknown CPU';
  const physicalCores = Math.max(1, snapshot.cpu?.physicalCores || snapshot.cpu?.cores || 1);
  const threads = Math.max(physicalCores, snapshot.cpu?.cores || physicalCores);
  const container = snapshot.container ?? false;
  const hypervisor = snapshot.system?.virtual ? (snapshot.system.virtualHost ?? 'virtual machine') : undefined;
  const linked = gpus.length > 1 && gpus.every((gpu) => gpu.interconnect?.kind === 'nvlink');

  return {
    schemaVersion: 1,
    origin: 'detected',
    label: `${gpus.length === 0 ? 'CPU only' : describeGpus(gpus)}, ${Math.round(ram / GiB)} GB ${unified ? 'unified memory' : 'RAM'}`,
    cpu: {
      model: cpuModel,
      ...(snapshot.cpu?.manufacturer ? { vendor: snapshot.cpu.manufacturer } : {}),
      cores: physicalCores,
      threads,
      simd: SIMD_FLAGS.filter((flag) => flags.has(flag)),
      sources: { model: DETECTED, cores: DETECTED, threads: DETECTED, simd: DETECTED },
    },
    memory: {
      totalBytes: ram,
      availableBytes: availableBytes > 0 ? availableBytes : ram * 0.8,
      bandwidthBytesPerSecond: bandwidth,
      bandwidthBasis: basis,
      ...(layout
        ? {
            layoutBandwidthBytesPerSecond: layout.bytesPerSecond,
            type: layout.type,
            channels: layout.channels,
            speedMegaTransfersPerSecond: layout.speed,
          }
        : {}),
      sources: {
        totalBytes: snapshot.mem ? DETECTED : { provenance: 'assumed', confidence: 'low' },
        availableBytes: DETECTED,
        bandwidthBytesPerSecond: bandwidthSource,
      },
    },
    gpus,
    nodes: 1,
    gpuLink: gpus.length < 2 ? 'none' : linked ? 'nvlink' : 'pcie',
    ...(snapshot.osInfo
      ? {
          os: {
            platform: snapshot.osInfo.platform,
            arch: snapshot.osInfo.arch,
            ...(snapshot.osInfo.distro ? { distro: snapshot.osInfo.distro } : {}),
            ...(snapshot.osInfo.release ? { release: snapshot.osInfo.release } : {}),
          },
        }
      : {}),
    virtualization: { container, ...(hypervisor ? { hypervisor } : {}) },
    ...(snapshot.disk ? { disk: snapshot.disk } : {}),
    warnings,
  };
}
