import { z } from 'zod';

export const GpuVendorSchema = z.enum(['nvidia', 'amd', 'intel', 'apple']);

/**
 * Architecture generation. Speed calibration is per generation and backend (never per SKU), so a card
 * nobody measured is predicted from the constants of its generation and its own spec sheet.
 */
export const GpuGenerationSchema = z.enum([
  'nvidia-pascal',
  'nvidia-volta',
  'nvidia-turing',
  'nvidia-ampere',
  'nvidia-ada',
  'nvidia-hopper',
  'nvidia-blackwell',
  'amd-rdna2',
  'amd-rdna3',
  'amd-rdna3.5',
  'amd-rdna4',
  'amd-cdna2',
  'amd-cdna3',
  'intel-xe-hpg',
  'intel-xe2',
  'apple-m1',
  'apple-m2',
  'apple-m3',
  'apple-m4',
]);

/**
 * - `consumer`: GeForce / Radeon RX / Arc desktop and laptop cards;
 * - `workstation`: RTX A/Ada/PRO, Radeon PRO;
 * - `datacenter`: Tesla/A/H/B/L series, Instinct;
 * - `soc`: Apple Silicon and APUs whose GPU shares system memory (unified).
 */
export const GpuSegmentSchema = z.enum(['consumer', 'workstation', 'datacenter', 'soc']);

export const InterconnectSchema = z.object({
  /** `nvlink`/`infinity-fabric` when cards can link directly; `pcie` otherwise; `on-package` for SoCs. */
  kind: z.enum(['pcie', 'nvlink', 'infinity-fabric', 'on-package']),
  /** Per-GPU bandwidth of the direct link, both directions together (NVLink 4 on H100 SXM: 900 GB/s). */
  bandwidthBytesPerSecond: z.number().positive().optional(),
  /** Host link, e.g. "PCIe 4.0 x16". */
  hostLink: z.string().optional(),
});

export const GpuSpecSchema = z.object({
  /** Stable id: vendor and model in kebab case, e.g. "nvidia-geforce-rtx-4090". */
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  /** Full marketing name as the vendor and drivers print it: "NVIDIA GeForce RTX 4090". */
  name: z.string().min(1),
  /** Other spellings people use and tools print: "RTX 4090", "4090", "GeForce RTX 4090 24GB". */
  aliases: z.array(z.string().min(1)).default([]),
  vendor: GpuVendorSchema,
  segment: GpuSegmentSchema,
  generation: GpuGenerationSchema,
  /** Marketing architecture name: "Ada Lovelace", "Hopper", "RDNA 3", "Apple M2". */
  architecture: z.string().min(1),
  /** CUDA compute capability ("8.9"), AMD gfx target ("gfx1100"), or the Apple GPU family. */
  computeTarget: z.string().optional(),
  /** GPU cores: Apple GPU cores, AMD compute units, NVIDIA SMs. */
  computeUnits: z.int().positive().optional(),
  /**
   * The largest memory configuration sold for this entry, in bytes (VRAM, or unified memory for SoCs): what a
   * plan assumes when the user names the chip without a size. Smaller configurations are in `memoryOptionsBytes`.
   */
  memoryBytes: z.number().positive(),
  /** Every memory configuration sold with the same chip and bandwidth (SoCs: 64/128/192 GB), in bytes. */
  memoryOptionsBytes: z.array(z.number().positive()).optional(),
  memoryType: z.string().min(1),
  memoryBandwidthBytesPerSecond: z.number().positive(),
  /** Dense FP16 tensor throughput, FP16 accumulate (GeForce cards do twice their FP32-accumulate rate). */
  fp16TensorTflops: z.number().positive(),
  /** Dense BF16 tensor throughput with FP32 accumulate; null when the hardware has no BF16 path. */
  bf16TensorTflops: z.number().positive().nullable(),
  /** Dense FP8 tensor throughput; null when the hardware has no FP8 path. */
  fp8TensorTflops: z.number().positive().nullable(),
  /** Dense INT8 tensor throughput in TOPS; null when the hardware has no INT8 matrix path. */
  int8TensorTops: z.number().positive().nullable(),
  /** Non-tensor FP32 throughput. */
  fp32Tflops: z.number().positive(),
  /** Whether the GPU has matrix units (tensor cores, XMX, WMMA-capable AI accelerators). */
  hasMatrixUnits: z.boolean(),
  interconnect: InterconnectSchema,
  /**
   * Power in watts, one meaning per kind of entry: discrete cards, the vendor's board power (TDP/TBP/TGP); AMD APUs,
   * the top of AMD's configurable package-power (cTDP) range; Apple SoCs, the most the Mac draws from the wall, whole system
   * (Apple's measured "Max" for its desktops, else the adapter shipped with the cheapest laptop; see apple.ts).
   */
  tdpWatts: z.number().positive(),
  launchDate: z.iso.date(),
  /** Launch price (MSRP) in US dollars, when the vendor published one. */
  launchPriceUsd: z.number().positive().nullable(),
  /** Spec sheet the figures come from. */
  sourceUrl: z.url(),
  /** Extra sources for figures the main sheet lacks. */
  extraSourceUrls: z.array(z.url()).default([]),
  notes: z.string().optional(),
});

export type GpuVendor = z.infer<typeof GpuVendorSchema>;
export type GpuGeneration = z.infer<typeof GpuGenerationSchema>;
export type GpuSegment = z.infer<typeof GpuSegmentSchema>;
export type GpuSpec = z.infer<typeof GpuSpecSchema>;
export type GpuSpecInput = z.input<typeof GpuSpecSchema>;
