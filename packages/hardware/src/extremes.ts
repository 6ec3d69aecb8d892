/**
 * The smallest and largest of a list, for lists of any length. `Math.min(...values)` passes every element
 * as an argument and overflows the stack somewhere past 100,000 elements (a GPU list, measurements);
 * a loop does not. Both return `empty` for an empty list instead of Infinity.
 */
export function minOf(values: Iterable<number>, empty = Number.POSITIVE_INFINITY): number {
  let smallest: number | undefined;
  for (const value of values) if (smallest === undefined || value < smallest || Number.isNaN(value)) smallest = value;
  return smallest ?? empty;
}

export function maxOf(values: Iterable<number>, empty = Number.NEGATIVE_INFINITY): number {
  let largest: number | undefined;
  for (const value of values) if (largest === undefined || value > largest || Number.isNaN(value)) largest = value;
  return largest ?? empty;
}
