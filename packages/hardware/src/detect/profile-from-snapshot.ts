import { describeGpus } from '../build-profile.js';
import { cpuMicroarchitecture } from '../cpu-microarchitecture.js';
import { minOf } from '../extremes.js';
import { gpuDeviceFromSpec } from '../gpu-device.js';
import type { GpuVendor } from '../gpu-spec.js';
import type { FieldSource, GpuDevice, HardwareProfile } from '../hardware-profile.js';
import { AmbiguousGpuError, type GpuMatch, matchGpu } from '../match-gpu.js';
import { GPU_SPECS } from '../spec-db/index.js';
import { nvlinkInTopology, parseNvidiaSmiCsv } from './parse-nvidia-smi.js';
import { parseRocmSmiJson } from './parse-rocm-smi.js';
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

/** A device for a card the spec database lacks: memory as detected, speed figures assumed (and said so). */
function unknownGpu(
  controller: Pick<GraphicsController, 'model' | 'name' | 'driverVersion'>,
  vendor: GpuVendor,
  index: number,
  vramBytes: number | null,
): GpuDevice {
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
    memoryFreeBytes: null,
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

/** One GPU as some probe saw it, before it is matched to the spec database. */
interface GpuReading {
  vendor: GpuVendor;
  /** Names to try against the spec database, best first. */
  names: string[];
  label: string;
  vramBytes: number | null;
  vramSource: FieldSource;
  freeBytes: number | null;
  driver?: string;
  busId?: string;
  pcieLink?: string;
  /** GTT (system RAM the GPU may map) from sysfs; what an AMD APU can really use. */
  gttBytes?: number;
  /** Carve-out reported as VRAM by an AMD APU. */
  carveOutBytes?: number;
  controller?: GraphicsController;
}

/**
 * Names worth trying for a controller: lspci-style names carry the marketing names in the last bracket,
 * sometimes several ("Navi 31 [Radeon RX 7900 XT/7900 XTX/7900M]"), which expand to full names.
 */
export function candidateNames(model: string): string[] {
  const names = [model];
  const bracket = /\[([^\]]+)\]\s*$/.exec(model)?.[1];
  if (bracket) {
    const parts = bracket.split('/').map((part) => part.trim());
    const first = parts[0] ?? '';
    const prefix = first.replace(/\s*\S+\s*$/, '').replace(/\s*\d\S*.*$/, '');
    for (const part of parts) names.push(/^\d/.test(part) && prefix ? `${prefix} ${part}` : part);
  }
  return [...new Set(names.filter(Boolean))];
}

function nvidiaReadings(snapshot: SystemSnapshot): GpuReading[] {
  if (!snapshot.nvidiaSmiCsv) return [];
  return parseNvidiaSmiCsv(snapshot.nvidiaSmiCsv).map((gpu) => ({
    vendor: 'nvidia' as const,
    names: [gpu.name],
    label: gpu.name,
    vramBytes: gpu.memoryTotalMib === null ? null : gpu.memoryTotalMib * MiB,
    vramSource:
      gpu.memoryTotalMib === null
        ? { provenance: 'detected', confidence: 'low', note: 'nvidia-smi reports no memory.total' }
        : { provenance: 'detected', confidence: 'high', note: 'nvidia-smi memory.total' },
    freeBytes: gpu.memoryFreeMib === null ? null : gpu.memoryFreeMib * MiB,
    ...(gpu.driver ? { driver: gpu.driver } : {}),
    ...(gpu.busId ? { busId: gpu.busId } : {}),
    ...(gpu.pcieLink ? { pcieLink: gpu.pcieLink } : {}),
  }));
}

/** Matches an lspci-style bus id ("0000:03:00.0") against a controller's ("03:00.0"). */
function sameBus(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const tail = (bus: string) =>
    bus
      .toLowerCase()
      .replace(/^0000:/, '')
      .replace(/^0+/, '');
  return tail(a) === tail(b);
}

