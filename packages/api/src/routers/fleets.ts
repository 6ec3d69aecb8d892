import { InvalidInputError } from '@weightplan/match';
import { FleetDraftSchema, FleetMachineSchema, FleetNameSchema, FleetSchema, RecordNotFoundError } from '@weightplan/store';
import { z } from 'zod';
import { planFleet } from '../fleet/fleet-plan.js';
import { FleetPlanInputSchema, FleetPlanSchema } from '../fleet/fleet-schema.js';
import { PageInputSchema } from '../page-input.js';
import { saveMetaOf, storeOf } from '../store-access.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';

const NameInputSchema = strictInput({ name: FleetNameSchema });

export const fleetsRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/fleets',
        tags: ['fleets'],
        summary: 'Fleets (machines planned together), in name order, a page at a time',
      },
    })
    .input(PageInputSchema.optional())
    .output(z.object({ fleets: z.array(FleetSchema), total: z.int(), nextCursor: z.string().nullable() }))
    .query(async ({ input, ctx }) => {
      const page = await storeOf(ctx).fleets.list({ limit: input?.limit, cursor: input?.cursor });
      return { fleets: page.items, total: page.total, nextCursor: page.nextCursor };
    }),

  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/fleets/{name}', tags: ['fleets'], summary: 'One fleet and its machines' } })
    .input(NameInputSchema)
    .output(FleetSchema)
    .query(({ input, ctx }) => storeOf(ctx).fleets.get(input.name)),

  save: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/fleets',
        tags: ['fleets'],
        summary: 'Save a fleet with its machines (replaces one of the same name; with the revision you read, 409 if it moved on)',
      },
    })
    .input(strictInput(FleetDraftSchema.shape))
    .output(FleetSchema)
    .mutation(({ input, ctx }) => storeOf(ctx).fleets.save(input, saveMetaOf(ctx))),

  addMachine: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/fleets/{fleet}/machines',
        tags: ['fleets'],
        summary: 'Add a machine to a fleet (creating the fleet; a machine of the same name is replaced)',
      },
    })
    .input(strictInput({ fleet: FleetNameSchema, machine: FleetMachineSchema }))
    .output(FleetSchema)
    .mutation(async ({ input, ctx }) => {
      const store = storeOf(ctx);
      const current = await store.fleets.get(input.fleet).catch((error: unknown) => {
        if (error instanceof RecordNotFoundError) return undefined;
        throw error;
      });
      const others = (current?.machines ?? []).filter((m) => m.name.toLowerCase() !== input.machine.name.toLowerCase());
      // The revision read: a machine added meanwhile by someone else is a 409, not a lost update.
      return store.fleets.save(
        { name: current?.name ?? input.fleet, machines: [...others, input.machine], revision: current?.revision },
        saveMetaOf(ctx),
      );
    }),

  removeMachine: publicProcedure
    .meta({
      openapi: { method: 'DELETE', path: '/fleets/{fleet}/machines/{machine}', tags: ['fleets'], summary: 'Take a machine out of a fleet' },
    })
    .input(strictInput({ fleet: FleetNameSchema, machine: z.string().min(1).max(120) }))
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ input, ctx }) => {
      const store = storeOf(ctx);
      const current = await store.fleets.get(input.fleet);
      const kept = current.machines.filter((m) => m.name.toLowerCase() !== input.machine.toLowerCase());
      if (kept.length === current.machines.length) return { removed: false };
      await store.fleets.save({ name: current.name, machines: kept, revision: current.revision }, saveMetaOf(ctx));
      return { removed: true };
    }),

  remove: publicProcedure
    .meta({ openapi: { method: 'DELETE', path: '/fleets/{name}', tags: ['fleets'], summary: 'Delete a fleet' } })
    .input(NameInputSchema)
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ input, ctx }) => ({ removed: await storeOf(ctx).fleets.remove(input.name) })),

  plan: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/fleets/plan',
        tags: ['fleets'],
        summary:
          "Place workloads on a fleet's machines: which model, precision and runtime where, with launch commands, what is left free, and what fits nowhere and why",
      },
    })
    .input(FleetPlanInputSchema)
    .output(FleetPlanSchema)
    .mutation(async ({ input, ctx }) => {
      if ((input.fleet === undefined) === (input.machines === undefined)) {
        throw new InvalidInputError("give either fleet (a saved fleet's name) or machines, not both and not neither");
      }
      const machines = input.machines ?? (await storeOf(ctx).fleets.get(input.fleet as string)).machines;
      if (machines.length === 0)
        throw new InvalidInputError(`fleet ${input.fleet} has no machines: add some (fleet add NAME --hardware box.json)`);
      return planFleet(machines, input.workloads, ctx);
    }),
});
