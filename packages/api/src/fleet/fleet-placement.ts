/**
 * Placing workloads on a fleet's machines: a bin-packing problem with a speed constraint. Each workload
 * has candidates (a model and precision on one machine, checked there alone by the estimator); a machine
 * takes several workloads while, on every device, their memory fits its capacity, and their loads (the
 * share of the machine's generation bandwidth each needs, see fleet-candidates.ts) sum to at most 1.
 *
 * Best = most workloads placed, then the highest total preference (each workload's candidates ranked
 * from 1 for its best), then the least memory used. Up to EXACT_MAX_MACHINES machines the search is
 * exact: depth-first over workloads (fewest candidates first), each trying its candidates then "nowhere",
 * pruned by the bound "placed so far + all remaining placed, at their best preference" against the best
 * found (starting from the greedy answer). Past the machine limit or the node budget it answers the best
 * found so far, which is at least the greedy answer, and says it is a heuristic.
 */

export interface PlacementDevice {
  id: string;
  capacityBytes: number;
}

export interface PlacementMachine {
  name: string;
  devices: PlacementDevice[];
}

export interface PlacementCandidate {
  machine: number;
  /** Bytes this candidate needs on each device of its machine, by device id. */
  bytesByDevice: Record<string, number>;
  /** Share of the machine's generation bandwidth it needs (0..1). */
  load: number;
  /** 1 for the workload's best candidate, less for worse ones. */
  preference: number;
}

export interface PlacementWorkload {
  name: string;
  candidates: PlacementCandidate[];
}

export interface PlacementResult {
  method: 'exact' | 'heuristic';
  /** Why a heuristic answered, or what the exact search covered. */
  note: string;
  /** Search nodes visited (0 for the greedy answer alone). */
  nodes: number;
  /** Per workload, the index of its chosen candidate, or null: placed nowhere. */
  choice: (number | null)[];
}

/** Exact search up to this many machines ("a few dozen"); beyond, the greedy answer. */
export const EXACT_MAX_MACHINES = 48;
/** Search nodes the exact method may visit before it stops and answers the best found so far. */
export const EXACT_NODE_BUDGET = 500_000;

const EPSILON = 1e-9;

interface Score {
  placed: number;
  preference: number;
  bytes: number;
}

function better(a: Score, b: Score): boolean {
  if (a.placed !== b.placed) return a.placed > b.placed;
  if (Math.abs(a.preference - b.preference) > EPSILON) return a.preference > b.preference;
  return a.bytes < b.bytes - 0.5;
}

const totalBytes = (c: PlacementCandidate) => Object.values(c.bytesByDevice).reduce((s, b) => s + b, 0);

class Usage {
  readonly bytes: Map<string, number>[];
  readonly load: number[];
  constructor(private readonly machines: readonly PlacementMachine[]) {
    this.bytes = machines.map(() => new Map());
    this.load = machines.map(() => 0);
  }
  fits(c: PlacementCandidate): boolean {
    const machine = this.machines[c.machine];
    const used = this.bytes[c.machine];
    if (!machine || !used || (this.load[c.machine] ?? 0) + c.load > 1 + EPSILON) return false;
    for (const [device, bytes] of Object.entries(c.bytesByDevice)) {
      const capacity = machine.devices.find((d) => d.id === device)?.capacityBytes ?? 0;
      if ((used.get(device) ?? 0) + bytes > capacity) return false;
    }
    return true;
  }
  apply(c: PlacementCandidate, sign: 1 | -1): void {
    const used = this.bytes[c.machine];
    if (!used) return;
    for (const [device, bytes] of Object.entries(c.bytesByDevice)) used.set(device, (used.get(device) ?? 0) + sign * bytes);
    this.load[c.machine] = (this.load[c.machine] ?? 0) + sign * c.load;
  }
  freeBytes(machine: number): number {
    const m = this.machines[machine];
    if (!m) return 0;
    return m.devices.reduce((s, d) => s + d.capacityBytes - (this.bytes[machine]?.get(d.id) ?? 0), 0);
  }
}

function scoreOf(workloads: readonly PlacementWorkload[], choice: readonly (number | null)[]): Score {
  let placed = 0;
  let preference = 0;
  let bytes = 0;
  choice.forEach((index, w) => {
    const c = index === null ? undefined : workloads[w]?.candidates[index];
    if (!c) return;
    placed += 1;
    preference += c.preference;
    bytes += totalBytes(c);
  });
  return { placed, preference, bytes };
}

/** Hardest first (fewest candidates), so the search meets its dead ends early. */
function searchOrder(workloads: readonly PlacementWorkload[]): number[] {
  return workloads
    .map((_, i) => i)
    .sort((a, b) => (workloads[a]?.candidates.length ?? 0) - (workloads[b]?.candidates.length ?? 0) || a - b);
}

