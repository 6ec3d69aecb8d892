/*
 * Weightplan shows memory in binary units with their IEC names (KiB, MiB, GiB, TiB), everywhere: the CLI,
 * the Markdown export, the MCP summaries, recommendation reasons and the UI. llama.cpp, nvidia-smi and the
 * operating system report memory that way, so a figure can be checked against them without converting;
 * "GB" is never used for a byte count. (Bandwidth is the exception: spec sheets give GB/s = 10^9 bytes/s,
 * and formatBandwidth says so.)
 */

export const KiB = 1024;
export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
export const TiB = 1024 ** 4;

/** Bytes as a person reads them: "512 MiB", "4.58 GiB", "45.6 GiB", "141 GiB", "1.50 TiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const size = Math.abs(bytes);
  if (size >= 10 * TiB) return `${(bytes / TiB).toFixed(1)} TiB`;
  if (size >= 1000 * GiB) return `${(bytes / TiB).toFixed(2)} TiB`;
  if (size >= 100 * GiB) return `${(bytes / GiB).toFixed(0)} GiB`;
  if (size >= 10 * GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (size >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
  if (size >= MiB) return `${(bytes / MiB).toFixed(0)} MiB`;
  if (size >= KiB) return `${(bytes / KiB).toFixed(0)} KiB`;
  return `${bytes.toFixed(0)} B`;
}

/** A byte count in GiB without its unit, for chart axes whose title carries the unit. */
export function toGiB(bytes: number): number {
  return bytes / GiB;
}

/** Memory bandwidth as spec sheets give it: decimal GB/s (10^9 bytes per second). */
export function formatBandwidth(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond)) return '—';
  const gbPerSecond = bytesPerSecond / 1e9;
  return gbPerSecond >= 1000 ? `${(gbPerSecond / 1000).toFixed(2)} TB/s` : `${gbPerSecond.toFixed(0)} GB/s`;
}
