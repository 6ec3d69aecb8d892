import { type GpuSpec, type GpuSpecInput, GpuSpecSchema } from '../gpu-spec.js';

/** Parses spec entries at load time so that a bad data row names its id and field instead of skewing estimates. */
export function defineGpus(entries: GpuSpecInput[]): GpuSpec[] {
  return entries.map((entry) => {
    const parsed = GpuSpecSchema.safeParse(entry);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new Error(`GPU spec ${entry.id}: ${issues}`);
    }
    return Object.freeze(parsed.data);
  });
}

export const GB = 1e9;
export const GiB = 1024 ** 3;
/** Bytes per second from GB/s as spec sheets print it (decimal). */
export const gbPerSecond = (value: number): number => value * 1e9;
