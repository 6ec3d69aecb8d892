import { describe, expect, it } from 'vitest';
import {
  greedyPlacement,
  type PlacementCandidate,
  type PlacementMachine,
  type PlacementWorkload,
  placeWorkloads,
} from './fleet-placement.js';

const GB = 1e9;
const box = (name: string, gb: number): PlacementMachine => ({ name, devices: [{ id: 'gpu0', capacityBytes: gb * GB }] });
const on = (machine: number, gb: number, preference = 1, load = 0.1): PlacementCandidate => ({
  machine,
  bytesByDevice: { gpu0: gb * GB },
  load,
  preference,
});

describe('fleet placement', () => {
  it('finds the placement greedy misses: the big job needs the big box, so the small job goes elsewhere', () => {
    // Machines: A 48 GB, B 24 GB. "small" (20 GB) prefers A slightly; "big" (40 GB) fits only A.
    const machines = [box('A', 48), box('B', 24)];
    const workloads: PlacementWorkload[] = [
      { name: 'small', candidates: [on(0, 20, 1), on(1, 20, 0.9)] },
      { name: 'big', candidates: [on(0, 40, 1)] },
    ];
    const result = placeWorkloads(machines, workloads);
    expect(result.method).toBe('exact');
    expect(result.choice).toEqual([1, 0]); // small on B, big on A: both placed
  });

  it('shares bandwidth: two heavy workloads never share a box, the light one joins either', () => {
    // Loads: x and y need 0.6 of a machine each (0.6 + 0.6 > 1), z needs 0.3 on A or 0.5 on B.
    const machines = [box('A', 40), box('B', 40)];
    const workloads: PlacementWorkload[] = [
      { name: 'x', candidates: [on(0, 10, 1, 0.6), on(1, 10, 0.5, 0.6)] },
      { name: 'y', candidates: [on(0, 10, 1, 0.6), on(1, 10, 0.5, 0.6)] },
      { name: 'z', candidates: [on(0, 10, 1, 0.3), on(1, 10, 1, 0.5)] },
    ];
    const greedy = greedyPlacement(machines, workloads);
    const exact = placeWorkloads(machines, workloads);
    // Bandwidth: A and B each give load 1; x and y cannot share a machine (0.6 + 0.6 > 1).
    const placed = (choice: (number | null)[]) => choice.filter((c) => c !== null).length;
    expect(placed(exact.choice)).toBe(3);
    expect(placed(exact.choice)).toBeGreaterThanOrEqual(placed(greedy));
    // Best total preference: one of x, y on A (1) and the other on B (0.5); z on A (0.6 + 0.3 <= 1) or B (1 either way).
    const chosen = exact.choice.map((c, w) => (c === null ? null : workloads[w]?.candidates[c]?.machine));
    expect(new Set([chosen[0], chosen[1]])).toEqual(new Set([0, 1]));
  });

  it('leaves out the workload that fits nowhere, and places the rest', () => {
    const machines = [box('A', 24), box('B', 24)];
    const workloads: PlacementWorkload[] = [
      { name: 'a', candidates: [on(0, 20), on(1, 20)] },
      { name: 'b', candidates: [on(0, 20), on(1, 20)] },
      { name: 'c', candidates: [on(0, 20), on(1, 20)] },
      { name: 'huge', candidates: [] },
    ];
    const result = placeWorkloads(machines, workloads);
    expect(result.choice[3]).toBeNull();
    expect(result.choice.filter((c) => c !== null)).toHaveLength(2); // two 24 GB boxes hold two 20 GB jobs
  });

  it('says it fell back to a heuristic beyond the machine limit or the node budget', () => {
    const machines = Array.from({ length: 5 }, (_, i) => box(`m${i}`, 24));
    const workloads: PlacementWorkload[] = Array.from({ length: 8 }, (_, w) => ({
      name: `w${w}`,
      candidates: machines.map((_, m) => on(m, 10, 1 - m * 0.01, 0.4)),
    }));
    expect(placeWorkloads(machines, workloads, { exactMaxMachines: 4 }).method).toBe('heuristic');
    const limited = placeWorkloads(machines, workloads, { nodeBudget: 50 });
    expect(limited.method).toBe('heuristic');
    expect(limited.note).toContain('stopped after 50 nodes');
    expect(limited.choice.filter((c) => c !== null).length).toBe(8); // greedy already places all: never worse
  });

  it('stays fast on a few dozen machines (no exponential blow-up on easy fleets)', () => {
    const machines = Array.from({ length: 36 }, (_, i) => box(`m${i}`, 80));
    const workloads: PlacementWorkload[] = Array.from({ length: 6 }, (_, w) => ({
      name: `w${w}`,
      candidates: machines.map((_, m) => on(m, 30 + w, 1 - m / 100, 0.3)),
    }));
    const started = performance.now();
    const result = placeWorkloads(machines, workloads);
    expect(result.choice.every((c) => c !== null)).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
