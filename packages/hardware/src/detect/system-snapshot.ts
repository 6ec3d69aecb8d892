import { z } from 'zod';

/** Outcome of one probe (one systeminformation call or vendor tool): it never throws, it reports. */
export const ProbeStatusSchema = z.object({
  status: z.enum(['ok', 'timeout', 'error', 'unavailable']),
  message: z.string().optional(),
  milliseconds: z.number().nonnegative(),
});
export type ProbeStatus = z.infer<typeof ProbeStatusSchema>;

const GraphicsControllerSchema = z.looseObject({
  vendor: z.string().default(''),
  model: z.string().default(''),
  name: z.string().optional(),
  bus: z.string().optional(),
  vram: z.number().nullable().optional(),
  vramDynamic: z.boolean().optional(),
  cores: z.number().optional(),
  driverVersion: z.string().optional(),
  pciBus: z.string().optional(),
  busAddress: z.string().optional(),
  memoryTotal: z.number().optional(),
  memoryFree: z.number().optional(),
  subDeviceId: z.string().optional(),
});

/**
 * Everything detection reads from the machine, before interpretation: systeminformation's answers as
 * they came. Kept as plain data so tests replay recorded snapshots of machines we do not have, and
 * `detect --json` could attach one to a bug report.
 */
export const SystemSnapshotSchema = z.object({
  cpu: z
    .looseObject({
      manufacturer: z.string().default(''),
      brand: z.string().default(''),
      physicalCores: z.number().default(0),
      cores: z.number().default(0),
      speed: z.number().optional(),
      speedMax: z.number().optional(),
      /** CPUID family and model (systeminformation prints them as decimal strings). */
      family: z.union([z.string(), z.number()]).optional(),
      model: z.union([z.string(), z.number()]).optional(),
    })
    .optional(),
  cpuFlags: z.string().optional(),
  mem: z.looseObject({ total: z.number(), available: z.number() }).optional(),
  memLayout: z
    .array(z.looseObject({ size: z.number().default(0), type: z.string().default(''), clockSpeed: z.number().nullable().optional() }))
    .optional(),
  graphics: z.looseObject({ controllers: z.array(GraphicsControllerSchema).default([]) }).optional(),
  osInfo: z
    .looseObject({
      platform: z.string().default(''),
      distro: z.string().optional(),
      release: z.string().optional(),
      arch: z.string().default(''),
    })
    .optional(),
  system: z.looseObject({ virtual: z.boolean().optional(), virtualHost: z.string().optional(), model: z.string().optional() }).optional(),
  /** Whether the process runs in a container (/.dockerenv, cgroup names). */
  container: z.boolean().optional(),
  /**
   * Raw vendor-tool output, kept verbatim so recorded machines replay exactly:
   * `nvidia-smi --query-gpu=... --format=csv,noheader,nounits`, `nvidia-smi topo -m`,
   * `rocm-smi --showproductname --showmeminfo vram --showbus --json`.
   */
  nvidiaSmiCsv: z.string().optional(),
  nvidiaSmiTopology: z.string().optional(),
  rocmSmiJson: z.string().optional(),
  /** Linux DRM cards (/sys/class/drm/cardN/device): PCI ids and amdgpu memory counters in bytes. */
  drmCards: z
    .array(
      z.object({
        card: z.string(),
        pciBus: z.string().optional(),
        vendorId: z.string(),
        deviceId: z.string(),
        vramTotalBytes: z.number().optional(),
        vramUsedBytes: z.number().optional(),
        gttTotalBytes: z.number().optional(),
        gttUsedBytes: z.number().optional(),
      }),
    )
    .optional(),
  /** macOS sysctl readings: unified memory and the GPU wired-memory limit (0 = macOS default). */
  appleSysctl: z
    .object({ memsizeBytes: z.number().optional(), wiredLimitMb: z.number().optional(), chip: z.string().optional() })
    .optional(),
  /** Result of `detect --measure`: a multi-threaded memory copy benchmark. */
  measuredMemoryBandwidthBytesPerSecond: z.number().positive().optional(),
  disk: z.object({ path: z.string(), freeBytes: z.number(), totalBytes: z.number() }).optional(),
  probes: z.record(z.string(), ProbeStatusSchema).default({}),
});

export type SystemSnapshot = z.infer<typeof SystemSnapshotSchema>;
export type SystemSnapshotInput = z.input<typeof SystemSnapshotSchema>;
export type GraphicsController = z.infer<typeof GraphicsControllerSchema>;