function amdReadings(snapshot: SystemSnapshot): GpuReading[] {
  const controllers = (snapshot.graphics?.controllers ?? []).filter((c) => vendorOf(c) === 'amd' && !NOT_AN_ACCELERATOR.test(c.model));
  // An APU's marketing GPU name is in the CPU's ("AMD RYZEN AI MAX+ 395 w/ Radeon 8060S").
  const apuName = /Radeon\s+\d+\w*/i.exec(snapshot.cpu?.brand ?? '')?.[0];
  const cards = (snapshot.drmCards ?? []).filter((card) => card.vendorId.toLowerCase() === '0x1002');
  const rocm = snapshot.rocmSmiJson ? parseRocmSmiJson(snapshot.rocmSmiJson) : [];
  if (rocm.length > 0) {
    return rocm.map((gpu, index) => {
      const card = cards.find((c) => sameBus(c.pciBus, gpu.busId ?? undefined)) ?? cards[index];
      const controller = controllers.find((c) => sameBus(c.pciBus ?? c.busAddress, gpu.busId ?? undefined)) ?? controllers[index];
      const names = [...(apuName ? [apuName] : []), gpu.name, ...(controller ? candidateNames(controller.model) : [])];
      return amdReading(names, gpu.vramTotalBytes ?? card?.vramTotalBytes ?? null, card, controller, 'rocm-smi');
    });
  }
  if (cards.length > 0) {
    return cards.map((card, index) => {
      const controller = controllers.find((c) => sameBus(c.pciBus ?? c.busAddress, card.pciBus)) ?? controllers[index];
      const names = [...(apuName ? [apuName] : []), ...(controller ? candidateNames(controller.model) : ['AMD GPU'])];
      return amdReading(names, card.vramTotalBytes ?? null, card, controller, 'sysfs');
    });
  }
  return [];
}

function amdReading(
  names: string[],
  vramBytes: number | null,
  card: NonNullable<SystemSnapshot['drmCards']>[number] | undefined,
  controller: GraphicsController | undefined,
  source: string,
): GpuReading {
  const usedBytes = card?.vramUsedBytes;
  return {
    vendor: 'amd',
    names,
    label: names[0] ?? 'AMD GPU',
    vramBytes,
    vramSource: { provenance: 'detected', confidence: 'high', note: `${source} VRAM total` },
    freeBytes: vramBytes !== null && usedBytes !== undefined ? vramBytes - usedBytes : null,
    ...(card?.gttTotalBytes !== undefined ? { gttBytes: card.gttTotalBytes, carveOutBytes: card.vramTotalBytes ?? 0 } : {}),
    ...(card?.pciBus ? { busId: card.pciBus } : {}),
    ...(controller ? { controller } : {}),
  };
}

function controllerReading(controller: GraphicsController, vendor: GpuVendor): GpuReading {
  const vram = detectedVramBytes(controller);
  const model = controller.model || controller.name || controller.vendor;
  const names = vendor === 'apple' && controller.cores ? [`${model} (${controller.cores}-core GPU)`, model] : candidateNames(model);
  const bus = controller.pciBus ?? controller.busAddress;
  return {
    vendor,
    names,
    label: model,
    vramBytes: vram.bytes,
    vramSource: vram.source,
    freeBytes: controller.memoryFree !== undefined ? controller.memoryFree * MiB : null,
    ...(controller.driverVersion ? { driver: controller.driverVersion } : {}),
    ...(bus ? { busId: bus } : {}),
    controller,
  };
}

/**
 * The spec-database entry for a reading. Every candidate name is tried, alone and with the detected
 * memory as a hint; a match whose memory agrees with the detected VRAM wins ("Radeon RX 7900 XT/7900 XTX"
 * with 24 GB is the XTX).
 */
