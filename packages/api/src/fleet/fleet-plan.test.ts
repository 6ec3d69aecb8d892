import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TRPCError } from '@trpc/server';
import { FileStore } from '@weightplan/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiCaller } from '../caller.js';
import type { FleetPlan } from './fleet-schema.js';

const storeDirectory = mkdtempSync(join(tmpdir(), 'wp-fleet-'));
afterAll(() => rmSync(storeDirectory, { recursive: true, force: true }));
const caller = createApiCaller({
  detectHardware: async () => {
    throw new Error('fleet plans use the fleet, never this host');
  },
  allowedRoots: [],
  store: new FileStore({ directory: storeDirectory }),
  actor: 'planner',
});

const machines = [
  { name: 'h100', hardware: { whatIf: { gpu: 'H100 SXM', ramGb: 256 } } },
  { name: 'rtx4090', hardware: { whatIf: { gpu: 'RTX 4090', ramGb: 64 } } },
  { name: 'rtx3060', hardware: { whatIf: { gpu: 'RTX 3060', ramGb: 32 } } },
];

describe('fleet plan: three workloads on a three-machine fleet, and one that fits nowhere', () => {
  let plan: FleetPlan;
  beforeAll(async () => {
    for (const machine of machines) await caller.fleets.addMachine({ fleet: 'Lab', machine });
    plan = await caller.fleets.plan({
      fleet: 'lab',
      workloads: [
        // 70B at ≥ 10 tok/s: its weights (≥ 40 GB at 4 bits) fit only the H100's 80 GB.
        { name: 'summariser', model: 'llama-3.1-70b', minDecodeTokensPerSecond: 10 },
        { name: 'chat', model: 'llama-3-8b', users: 4 },
        { name: 'coding', useCase: 'coding' },
        // 405B: over 100 GB even at 2 bits; offloaded to RAM it generates far below 10 tok/s.
        { name: 'frontier', model: 'llama-3.1-405b', minDecodeTokensPerSecond: 10 },
      ],
    });
  }, 120_000);

  it('places every workload that fits, the 70B on the only machine that holds it, with a launch command each', () => {
    expect(plan.method).toBe('exact');
    const where = Object.fromEntries(plan.machines.flatMap((m) => m.assignments.map((a) => [a.workload, m.name])));
    expect(where.summariser).toBe('h100');
    expect(Object.keys(where).sort()).toEqual(['chat', 'coding', 'summariser']);
    for (const machine of plan.machines) {
      expect(machine.freeBytes).toBeCloseTo(machine.capacityBytes - machine.usedBytes, -3);
      expect(machine.load).toBeLessThanOrEqual(1);
      for (const a of machine.assignments) {
        expect(a.launch.command?.length).toBeGreaterThan(10);
        expect(a.decodeTokensPerSecond).toBeGreaterThanOrEqual(a.workload === 'coding' ? 1 : 10);
      }
    }
  });

  it('says why the workload that fits nowhere does not fit, machine by machine', () => {
    expect(plan.unplaced.map((u) => u.workload)).toEqual(['frontier']);
    const reasons = plan.unplaced[0]?.reasons ?? [];
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toMatch(/^h100: /);
    expect(reasons.join(' ')).toMatch(/does not fit|below the floor/);
  });

  it('refuses a plan without machines, and an unknown fleet', async () => {
    await expect(caller.fleets.plan({ workloads: [{ name: 'x', model: 'llama-3-8b' }] })).rejects.toThrow('give either fleet');
    const missing = await caller.fleets.plan({ fleet: 'nope', workloads: [{ name: 'x', model: 'llama-3-8b' }] }).catch((e: unknown) => e);
    expect((missing as TRPCError).code).toBe('NOT_FOUND');
  });

  it('keeps fleets with who saved them, and takes machines out', async () => {
    const fleet = await caller.fleets.get({ name: 'LAB' });
    expect(fleet.machines.map((m) => m.name)).toEqual(['h100', 'rtx4090', 'rtx3060']);
    expect(fleet).toMatchObject({ savedBy: 'planner', revision: 3 });
    expect(await caller.fleets.removeMachine({ fleet: 'lab', machine: 'RTX3060' })).toEqual({ removed: true });
    expect((await caller.fleets.list()).fleets.map((f) => f.machines.length)).toEqual([2]);
  });
});

describe('optimistic concurrency through the router', () => {
  it('answers CONFLICT to a save over a revision someone else saved', async () => {
    const draft = {
      name: 'Shared plan',
      model: 'llama-3-8b',
      precision: 'Q4_K_M',
      hardware: { whatIf: { gpu: 'RTX 4090' } },
      scenario: { contextTokens: 8192 },
    };
    const saved = await caller.plans.save(draft);
    expect(saved).toMatchObject({ revision: 1, savedBy: 'planner' });
    await caller.plans.save({ ...draft, id: saved.id, notes: 'first', revision: 1 });
    const stale = await caller.plans.save({ ...draft, id: saved.id, notes: 'second', revision: 1 }).catch((e: unknown) => e);
    expect((stale as TRPCError).code).toBe('CONFLICT');
    expect((await caller.plans.get({ id: saved.id })).notes).toBe('first');
    expect((await caller.plans.history({ id: saved.id })).revisions.map((p) => p.revision)).toEqual([1]);
  });
});
