export type ParsedNumber = { ok: true; value: number } | { ok: false; error: string };

/**
 * A plain decimal a person typed into a form ("0.13", "1,599", "$1,599"), within [min, max]. Anything else is
 * an error that says what is accepted: a field is never silently replaced by a default.
 */
export function parseBoundedNumber(text: string, min: number, max: number, accepted: string): ParsedNumber {
  const trimmed = text.trim().replace(/^\$/, '').replaceAll(',', '');
  const value = /^(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  const shown = text.trim();
  if (shown === '') return { ok: false, error: `Empty: enter ${accepted}.` };
  if (!Number.isFinite(value)) return { ok: false, error: `“${shown}” is not a number: enter ${accepted}.` };
  if (value < min || value > max) return { ok: false, error: `“${shown}” is out of range: enter ${accepted}.` };
  return { ok: true, value };
}