/** Each workload in turn (hardest first) takes its most preferred candidate that still fits; ties go to the machine with the most memory left. */
export function greedyPlacement(machines: readonly PlacementMachine[], workloads: readonly PlacementWorkload[]): (number | null)[] {
  const usage = new Usage(machines);
  const choice: (number | null)[] = workloads.map(() => null);
  for (const w of searchOrder(workloads)) {
    const candidates = workloads[w]?.candidates ?? [];
    let pick: number | null = null;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (!c || !usage.fits(c)) continue;
      const current = pick === null ? undefined : candidates[pick];
      if (
        !current ||
        c.preference > current.preference + EPSILON ||
        (Math.abs(c.preference - current.preference) <= EPSILON &&
          usage.freeBytes(c.machine) - totalBytes(c) > usage.freeBytes(current.machine) - totalBytes(current))
      ) {
        pick = i;
      }
    }
    choice[w] = pick;
    const chosen = pick === null ? undefined : candidates[pick];
    if (chosen) usage.apply(chosen, 1);
  }
  return choice;
}

export function placeWorkloads(
  machines: readonly PlacementMachine[],
  workloads: readonly PlacementWorkload[],
  options: { nodeBudget?: number; exactMaxMachines?: number } = {},
): PlacementResult {
  const greedy = greedyPlacement(machines, workloads);
  const exactMaxMachines = options.exactMaxMachines ?? EXACT_MAX_MACHINES;
  if (machines.length > exactMaxMachines) {
    return {
      method: 'heuristic',
      note: `${machines.length} machines is more than the exact search covers (${exactMaxMachines}): greedy placement, hardest workload first, each on its best candidate that still fits`,
      nodes: 0,
      choice: greedy,
    };
  }
  const budget = options.nodeBudget ?? EXACT_NODE_BUDGET;
  const order = searchOrder(workloads);
  const bestPreference = workloads.map((w) => Math.max(0, ...w.candidates.map((c) => c.preference)));
  // What the workloads from position k on could add at most: the bound that prunes.
  const remainingPreference = order.map(() => 0);
  for (let k = order.length - 1; k >= 0; k--)
    remainingPreference[k] = (remainingPreference[k + 1] ?? 0) + (bestPreference[order[k] ?? 0] ?? 0);
  const remainingPlaceable = order.map(() => 0);
  for (let k = order.length - 1; k >= 0; k--)
    remainingPlaceable[k] = (remainingPlaceable[k + 1] ?? 0) + ((workloads[order[k] ?? 0]?.candidates.length ?? 0) > 0 ? 1 : 0);

  let best = { choice: greedy, score: scoreOf(workloads, greedy) };
  const usage = new Usage(machines);
  const choice: (number | null)[] = workloads.map(() => null);
  let nodes = 0;
  let exhausted = false;

  const visit = (k: number, placed: number, preference: number, bytes: number): void => {
    if (exhausted) return;
    if (++nodes > budget) {
      exhausted = true;
      return;
    }
    const canPlace = placed + (remainingPlaceable[k] ?? 0);
    if (canPlace < best.score.placed) return;
    if (canPlace === best.score.placed && preference + (remainingPreference[k] ?? 0) < best.score.preference - EPSILON) return;
    const w = order[k];
    if (w === undefined) {
      const score = { placed, preference, bytes };
      if (better(score, best.score)) best = { choice: [...choice], score };
      return;
    }
    const candidates = workloads[w]?.candidates ?? [];
    const tries = candidates.map((c, i) => ({ c, i })).sort((a, b) => b.c.preference - a.c.preference || a.i - b.i);
    for (const { c, i } of tries) {
      if (!usage.fits(c)) continue;
      usage.apply(c, 1);
      choice[w] = i;
      visit(k + 1, placed + 1, preference + c.preference, bytes + totalBytes(c));
      usage.apply(c, -1);
      choice[w] = null;
    }
    visit(k + 1, placed, preference, bytes);
  };
  visit(0, 0, 0, 0);

  return exhausted
    ? {
        method: 'heuristic',
        note: `the exact search stopped after ${budget.toLocaleString('en-US')} nodes: the best placement found by then (at least as good as greedy), not proven optimal`,
        nodes: budget,
        choice: best.choice,
      }
    : {
        method: 'exact',
        note: `exhaustive search with pruning over ${machines.length} machine(s) and ${workloads.length} workload(s): ${nodes.toLocaleString('en-US')} nodes; no placement fits more workloads or preferred options`,
        nodes,
        choice: best.choice,
      };
}
