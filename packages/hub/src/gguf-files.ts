import { HubError } from './hub-error.js';

/** One quantisation a GGUF repository offers: its file, or every part of its split set. */
export interface GgufQuant {
  /** As written in the file name (Q4_K_M, IQ4_XS, UD-Q4_K_XL, BF16). */
  quant: string;
  /** Paths in part order. */
  files: string[];
  /** Exact total size in bytes, when the file list gave sizes. */
  bytes: number | null;
}

const SPLIT = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;
// llama.cpp's file-type names as they appear at the end of a GGUF file name (unsloth adds a "UD-" prefix).
const QUANT_NAME = /(?:^|[-_.])((?:UD-)?(?:I?Q\d(?:_[A-Z0-9]+)*|TQ\d_\d|MXFP4(?:_MOE)?|BF16|F16|FP16|F32|FP32))$/i;

export const isMmproj = (path: string) => /(^|\/)[^/]*mmproj[^/]*\.gguf$/i.test(path);

/** The quantisation a GGUF file name carries ("Qwen_Qwen3-8B-Q4_K_M-00001-of-00002.gguf" -> "Q4_K_M"), or null. */
export function quantOfFileName(path: string): string | null {
  const name = (path.split('/').pop() ?? path).replace(SPLIT, '$1').replace(/\.gguf$/i, '');
  return QUANT_NAME.exec(name)?.[1] ?? null;
}

/**
 * Groups a repository's GGUF files (mmproj files aside) by quantisation; split sets must be complete.
 * `sizes` maps path -> bytes when the tree listing was read.
 */
export function ggufQuants(repo: string, paths: readonly string[], sizes?: ReadonlyMap<string, number>): GgufQuant[] {
  const groups = new Map<string, { quant: string; files: string[] }>();
  for (const path of [...paths].sort()) {
    if (!path.toLowerCase().endsWith('.gguf') || isMmproj(path)) continue;
    const quant = quantOfFileName(path) ?? (path.split('/').pop() ?? path).replace(SPLIT, '$1').replace(/\.gguf$/i, '');
    const key = quant.toUpperCase();
    const group = groups.get(key) ?? { quant, files: [] };
    group.files.push(path);
    groups.set(key, group);
  }
  const quants: GgufQuant[] = [];
  for (const { quant, files } of groups.values()) {
    // A quant offered both whole and split (or in two folders) is ambiguous: keep the first complete set.
    const sets = new Map<string, string[]>();
    for (const file of files) {
      const split = SPLIT.exec(file);
      const key = split ? `${split[1]}|${split[3]}` : file;
      sets.set(key, [...(sets.get(key) ?? []), file]);
    }
    const complete = [...sets.values()].find((set) => {
      const split = SPLIT.exec(set[0] ?? '');
      return !split || set.length === Number(split[3]);
    });
    if (!complete) {
      const first = files[0] ?? '';
      throw new HubError('malformed', `${repo}: the split set ${first} is incomplete (${files.length} part(s) listed)`);
    }
    const bytes = sizes ? complete.reduce((sum, f) => sum + (sizes.get(f) ?? Number.NaN), 0) : null;
    quants.push({ quant, files: complete, bytes: bytes !== null && Number.isFinite(bytes) ? bytes : null });
  }
  return quants.sort((a, b) => (a.bytes ?? 0) - (b.bytes ?? 0) || a.quant.localeCompare(b.quant));
}

/** The one mmproj file to count for a vision model: F16 when offered (what llama.cpp's docs load), else the first. */
export function pickMmproj(paths: readonly string[]): string | undefined {
  const mmproj = paths.filter(isMmproj).sort();
  return mmproj.find((p) => /f16/i.test(p) && !/bf16/i.test(p)) ?? mmproj[0];
}
