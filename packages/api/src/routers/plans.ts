import { TRPCError } from '@trpc/server';
import { type Plan, PlanDraftSchema, PlanIdSchema, PlanSchema, parsePlanDocument } from '@weightplan/user-data';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { PageInputSchema } from '../page-input.js';
import { planMarkdown } from '../plan-markdown.js';
import { saveMetaOf, storeOf } from '../store-access.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';
import { WEIGHTPLAN_VERSION } from '../version.js';
import { estimateFor } from './estimate.js';
import { estimateWithLaunch } from './planner.js';

const VERSION = WEIGHTPLAN_VERSION;
// The stored id's own schema: an id that could not name a plan file is a 400, never a path.
const IdInputSchema = strictInput({ id: PlanIdSchema });

const PLAN_FILTERS = [{ name: 'Weightplan plan', extensions: ['weightplan.json', 'json'] }];

/** The plan as Markdown, its numbers computed now. */
async function markdownOf(plan: Plan, ctx: ApiContext): Promise<string> {
  const { estimate, launch } = await estimateWithLaunch(
    { model: plan.model, precision: plan.precision, hardware: plan.hardware, ...plan.scenario },
    ctx,
  );
  return planMarkdown(plan, estimate, launch, new Date(), VERSION);
}

function fileBaseName(plan: Plan): string {
  return (
    plan.name
      .replace(/[^\w .-]+/g, '')
      .trim()
      .replace(/\s+/g, '-') || plan.id
  );
}

function requireDesktop(ctx: ApiContext) {
  if (!ctx.desktop)
    throw new TRPCError({ code: 'FORBIDDEN', message: 'file dialogs exist only in the desktop app; download the plan instead' });
  return ctx.desktop;
}

export const plansRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/plans',
        tags: ['plans'],
        summary: 'Saved plans, most recent first, a page at a time (damaged files listed apart, never overwritten)',
      },
    })
    .input(PageInputSchema.optional())
    .output(
      z.object({
        plans: z.array(PlanSchema),
        damaged: z.array(z.object({ file: z.string(), reason: z.string() })),
        total: z.int().describe('readable plans in the store'),
        nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last'),
      }),
    )
    .query(({ input, ctx }) => storeOf(ctx).plans.list({ limit: input?.limit, cursor: input?.cursor })),

  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/plans/{id}', tags: ['plans'], summary: 'One saved plan' } })
    .input(IdInputSchema)
    .output(PlanSchema)
    .query(({ input, ctx }) => storeOf(ctx).plans.get(input.id)),

  history: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/plans/{id}/history',
        tags: ['plans'],
        summary: "A plan's earlier revisions, newest first (the latest 50), each with who saved it and when",
      },
    })
    .input(IdInputSchema)
    .output(z.object({ revisions: z.array(PlanSchema) }))
    .query(async ({ input, ctx }) => ({ revisions: await storeOf(ctx).plans.history(input.id) })),

  save: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/plans',
        tags: ['plans'],
        summary:
          'Save a plan (new, or the next revision of the plan with its id); the result is recorded with it. Send the revision you read: if someone saved the plan since, the answer is 409 and nothing is written',
      },
    })
    .input(
      strictInput({
        ...PlanDraftSchema.shape,
        revision: z
          .int()
          .positive()
          .optional()
          .describe('the revision you read; a save over a newer one answers 409 CONFLICT. Absent: replace whatever is there'),
      }),
    )
    .output(PlanSchema)
    .mutation(async ({ input, ctx }) => {
      // Check the plan computes before keeping it, and record what it showed.
      const estimate = await estimateFor(
        { model: input.model, precision: input.precision, hardware: input.hardware, ...input.scenario },
        ctx,
      );
      return storeOf(ctx).plans.save(
        {
          ...input,
          snapshot: {
            fit: estimate.placement.fit,
            totalBytes: estimate.memory.totalBytes,
            decodeTokensPerSecond: estimate.throughput?.decodeTokensPerSecond ?? null,
            timeToFirstTokenSeconds: estimate.throughput?.timeToFirstTokenSeconds ?? null,
            weightplanVersion: VERSION,
          },
        },
        saveMetaOf(ctx),
      );
    }),

  remove: publicProcedure
    .meta({ openapi: { method: 'DELETE', path: '/plans/{id}', tags: ['plans'], summary: 'Delete a saved plan' } })
    .input(IdInputSchema)
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ input, ctx }) => ({ removed: await storeOf(ctx).plans.remove(input.id) })),

  markdown: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/plans/{id}/markdown',
        tags: ['plans'],
        summary: 'A saved plan as Markdown, for a ticket or a purchase request',
      },
    })
    .input(IdInputSchema)
    .output(z.object({ fileName: z.string(), markdown: z.string() }))
    .query(async ({ input, ctx }) => {
      const plan = await storeOf(ctx).plans.get(input.id);
      return { fileName: `${fileBaseName(plan)}.md`, markdown: await markdownOf(plan, ctx) };
    }),

  import: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/plans/import',
        tags: ['plans'],
        summary: 'Add a plan from a .weightplan.json document someone sent',
      },
    })
    .input(
      strictInput({
        document: z
          .string()
          .min(2)
          .max(1024 * 1024),
      }),
    )
    .output(PlanSchema)
    .mutation(({ input, ctx }) => storeOf(ctx).plans.put(parsePlanDocument(input.document), saveMetaOf(ctx))),

  /** Desktop: save a plan's JSON or Markdown where the user chooses. */
  exportFile: publicProcedure
    .input(strictInput({ id: PlanIdSchema, format: z.enum(['json', 'markdown']) }))
    .output(z.object({ path: z.string().nullable() }))
    .mutation(async ({ input, ctx }) => {
      const desktop = requireDesktop(ctx);
      const plan = await storeOf(ctx).plans.get(input.id);
      const path =
        input.format === 'json'
          ? await desktop.saveFile({
              title: 'Save plan',
              suggestedName: `${fileBaseName(plan)}.weightplan.json`,
              contents: `${JSON.stringify(plan, null, 2)}\n`,
              filters: PLAN_FILTERS,
            })
          : await desktop.saveFile({
              title: 'Export plan as Markdown',
              suggestedName: `${fileBaseName(plan)}.md`,
              contents: await markdownOf(plan, ctx),
              filters: [{ name: 'Markdown', extensions: ['md'] }],
            });
      return { path };
    }),

  /** Desktop: open a .weightplan.json file and keep it among the saved plans. */
  openFile: publicProcedure.output(PlanSchema.nullable()).mutation(async ({ ctx }) => {
    const file = await requireDesktop(ctx).openFile({ title: 'Open plan', filters: PLAN_FILTERS });
    if (!file) return null;
    return storeOf(ctx).plans.put(parsePlanDocument(file.contents), saveMetaOf(ctx));
  }),
});
