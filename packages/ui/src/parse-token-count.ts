const SUFFIXES: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** The largest monthly volume the compare API accepts (its schema's bound). */
export const MAX_TOKENS_PER_MONTH = 1e15;

export type ParsedTokenCount = { ok: true; tokens: number } | { ok: false; error: string };

/**
 * A token volume as people write it: "300M", "1.5B", "250k", "2,000,000", "1e9". Suffixes are decimal
 * (K = thousand, M = million, B = billion, T = trillion), as API price lists count tokens.
 */
export function parseTokenCount(text: string): ParsedTokenCount {
  const accepted = 'a positive number of tokens, e.g. 300M, 1.5B or 250K';
  const trimmed = text.trim().replaceAll(',', '').replaceAll('_', '');
  if (trimmed === '') return { ok: false, error: `Enter ${accepted}.` };
  const match = /^(\d+(?:\.\d*)?|\.\d+)(?:e(\d+))?\s*([kmbt]?)$/i.exec(trimmed);
  if (!match) return { ok: false, error: `“${text.trim()}” is not ${accepted}.` };
  const [, digits = '', exponent, suffix = ''] = match;
  const tokens = Number(digits) * 10 ** Number(exponent ?? 0) * (SUFFIXES[suffix.toLowerCase()] ?? 1);
  if (!(tokens >= 1)) return { ok: false, error: `“${text.trim()}” is not ${accepted}: at least one token a month.` };
  if (tokens > MAX_TOKENS_PER_MONTH) return { ok: false, error: `“${text.trim()}” is more than the 1000T tokens a month this compares.` };
  return { ok: true, tokens: Math.round(tokens) };
}
