import { InvalidInputError } from '@weightplan/match';
import { MAX_GPUS_PER_NODE } from './limits.js';
/** One group of identical cards in a what-if list. */
export interface GpuListEntry {
  name: string;
  count: number;
}

/**
 * Splits on commas and semicolons outside parentheses ("Apple M1 (7-core GPU, 8GB)" is one name), and on a
 * plus sign only with whitespace on both sides: "RTX 4090 + RTX 3090" is two cards, but "Ryzen AI Max+ 395"
 * is one product whose name contains a plus.
 */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (char === '(') depth++;
    if (char === ')') depth = Math.max(0, depth - 1);
    const spacedPlus = char === '+' && /\s/.test(text[index - 1] ?? '') && /\s/.test(text[index + 1] ?? '');
    if (depth === 0 && (char === ',' || char === ';' || spacedPlus)) {
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
// "RTX 3090 x2", as issue threads often write it; the space before the x keeps names such as "MI300X" whole.
const COUNT_SUFFIX = /^\s*(.+?)\s+[x×*]\s*(\d+)\s*$/i;

/**
 * Parses the `--gpu` syntax: "RTX 4090", "2x RTX 4090", "RTX 4090,RTX 3090", "4x L40S + 2x A100 80GB PCIe",
 * "Ryzen AI Max+ 395", or "none" (CPU only, an empty list). Counts must be whole numbers from 1 to 72, and
 * so must their sum (one node; `nodes` multiplies it).
 */
export function parseGpuList(text: string): GpuListEntry[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidInputError('GPU list is empty: give a name such as "RTX 4090", "2x H100 SXM", or "none"');
  if (/^(none|cpu|cpu-only)$/i.test(trimmed)) return [];
  const entries = splitTopLevel(trimmed).map((part) => {
    // "3090 x2" also fits the prefix form (3090 cards named "2"); no GPU is named by a number under 1000.
    const prefixMatch = COUNT_PREFIX.exec(part);
    const prefix = prefixMatch && !/^\d{1,3}$/.test(prefixMatch[2]?.trim() ?? '') ? prefixMatch : null;
    const suffix = prefix ? null : COUNT_SUFFIX.exec(part);
    const name = (prefix?.[2] ?? suffix?.[1] ?? part).trim();
    const countText = prefix?.[1] ?? suffix?.[2];
    const count = countText ? Number(countText) : 1;
    if (name === '') throw new InvalidInputError(`GPU list "${text}" has an empty entry`);
    if (!Number.isInteger(count) || count < 1 || count > MAX_GPUS_PER_NODE) {
      throw new InvalidInputError(`GPU count in "${part.trim()}" must be a whole number from 1 to ${MAX_GPUS_PER_NODE}`);
    }
    return { name, count };
  });
  const total = entries.reduce((sum, entry) => sum + entry.count, 0);
  if (total > MAX_GPUS_PER_NODE) {
    throw new InvalidInputError(
      `GPU list "${text}" has ${total} GPUs: at most ${MAX_GPUS_PER_NODE} per node (a GB200 NVL72 rack); use nodes for more`,
    );
  }
  return entries;
}
