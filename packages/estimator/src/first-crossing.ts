/**
 * The smallest whole number in (below, atOrAbove] for which `crosses` holds, given that it does not hold at
 * `below` and does at `atOrAbove`. Memory grows monotonically with context length and with concurrent
 * sequences, so the point where a plan leaves the GPUs is found in log2(range) estimates by bisection.
 */
export function firstCrossing(below: number, atOrAbove: number, crosses: (value: number) => boolean): number {
  let low = Math.floor(below);
  let high = Math.ceil(atOrAbove);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (crosses(middle)) high = middle;
    else low = middle;
  }
  return high;
}
