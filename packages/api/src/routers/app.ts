import { TRPCError } from '@trpc/server';
import { inspectWeights } from '@weightplan/weights/files';
import { z } from 'zod';
import { saveMetaOf, storeOf } from '../store-access.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';
import { WEIGHTPLAN_VERSION } from '../version.js';
import { InspectOutputSchema, inspectAnswer } from './inspect.js';

export const appInfoRouter = router({
  /** What this host offers, so one UI adapts to the desktop app and to the web mode. */
  info: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/info',
        tags: ['app'],
        summary: 'Version, host kind, whether this host reads weight files and whether it looks models up on the Hub',
      },
    })
    .input(strictInput({}).optional())
    .output(
      z.object({
        version: z.string(),
        host: z.enum(['desktop', 'server']),
        readsFiles: z.boolean(),
        fileDialogs: z.boolean(),
        hubLookUps: z.boolean(),
      }),
    )
    .query(({ ctx }) => ({
      version: WEIGHTPLAN_VERSION,
      host: ctx.desktop ? ('desktop' as const) : ('server' as const),
      // The desktop app reads the weight files the user picks in its dialog, whatever it has granted so far.
      readsFiles: ctx.desktop !== undefined || ctx.allowedRoots === undefined || ctx.allowedRoots.length > 0,
      fileDialogs: ctx.desktop !== undefined,
      // Off with --no-hub: the UI then offers no Hub id field instead of one that always fails.
      hubLookUps: ctx.hub !== undefined,
    })),

  /** Desktop: pick weight files in a native dialog, read their headers, and add them to the user catalog. */
  importWeights: publicProcedure
    .output(z.object({ id: z.string(), name: z.string(), parameterCount: z.number() }).nullable())
    .mutation(async ({ ctx }) => {
      if (!ctx.desktop) return null;
      const path = await ctx.desktop.chooseWeights();
      if (!path) return null;
      const result = await inspectWeights(path);
      await storeOf(ctx).catalog.add({ spec: result.spec, precision: result.precision }, saveMetaOf(ctx));
      return { id: result.spec.id, name: result.spec.name, parameterCount: result.parameterCount };
    }),

  /**
   * Desktop: pick weight files in a native dialog and read their headers (nothing is imported). The path is
   * granted by the dialog, so the page may name it again (reload, "plan with this") in this session.
   */
  inspectWeights: publicProcedure.output(InspectOutputSchema.nullable()).mutation(async ({ ctx }) => {
    if (!ctx.desktop)
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'only the desktop app opens a file dialog; name a path under --allow-dir instead',
      });
    const path = await ctx.desktop.chooseWeights();
    if (!path) return null;
    return inspectAnswer(await inspectWeights(path), false);
  }),
});
