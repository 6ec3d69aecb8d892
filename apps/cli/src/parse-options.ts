import { UsageError } from './usage-error.js';

interface Range {
  min: number;
  max: number;
  integer?: boolean;
}

/**
 * Parses a numeric flag, rejecting NaN, infinities, negatives and absurd values with a message naming
 * the flag and the accepted range ("--context must be a whole number from 1 to 16777216, got -5").
 */
export function parseNumberOption(flag: string, raw: string | number | undefined, range: Range): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim().replace(/_/g, '');
  const value = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  const kind = range.integer ? 'a whole number' : 'a number';
  if (!Number.isFinite(value) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} must be ${kind} from ${range.min} to ${range.max}, got "${raw}"`);
  }
  return value;
}

/** Token counts: 1 to 16M. Accepts "8k"/"128k" shorthand (1k = 1024 tokens, as context sizes are written). */
export function parseTokens(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*k\s*$/i.exec(raw);
  const value = match?.[1] ? String(Math.round(Number(match[1]) * 1024)) : raw;
  return parseNumberOption(flag, value, { min: 1, max: 16_777_216, integer: true });
}

/**
 * Memory in GiB. RAM is sold as "64 GB" and is 64 GiB, so "64", "64GB" and "64 GiB" all mean 64 GiB;
 * the router takes the number as `ramGiB`.
 */
export function parseGibibytes(flag: string, raw: string | undefined): number | undefined {
  return parseNumberOption(flag, raw?.replace(/\s*gi?b$/i, ''), { min: 0.5, max: 1_048_576 });
}
