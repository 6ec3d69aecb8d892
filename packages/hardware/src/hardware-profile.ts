import { z } from 'zod';
import { CpuMicroarchitectureSchema } from './cpu-microarchitecture.js';
import { GpuGenerationSchema, GpuSegmentSchema, GpuVendorSchema, InterconnectSchema } from './gpu-spec.js';
import { MAX_GPUS_PER_NODE, MAX_NODES, MAX_TOTAL_GPUS, TOTAL_GPUS_MESSAGE } from './limits.js';

/**
 * Where a figure came from: read from the OS or a vendor tool (`detected`), looked up in the spec
 * database (`spec-db`), measured by a benchmark (`measured`), given by the user (`user`), or a
 * documented default when nothing better was available (`assumed`).
 */
export const ProvenanceSchema = z.enum(['detected', 'spec-db', 'measured', 'user', 'assumed']);
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const FieldSourceSchema = z.object({
  provenance: ProvenanceSchema,
  /** How far to trust it: high (exact reading), medium (derived or typical), low (a guess or known-unreliable source). */
  confidence: z.enum(['high', 'medium', 'low']),
  note: z.string().optional(),
});
export type FieldSource = z.infer<typeof FieldSourceSchema>;

/** Provenance per field name of the object it sits in. */
export const FieldSourcesSchema = z.record(z.string(), FieldSourceSchema);

export const CpuInfoSchema = z.object({
  model: z.string(),
  vendor: z.string().optional(),
  /** Physical cores (not hardware threads). */
  cores: z.int().positive(),
  threads: z.int().positive(),
  /** Instruction-set extensions that matter for inference: avx2, avx512f, avx512_bf16, amx, neon, sve... */
  simd: z.array(z.string()).default([]),
  /** Highest clock the OS reports, in GHz; absent in most VMs (the estimator then assumes 3 GHz). */
  clockGHz: z.number().positive().max(10).optional(),
  /**
   * Core generation (zen4, intel-server, apple-m...): decides the vector datapath width behind the SIMD
   * flags (Zen 4 runs AVX-512 on 256-bit units, Intel's server cores on 512-bit ones).
   */
  microarchitecture: CpuMicroarchitectureSchema.optional(),
  sources: FieldSourcesSchema.default({}),
});

export const SystemMemorySchema = z.object({
  totalBytes: z.number().positive(),
  availableBytes: z.number().nonnegative(),
  /** Bandwidth the estimator uses for CPU inference and offloaded layers. */
  bandwidthBytesPerSecond: z.number().positive(),
  /** Which figure `bandwidthBytesPerSecond` is. */
  bandwidthBasis: z.enum(['layout', 'measured', 'spec-db', 'user', 'assumed']),
  /** Theoretical bandwidth from the memory layout (channels x transfer rate x 8 bytes), when known. */
  layoutBandwidthBytesPerSecond: z.number().positive().optional(),
  /** Bandwidth measured by a copy benchmark, when run. */
  measuredBandwidthBytesPerSecond: z.number().positive().optional(),
  type: z.string().optional(),
  channels: z.int().positive().optional(),
  speedMegaTransfersPerSecond: z.number().positive().optional(),
  sources: FieldSourcesSchema.default({}),
});

export const GpuDeviceSchema = z.object({
  index: z.int().nonnegative(),
  vendor: GpuVendorSchema,
  name: z.string(),
  /** Spec-database entry the device matched, or null for an unknown card. */
  specId: z.string().nullable(),
  generation: GpuGenerationSchema.nullable(),
  segment: GpuSegmentSchema.nullable(),
  /** Physical memory of the card, or of the whole machine for unified-memory SoCs. */
  memoryBytes: z.number().positive(),
  memoryFreeBytes: z.number().nonnegative().nullable(),
  /**
   * Memory a runtime can actually place tensors in: all VRAM on a discrete card; on Apple Silicon the
   * GPU's wired-memory limit; on AMD APUs the carve-out plus GTT.
   */
  usableMemoryBytes: z.number().positive(),
  /** The GPU shares system RAM (Apple Silicon, APUs): its memory is not in addition to RAM. */
  unifiedMemory: z.boolean(),
  /** GDDR6X, HBM3, LPDDR5... (speed constants differ between HBM, GDDR and LPDDR parts). */
  memoryType: z.string().nullable().default(null),
  memoryBandwidthBytesPerSecond: z.number().positive(),
  /** Streaming multiprocessors (NVIDIA), compute units (AMD), Xe-cores (Intel) or GPU cores (Apple), from the spec sheet. */
  computeUnits: z.int().positive().nullable().default(null),
  /** Non-tensor FP32 throughput: bounds dequantisation work during generation. */
  fp32Tflops: z.number().positive().nullable().default(null),
  fp16TensorTflops: z.number().positive(),
  bf16TensorTflops: z.number().positive().nullable(),
  fp8TensorTflops: z.number().positive().nullable(),
  int8TensorTops: z.number().positive().nullable(),
  hasMatrixUnits: z.boolean(),
  tdpWatts: z.number().positive().nullable(),
  interconnect: InterconnectSchema.nullable(),
  driver: z.string().optional(),
  busId: z.string().optional(),
  pcieLink: z.string().optional(),
  sources: FieldSourcesSchema.default({}),
});

export const HardwareProfileSchema = z
  .object({
    schemaVersion: z.literal(1).default(1),
    /** How the profile was made. */
    origin: z.enum(['detected', 'preset', 'user']),
    /** Human label: "2x NVIDIA GeForce RTX 4090, 64 GiB RAM". */
    label: z.string(),
    cpu: CpuInfoSchema,
    memory: SystemMemorySchema,
    gpus: z.array(GpuDeviceSchema).max(MAX_GPUS_PER_NODE, { message: `at most ${MAX_GPUS_PER_NODE} GPUs per node (a GB200 NVL72 rack)` }),
    /** Identical machines joined by a network (pipeline across nodes). */
    nodes: z
      .int()
      .positive()
      .max(MAX_NODES, { message: `at most ${MAX_NODES} nodes` })
      .default(1),
    /** Whether the GPUs of a node are linked by NVLink/Infinity Fabric (tensor parallelism without PCIe traffic). */
    gpuLink: z.enum(['none', 'pcie', 'nvlink', 'infinity-fabric']).default('none'),
    os: z.object({ platform: z.string(), distro: z.string().optional(), release: z.string().optional(), arch: z.string() }).optional(),
    virtualization: z.object({ container: z.boolean(), hypervisor: z.string().optional() }).optional(),
    disk: z.object({ path: z.string(), freeBytes: z.number().nonnegative(), totalBytes: z.number().positive() }).optional(),
    warnings: z.array(z.string()).default([]),
  })
  .refine((p) => p.gpus.length * p.nodes <= MAX_TOTAL_GPUS, { message: TOTAL_GPUS_MESSAGE, path: ['nodes'] });

export type CpuInfo = z.infer<typeof CpuInfoSchema>;
export type SystemMemory = z.infer<typeof SystemMemorySchema>;
export type GpuDevice = z.infer<typeof GpuDeviceSchema>;
export type HardwareProfile = z.infer<typeof HardwareProfileSchema>;
export type HardwareProfileInput = z.input<typeof HardwareProfileSchema>;
