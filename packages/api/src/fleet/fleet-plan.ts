import type { HardwareProfile } from '@weightplan/hardware';
import type { FleetMachine } from '@weightplan/store';
import type { ApiContext } from '../context.js';
import { resolveHardwareInput } from '../hardware-input.js';
import { calibrationOption } from '../stored-calibration.js';
import { fleetCandidates } from './fleet-candidates.js';
import { type PlacementMachine, placeWorkloads } from './fleet-placement.js';
import type { FleetPlan, FleetWorkload } from './fleet-schema.js';

/** A machine's devices as the estimator sizes them: each GPU's usable memory, and the RAM. */
function placementMachine(
  name: string,
  hardware: HardwareProfile,
  fromEstimate: { device: string; capacityBytes: number }[] | undefined,
): PlacementMachine {
  if (fromEstimate && fromEstimate.length > 0)
    return { name, devices: fromEstimate.map((d) => ({ id: d.device, capacityBytes: d.capacityBytes })) };
  return {
    name,
    devices: [
      ...hardware.gpus.map((g, i) => ({ id: `gpu${i}`, capacityBytes: g.usableMemoryBytes })),
      { id: 'cpu', capacityBytes: hardware.memory.availableBytes },
    ],
  };
}

/**
 * Places workloads on machines: candidates from the estimator on each machine alone, then the placement
 * search (fleet-placement.ts) over memory per device and bandwidth per machine.
 */
export async function planFleet(
  machines: readonly FleetMachine[],
  workloads: readonly FleetWorkload[],
  ctx: ApiContext,
): Promise<FleetPlan> {
  const profiles = await Promise.all(machines.map((m) => resolveHardwareInput(m.hardware, ctx)));
  // A machine detected on a box someone benched plans at its measured speed, as its estimates do.
  const calibrations = await Promise.all(machines.map((m, i) => calibrationOption(ctx, m.hardware, profiles[i] as HardwareProfile)));
  const { candidates, rejections } = await fleetCandidates(profiles, workloads, ctx, calibrations);
  // Each machine's devices as its estimates size them (every candidate there lists the devices it uses).
  const placementMachines = machines.map((m, i) => {
    const devices = new Map<string, number>();
    for (const c of candidates.flat())
      if (c.machine === i)
        for (const d of c.estimate.memory.perDevice) devices.set(d.device, Math.max(devices.get(d.device) ?? 0, d.capacityBytes));
    return placementMachine(
      m.name,
      profiles[i] as HardwareProfile,
      [...devices].map(([device, capacityBytes]) => ({ device, capacityBytes })),
    );
  });
  const result = placeWorkloads(
    placementMachines,
    workloads.map((w, wi) => ({
      name: w.name,
      candidates: (candidates[wi] ?? []).map((c) => ({
        machine: c.machine,
        bytesByDevice: Object.fromEntries(c.estimate.memory.perDevice.filter((d) => d.totalBytes > 0).map((d) => [d.device, d.totalBytes])),
        load: c.load,
        preference: c.quality,
      })),
    })),
  );

  const out: FleetPlan = {
    method: result.method,
    methodNote: result.note,
    machines: placementMachines.map((m) => {
      const capacityBytes = m.devices.reduce((s, d) => s + d.capacityBytes, 0);
      return { name: m.name, capacityBytes, usedBytes: 0, freeBytes: capacityBytes, load: 0, assignments: [], notes: [] };
    }),
    unplaced: [],
  };
  workloads.forEach((w, wi) => {
    const index = result.choice[wi];
    const c = index === null || index === undefined ? undefined : candidates[wi]?.[index];
    if (!c) {
      const reasons: string[] = [];
      machines.forEach((m, mi) => {
        const why = rejections[wi]?.[mi]?.[0];
        reasons.push(why ? `${m.name}: ${why}` : `${m.name}: would fit alone, but its memory or bandwidth went to workloads placed there`);
      });
      out.unplaced.push({ workload: w.name, reasons });
      return;
    }
    const machine = out.machines[c.machine];
    if (!machine) return;
    machine.usedBytes += c.estimate.memory.totalBytes;
    machine.freeBytes -= c.estimate.memory.totalBytes;
    machine.load += c.load;
    machine.assignments.push({
      workload: w.name,
      modelId: c.model.id,
      modelName: c.model.name,
      precision: c.precision.id,
      runtime: c.estimate.runtime,
      memoryBytes: c.estimate.memory.totalBytes,
      decodeTokensPerSecond: c.estimate.throughput?.decodeTokensPerSecond ?? 0,
      aggregateTokensPerSecond: c.estimate.throughput?.aggregateDecodeTokensPerSecond ?? null,
      load: c.load,
      launch: c.launch,
      reasons: c.reasons,
    });
  });
  for (const machine of out.machines) {
    if (machine.assignments.length > 1) {
      machine.notes.push(
        `${machine.assignments.length} servers share this machine: give each its own port, and set vLLM's --gpu-memory-utilization to each one's share (its memory over the GPU's)`,
      );
    }
  }
  return out;
}
