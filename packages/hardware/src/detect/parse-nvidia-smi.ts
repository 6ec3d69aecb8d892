/** The fields Weightplan asks nvidia-smi for, in order (`--query-gpu=...`). */
export const NVIDIA_SMI_FIELDS = [
  'index',
  'name',
  'memory.total',
  'memory.free',
  'driver_version',
  'pci.bus_id',
  'pcie.link.gen.max',
  'pcie.link.width.max',
  'power.limit',
] as const;

export interface NvidiaSmiGpu {
  index: number;
  name: string;
  /** MiB as nvidia-smi reports them (with `nounits`); null on unified-memory GPUs (GB10), which report "[N/A]". */
  memoryTotalMib: number | null;
  memoryFreeMib: number | null;
  driver: string | null;
  busId: string | null;
  pcieLink: string | null;
  powerLimitWatts: number | null;
}

function number(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text.trim());
  // nvidia-smi prints "[N/A]" or "[Not Supported]" for fields a card lacks.
  return Number.isFinite(value) ? value : null;
}

/**
 * Parses `nvidia-smi --query-gpu=<NVIDIA_SMI_FIELDS> --format=csv,noheader,nounits`: one line per GPU,
 * comma-separated. Lines that do not have every field (a driver error message) are skipped. A GPU without a
 * memory total is kept: a DGX Spark's GB10 prints "[N/A]" there because its memory is the system's
 * (https://docs.nvidia.com/dgx/dgx-spark/known-issues.html).
 */
export function parseNvidiaSmiCsv(csv: string): NvidiaSmiGpu[] {
  const gpus: NvidiaSmiGpu[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length < NVIDIA_SMI_FIELDS.length) continue;
    const [index, name, total, free, driver, bus, gen, width, power] = fields;
    const indexValue = number(index);
    const totalValue = number(total);
    if (indexValue === null || !name) continue;
    const genValue = number(gen);
    const widthValue = number(width);
    gpus.push({
      index: indexValue,
      name,
      memoryTotalMib: totalValue,
      memoryFreeMib: number(free),
      driver: driver && !driver.startsWith('[') ? driver : null,
      busId: bus && !bus.startsWith('[') ? bus : null,
      pcieLink: genValue !== null && widthValue !== null ? `PCIe ${genValue}.0 x${widthValue}` : null,
      powerLimitWatts: number(power),
    });
  }
  return gpus;
}

/**
 * Whether `nvidia-smi topo -m` shows NVLink between GPUs: the matrix marks linked pairs "NV1".."NV18";
 * PCIe paths are "PIX", "PXB", "PHB", "NODE" or "SYS".
 */
export function nvlinkInTopology(topology: string): boolean {
  return topology
    .split(/\r?\n/)
    .filter((line) => /^GPU\d+/.test(line.trim()))
    .some((line) => /\bNV\d+\b/.test(line));
}
