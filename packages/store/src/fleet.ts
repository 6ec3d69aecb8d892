import { HardwareInputSchema } from '@weightplan/hardware';
import { z } from 'zod';

/** The most machines one fleet holds: exact placement stays exhaustive up to a few dozen, the heuristic beyond. */
export const MAX_FLEET_MACHINES = 256;
export const MAX_FLEETS = 200;

export const FleetNameSchema = z.string().trim().min(1).max(120);

/** One machine of a fleet: a name the team knows it by, and what it holds (a preset, a what-if, a detected profile). */
export const FleetMachineSchema = z.object({
  name: z.string().trim().min(1).max(120),
  hardware: HardwareInputSchema,
});

/** Machines grouped under a name, planned together (`weightplan fleet plan`). */
export const FleetSchema = z.object({
  name: FleetNameSchema,
  machines: z.array(FleetMachineSchema).max(MAX_FLEET_MACHINES),
  savedAt: z.iso.datetime(),
  revision: z.int().positive(),
  savedBy: z.string().min(1).max(120),
});

export const FleetDraftSchema = z.object({
  name: FleetNameSchema,
  machines: z.array(FleetMachineSchema).max(MAX_FLEET_MACHINES, `a fleet holds at most ${MAX_FLEET_MACHINES} machines`),
  /** The revision you read: the save fails (409) when the fleet has moved on since. Absent: replace or create. */
  revision: z.int().positive().optional(),
});

export type Fleet = z.infer<typeof FleetSchema>;
export type FleetMachine = z.infer<typeof FleetMachineSchema>;
export type FleetDraft = z.input<typeof FleetDraftSchema>;
