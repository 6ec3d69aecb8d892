import { HardwareInputSchema } from '@weightplan/hardware';
import { pageProfiles, removeProfile, SavedProfileSchema, saveProfile } from '@weightplan/user-data';
import { z } from 'zod';
import { PageInputSchema } from '../page-input.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';

export const profilesRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/profiles', tags: ['hardware'], summary: 'Machines saved under a name, a page at a time' } })
    .input(PageInputSchema.optional())
    .output(z.object({ profiles: z.array(SavedProfileSchema), total: z.int(), nextCursor: z.string().nullable() }))
    .query(({ input }) => pageProfiles({ limit: input?.limit, cursor: input?.cursor })),

  save: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/profiles',
        tags: ['hardware'],
        summary: 'Save a machine under a name (replaces one of the same name)',
      },
    })
    .input(strictInput({ name: z.string().trim().min(1).max(120), hardware: HardwareInputSchema }))
    .output(SavedProfileSchema)
    .mutation(({ input }) => saveProfile(input)),

  remove: publicProcedure
    .meta({ openapi: { method: 'DELETE', path: '/profiles/{name}', tags: ['hardware'], summary: 'Forget a saved machine' } })
    .input(strictInput({ name: z.string().min(1).max(120) }))
    .output(z.object({ removed: z.boolean() }))
    .mutation(({ input }) => ({ removed: removeProfile(input.name) })),
});
