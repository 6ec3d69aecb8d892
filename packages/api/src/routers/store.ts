import { exportStore, importStore, parseStoreExport, StoreExportSchema } from '@weightplan/store';
import { z } from 'zod';
import { storeOf } from '../store-access.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';

export const storeRouter = router({
  info: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/store', tags: ['store'], summary: 'Where this host keeps plans, machines and imports' } })
    .input(strictInput({}).optional())
    .output(z.object({ kind: z.enum(['files', 'postgres']), location: z.string() }))
    .query(({ ctx }) => {
      const store = storeOf(ctx);
      // A server's directory path is its own business; the kind is what a client needs.
      return {
        kind: store.kind,
        location: ctx.showInternalErrors || ctx.desktop || ctx.allowedRoots === undefined ? store.location : store.kind,
      };
    }),

  export: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/store/export',
        tags: ['store'],
        summary: 'The whole store (plans with their history, machines, imports, prices, fleets, documents) as one JSON document',
      },
    })
    .input(strictInput({}).optional())
    .output(StoreExportSchema)
    .query(({ ctx }) => exportStore(storeOf(ctx))),

  import: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/store/import',
        tags: ['store'],
        summary: 'Write an export into this store as it was (revisions and authors kept); records with the same keys are replaced',
      },
    })
    .input(
      strictInput({
        document: z
          .string()
          .min(2)
          .max(256 * 1024 * 1024),
      }),
    )
    .output(
      z.object({
        plans: z.int(),
        planRevisions: z.int(),
        profiles: z.int(),
        catalog: z.int(),
        prices: z.boolean(),
        fleets: z.int(),
        documents: z.int(),
        measurements: z.int(),
      }),
    )
    .mutation(({ input, ctx }) => importStore(storeOf(ctx), parseStoreExport(input.document))),
});
