import { HardwareInputSchema } from '@weightplan/hardware';
import { SavedProfileSchema } from '@weightplan/user-data';
import { z } from 'zod';
import { PageInputSchema } from '../page-input.js';
import { saveMetaOf, storeOf } from '../store-access.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';

export const profilesRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/profiles', tags: ['hardware'], summary: 'Machines saved under a name, a page at a time' } })
    .input(PageInputSchema.optional())
    .output(z.object({ profiles: z.array(SavedProfileSchema), total: z.int(), nextCursor: z.string().nullable() }))
    .query(({ input, ctx }) => storeOf(ctx).profiles.list({ limit: input?.limit, cursor: input?.cursor })),

  save: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/profiles',
        tags: ['hardware'],
        summary: 'Save a machine under a name (replaces one of the same name; with the revision you read, 409 if it moved on)',
      },
    })
    .input(
      strictInput({
        name: z.string().trim().min(1).max(120),
        hardware: HardwareInputSchema,
        revision: z.int().positive().optional().describe('the revision you read; a save over a newer one answers 409 CONFLICT'),
      }),
    )
    .output(SavedProfileSchema)
    .mutation(({ input, ctx }) => storeOf(ctx).profiles.save(input, saveMetaOf(ctx))),

  remove: publicProcedure
    .meta({ openapi: { method: 'DELETE', path: '/profiles/{name}', tags: ['hardware'], summary: 'Forget a saved machine' } })
    .input(strictInput({ name: z.string().min(1).max(120) }))
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ input, ctx }) => ({ removed: await storeOf(ctx).profiles.remove(input.name) })),
});