function matchReading(reading: GpuReading, warnings: string[]): GpuMatch | undefined {
  // An APU's carve-out may look like VRAM; a hint that fits no card is simply not used.
  const discreteVram = reading.vramBytes;
  const vramHint = discreteVram !== null ? `${Math.round(discreteVram / GiB)}GB` : '';
  let ambiguous: AmbiguousGpuError | undefined;
  const matches: GpuMatch[] = [];
  for (const name of reading.names) {
    for (const query of vramHint ? [name, `${name} ${vramHint}`] : [name]) {
      try {
        matches.push(matchGpu(query));
      } catch (error) {
        if (error instanceof AmbiguousGpuError) ambiguous ??= error;
      }
    }
  }
  const agrees = (m: GpuMatch) => discreteVram !== null && Math.abs(m.memoryBytes - discreteVram) / m.memoryBytes < 0.06;
  const best = matches.find(agrees) ?? matches[0];
  if (best) return best;
  if (ambiguous) {
    // Drivers print one name for cards sold with different memory; without a reading of it, assume the smallest.
    const specs = ambiguous.choices
      .map((choice) => GPU_SPECS.find((spec) => choice.startsWith(`${spec.name} (`)))
      .filter((s) => s !== undefined);
    const smallest = specs.sort((a, b) => a.memoryBytes - b.memoryBytes)[0];
    if (smallest) {
      warnings.push(
        `${reading.label} could be ${ambiguous.choices.join(' or ')}; assuming ${smallest.name}, the smallest. Use --gpu to say which.`,
      );
      return { spec: smallest, memoryBytes: smallest.memoryBytes, warnings: [] };
    }
  }
  return undefined;
}

function deviceFromReading(reading: GpuReading, index: number, snapshot: SystemSnapshot, ramBytes: number, warnings: string[]): GpuDevice {
  const match = matchReading(reading, warnings);
  if (!match) {
    warnings.push(`${reading.label}: not in the spec database; speed figures are rough assumptions. Use --gpu with a known name.`);
    const device = unknownGpu(
      reading.controller ?? { vendor: reading.vendor, model: reading.label },
      reading.vendor,
      index,
      reading.vramBytes,
    );
    if (reading.freeBytes !== null) device.memoryFreeBytes = reading.freeBytes;
    return device;
  }
  warnings.push(...match.warnings);
  const unified = match.spec.segment === 'soc';
  const device = gpuDeviceFromSpec(match.spec, index, unified ? ramBytes : (reading.vramBytes ?? match.memoryBytes));
  if (unified) {
    device.sources.memoryBytes = { provenance: 'detected', confidence: 'high', note: 'unified memory: the system RAM' };
    const wiredLimitMb = snapshot.appleSysctl?.wiredLimitMb ?? 0;
    if (match.spec.vendor === 'apple' && wiredLimitMb > 0) {
      device.usableMemoryBytes = Math.min(ramBytes, wiredLimitMb * MiB);
      device.sources.usableMemoryBytes = { provenance: 'detected', confidence: 'high', note: `iogpu.wired_limit_mb = ${wiredLimitMb}` };
    } else if (reading.gttBytes !== undefined) {
      device.usableMemoryBytes = Math.min(ramBytes, (reading.carveOutBytes ?? 0) + reading.gttBytes);
      device.sources.usableMemoryBytes = { provenance: 'detected', confidence: 'high', note: 'amdgpu VRAM carve-out + GTT from sysfs' };
    }
  } else if (reading.vramBytes !== null) {
    device.sources.memoryBytes = reading.vramSource;
  } else {
    device.sources.memoryBytes = {
      provenance: 'spec-db',
      confidence: 'medium',
      note: `${reading.vramSource.note ?? 'VRAM not reported'}; spec-sheet value used`,
    };
    if (reading.vramSource.note)
      warnings.push(`${reading.label}: ${reading.vramSource.note}; using the spec sheet's ${Math.round(device.memoryBytes / GiB)} GB`);
  }
  if (reading.freeBytes !== null) device.memoryFreeBytes = reading.freeBytes;
  if (reading.driver) device.driver = reading.driver;
  if (reading.busId) device.busId = reading.busId;
  if (reading.pcieLink) device.pcieLink = reading.pcieLink;
  return device;
}

/**
 * GPUs from the most exact source per vendor: nvidia-smi for NVIDIA, rocm-smi or sysfs for AMD (APUs:
 * carve-out plus GTT), systeminformation for the rest (Apple, Intel). Display-only adapters are dropped.
 */
