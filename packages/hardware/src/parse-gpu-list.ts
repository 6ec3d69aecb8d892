import { MAX_GPUS_PER_NODE } from './limits.js';

/** One group of identical cards in a what-if list. */
export interface GpuListEntry {
  name: string;
  count: number;
}

/** Splits on commas, semicolons and plus signs outside parentheses: "Apple M1 (7-core GPU, 8GB)" is one name. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === ',' || char === ';' || char === '+')) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

const COUNT_PREFIX = /^\s*(\d+)\s*[x×*]\s*(.+)$/i;

/**
 * Parses the `--gpu` syntax: "RTX 4090", "2x RTX 4090", "RTX 4090,RTX 3090", "4x L40S, 2x A100 80GB PCIe",
 * or "none" (CPU only, an empty list). Counts must be whole numbers from 1 to 72, and
 * so must their sum (one node; `nodes` multiplies it).
 */
export function parseGpuList(text: string): GpuListEntry[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new RangeError('GPU list is empty: give a name such as "RTX 4090", "2x H100 SXM", or "none"');
  if (/^(none|cpu|cpu-only)$/i.test(trimmed)) return [];
  const entries = splitTopLevel(trimmed).map((part) => {
    const match = COUNT_PREFIX.exec(part);
    const name = (match?.[2] ?? part).trim();
    const count = match?.[1] ? Number(match[1]) : 1;
    if (name === '') throw new RangeError(`GPU list "${text}" has an empty entry`);
    if (!Number.isInteger(count) || count < 1 || count > MAX_GPUS_PER_NODE) {
      throw new RangeError(`GPU count in "${part.trim()}" must be a whole number from 1 to ${MAX_GPUS_PER_NODE}`);
    }
    return { name, count };
  });
  const total = entries.reduce((sum, entry) => sum + entry.count, 0);
  if (total > MAX_GPUS_PER_NODE) {
    throw new RangeError(
      `GPU list "${text}" has ${total} GPUs: at most ${MAX_GPUS_PER_NODE} per node (a GB200 NVL72 rack); use nodes for more`,
    );
  }
  return entries;
}
