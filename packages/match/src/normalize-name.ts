/**
 * Reduces a model or hardware name to the form people's spellings share: lower case, with runs of
 * spaces, dashes, underscores, slashes and dots treated alike, so that "RTX-4090", "rtx 4090" and
 * "RTX_4090" compare equal.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_/.,()[\]]+/g, ' ')
    .trim();
}

/** The words of a normalised name. */
export function nameTokens(name: string): string[] {
  const normalized = normalizeName(name);
  return normalized === '' ? [] : normalized.split(' ');
}