function detectGpus(snapshot: SystemSnapshot, ramBytes: number, warnings: string[]): GpuDevice[] {
  const readings: GpuReading[] = [...nvidiaReadings(snapshot), ...amdReadings(snapshot)];
  const covered = new Set(readings.map((r) => r.vendor));
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
    if (covered.has(vendor)) continue;
    readings.push(controllerReading(controller, vendor));
  }
  return readings.map((reading, index) => deviceFromReading(reading, index, snapshot, ramBytes, warnings));
}

/** DDR transfers per second x 8 bytes per channel; channels counted from populated modules. */
function layoutBandwidth(snapshot: SystemSnapshot): { bytesPerSecond: number; type: string; channels: number; speed: number } | undefined {
  const modules = (snapshot.memLayout ?? []).filter((m) => m.size > 0);
  const speeds = modules.map((m) => m.clockSpeed ?? 0).filter((s) => s > 0);
  if (modules.length === 0 || speeds.length === 0) return undefined;
  const speed = minOf(speeds);
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

  const gpus = detectGpus(snapshot, ram, warnings);
  const unified = gpus.find((gpu) => gpu.unifiedMemory);

  const layout = layoutBandwidth(snapshot);
  const measured = snapshot.measuredMemoryBandwidthBytesPerSecond;
  let bandwidth: number;
  let basis: HardwareProfile['memory']['bandwidthBasis'];
  let bandwidthSource: FieldSource;
  if (unified) {
    bandwidth = unified.memoryBandwidthBytesPerSecond;
    basis = 'spec-db';
    bandwidthSource = { provenance: 'spec-db', confidence: 'high', note: 'unified memory: the SoC bandwidth' };
  } else if (measured !== undefined) {
    // What all cores together actually stream is what CPU inference gets; the layout figure is a ceiling.
    bandwidth = measured;
    basis = 'measured';
    bandwidthSource = { provenance: 'measured', confidence: 'high', note: 'multi-threaded copy benchmark (detect --measure)' };
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
  const clock = snapshot.cpu?.speedMax || snapshot.cpu?.speed || 0;
  const microarchitecture = cpuMicroarchitecture({
    vendor: snapshot.cpu?.manufacturer,
    brand: snapshot.cpu?.brand,
    family: snapshot.cpu?.family,
    model: snapshot.cpu?.model,
  });
  const container = snapshot.container ?? false;
  const hypervisor = snapshot.system?.virtual ? (snapshot.system.virtualHost ?? 'virtual machine') : undefined;
  const linked = gpus.length > 1 && (snapshot.nvidiaSmiTopology ? nvlinkInTopology(snapshot.nvidiaSmiTopology) : false);

  return {
    schemaVersion: 1,
    origin: 'detected',
    label: `${gpus.length === 0 ? 'CPU only' : describeGpus(gpus)}, ${Math.round(ram / GiB)} GiB ${unified ? 'unified memory' : 'RAM'}`,
    cpu: {
      model: cpuModel,
      ...(snapshot.cpu?.manufacturer ? { vendor: snapshot.cpu.manufacturer } : {}),
      cores: physicalCores,
      threads,
      simd: SIMD_FLAGS.filter((flag) => flags.has(flag)),
      // VMs report 0 GHz; a clock outside 0.5-10 GHz is a misreading, not a CPU.
      ...(clock >= 0.5 && clock <= 10 ? { clockGHz: clock } : {}),
      ...(microarchitecture ? { microarchitecture } : {}),
      sources: {
        model: DETECTED,
        cores: DETECTED,
        threads: DETECTED,
        simd: DETECTED,
        ...(microarchitecture
          ? { microarchitecture: { provenance: 'detected', confidence: 'medium', note: 'from CPUID family/model or the model name' } }
          : {}),
      },
    },
    memory: {
      totalBytes: ram,
      availableBytes: availableBytes > 0 ? availableBytes : ram * 0.8,
      bandwidthBytesPerSecond: bandwidth,
      bandwidthBasis: basis,
      ...(measured !== undefined ? { measuredBandwidthBytesPerSecond: measured } : {}),
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
