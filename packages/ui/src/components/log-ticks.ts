/**
 * Ticks for a logarithmic axis at 1, 2 and 5 times each power of ten (or the `steps` given), covering [min, max] with one tick at
 * or beyond each end, so 1.6 s and 17 s sit on labelled lines a reader can tell apart.
 */
export function logTicks(min: number, max: number, steps: readonly number[] = [1, 2, 5]): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  const low = Math.min(min, max);
  const high = Math.max(min, max);
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)) - 1; exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const step of steps) ticks.push(Number((step * 10 ** exponent).toPrecision(1)));
  }
  const below = ticks.filter((t) => t <= low).at(-1) ?? low;
  const above = ticks.find((t) => t >= high) ?? high;
  return ticks.filter((t) => t >= below && t <= above);
}
