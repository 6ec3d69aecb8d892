/**
 * Minimises `f` from `start` with the Nelder–Mead simplex method (reflection 1, expansion 2, contraction
 * 0.5, shrink 0.5). Derivative-free, which suits an objective built from whole estimator runs.
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  options: { iterations?: number; step?: number; tolerance?: number } = {},
): { x: number[]; value: number } {
  const n = start.length;
  const iterations = options.iterations ?? 200 * n;
  const step = options.step ?? 0.5;
  const tolerance = options.tolerance ?? 1e-7;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, value: f(x) }));
  for (let iteration = 0; iteration < iterations; iteration++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0];
    const worst = simplex[n];
    const secondWorst = simplex[n - 1];
    if (!best || !worst || !secondWorst) break;
    if (Math.abs(worst.value - best.value) < tolerance) break;
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((sum, p) => sum + (p.x[j] ?? 0), 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * ((worst.x[j] ?? 0) - c));
    const reflected = along(-1);
    const reflectedValue = f(reflected);
    if (reflectedValue < best.value) {
      const expanded = along(-2);
      const expandedValue = f(expanded);
      simplex[n] = expandedValue < reflectedValue ? { x: expanded, value: expandedValue } : { x: reflected, value: reflectedValue };
    } else if (reflectedValue < secondWorst.value) {
      simplex[n] = { x: reflected, value: reflectedValue };
    } else {
      const contracted = reflectedValue < worst.value ? along(-0.5) : along(0.5);
      const contractedValue = f(contracted);
      if (contractedValue < Math.min(reflectedValue, worst.value)) {
        simplex[n] = { x: contracted, value: contractedValue };
      } else {
        simplex = simplex.map((p, i) =>
          i === 0 ? p : { x: p.x.map((v, j) => (best.x[j] ?? 0) + 0.5 * (v - (best.x[j] ?? 0))), value: 0 },
        );
        for (let i = 1; i <= n; i++) {
          const p = simplex[i];
          if (p) p.value = f(p.x);
        }
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  const best = simplex[0];
  return best ? { x: best.x, value: best.value } : { x: start, value: f(start) };
}
