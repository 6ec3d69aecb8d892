import { TRPCError } from '@trpc/server';
import { lookUpModel } from '@weightplan/hub';
import { InvalidInputError, nameDistance, normalizeName } from '@weightplan/match';
import {
  CLOSED_MODELS,
  ClosedModelSpecSchema,
  HubProvenanceSchema,
  OpenModelSpecSchema,
  PRECISIONS,
  QUALITY_SIGNALS,
  QualitySignalSchema,
} from '@weightplan/weights';
import { describeWeights, HeaderDescriptionSchema, inspectWeights, weightHeadersFromDescription } from '@weightplan/weights/files';
import { z } from 'zod';
import { assertReadsFiles } from '../file-access.js';
import { RefreshResultSchema, refreshHubPins, withClosestNames, withHubSource } from '../hub-pins.js';
import { HUB_ID, lookUpOnHub } from '../resolve-model-input.js';
import { saveMetaOf, storeOf } from '../store-access.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure, router } from '../trpc.js';
import { DtypeShareSchema } from './inspect.js';

const ListInputSchema = strictInput({
  kind: z.enum(['open', 'closed', 'all']).default('all').describe('open-weight models, closed API models, or both'),
  search: z.string().max(200).optional().describe('matches id, name, family, publisher and aliases'),
  family: z.string().max(100).optional(),
  commercialOnly: z.boolean().optional().describe('only open models whose license allows commercial use'),
  imported: z.boolean().optional().describe('only models imported from your own files'),
});

export const ModelListSchema = z.object({
  open: z.array(OpenModelSpecSchema),
  closed: z.array(ClosedModelSpecSchema),
});

const HubAnswerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('model'),
    repo: z.string(),
    /** The GGUF quantisation read, or null for safetensors. */
    quant: z.string().nullable(),
    commit: z.string(),
    lookedUpAt: z.iso.datetime(),
    model: OpenModelSpecSchema,
    /** Bytes of the weight files read; null for a repository with config.json only. */
    weightsBytes: z.number().nullable(),
    /** The quantisation mix read from the headers: tensors, parameters and exact bytes per storage type. */
    byDtype: z.array(DtypeShareSchema).optional(),
    warnings: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('quants'),
    repo: z.string(),
    commit: z.string(),
    lookedUpAt: z.iso.datetime(),
    /** A GGUF repository named without :QUANT: what it offers, smallest first, with exact sizes. */
    quants: z.array(z.object({ quant: z.string(), files: z.array(z.string()), bytes: z.number().nullable() })),
    mmproj: z.array(z.object({ path: z.string(), bytes: z.number().nullable() })),
    warnings: z.array(z.string()),
  }),
]);

/** REST clients send an id's slash encoded (%2F); path parameters arrive undecoded. */
function decodeId(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id; // not percent-encoded: use as given
  }
}

function matches(search: string | undefined, ...texts: string[]): boolean {
  return !search || texts.some((text) => nameDistance(search, text) < 2);
}

export const modelsRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/models',
        tags: ['models'],
        summary: 'The model catalog: open-weight models (with your imports) and closed API models',
      },
    })
    .input(ListInputSchema)
    .output(ModelListSchema)
    .query(async ({ input, ctx }) => {
      const { index } = await storeOf(ctx).catalog.index();
      const open =
        input.kind === 'closed'
          ? []
          : index.models.filter(
              (m) =>
                matches(input.search, m.id, m.name, m.family, m.publisher, ...m.aliases) &&
                (!input.family || normalizeName(m.family) === normalizeName(input.family)) &&
                (!input.commercialOnly || m.license.commercialUse) &&
                (!input.imported || m.origin === 'imported'),
            );
      const closed =
        input.kind === 'open' || input.imported
          ? []
          : CLOSED_MODELS.filter(
              (m) =>
                matches(input.search, m.id, m.name, m.provider, ...m.aliases) &&
                (!input.family || normalizeName(m.provider) === normalizeName(input.family)),
            );
      return { open, closed };
    }),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/models/{id}',
        tags: ['models'],
        summary: 'One model by id or alias (URL-encode the slash: meta-llama%2FMeta-Llama-3-8B-Instruct)',
      },
    })
    .input(strictInput({ id: z.string().min(1).max(300) }))
    .output(z.object({ model: z.union([OpenModelSpecSchema, ClosedModelSpecSchema]), quality: z.array(QualitySignalSchema) }))
    .query(async ({ input, ctx }) => {
      const id = decodeId(input.id);
      const closed = CLOSED_MODELS.find(
        (m) => normalizeName(m.id) === normalizeName(id) || m.aliases.some((a) => normalizeName(a) === normalizeName(id)),
      );
      const model = closed ?? (await storeOf(ctx).catalog.index()).index.get(id);
      return { model, quality: QUALITY_SIGNALS.filter((q) => q.modelId === model.id) };
    }),

  precisions: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/precisions',
        tags: ['models'],
        summary: 'Precisions a model can be estimated at (ids, labels, formats, runtimes)',
      },
    })
    .input(strictInput({}).optional())
    .output(
      z.array(z.object({ id: z.string(), label: z.string(), format: z.string(), nominalBits: z.number(), runtimes: z.array(z.string()) })),
    )
    .query(() => PRECISIONS.map((p) => ({ id: p.id, label: p.label, format: p.format, nominalBits: p.nominalBits, runtimes: p.runtimes }))),

  import: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/models/import',
        tags: ['models'],
        summary: 'Read weight files under an allowed directory and add them to the user catalog',
      },
    })
    .input(
      strictInput({
        path: z
          .string()
          .min(1)
          .max(4096)
          .describe('weight files or a model folder, or hf:ORG/NAME[:QUANT] to pin a Hugging Face repository as read today'),
      }),
    )
    .output(z.object({ id: z.string(), name: z.string(), parameterCount: z.number(), hubSource: HubProvenanceSchema.optional() }))
    .mutation(async ({ input, ctx }) => {
      if (input.path.startsWith('hf:')) {
        // Pinned: the spec read from the repository's headers now, kept in the user catalog (offline from then on).
        if (!ctx.hub) throw new TRPCError({ code: 'FORBIDDEN', message: 'this host does not look models up on the Hub' });
        const reference = input.path.slice(3);
        const found = await lookUpOnHub(reference, ctx).catch(async (error: unknown) => {
          throw withClosestNames(error, reference, (await storeOf(ctx).catalog.index()).index);
        });
        const spec = withHubSource(found);
        await storeOf(ctx).catalog.add({ spec, precision: found.inspect.precision }, saveMetaOf(ctx));
        return { id: spec.id, name: spec.name, parameterCount: found.inspect.parameterCount, hubSource: spec.hubSource };
      }
      assertReadsFiles(ctx);
      const result = await inspectWeights(input.path, ctx.allowedRoots === undefined ? {} : { allowedRoots: ctx.allowedRoots });
      await storeOf(ctx).catalog.add({ spec: result.spec, precision: result.precision }, saveMetaOf(ctx));
      return { id: result.spec.id, name: result.spec.name, parameterCount: result.parameterCount };
    }),

  importHeader: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/models/import/header',
        tags: ['models'],
        summary:
          'Add a model to the user catalog from weight-file headers the client read itself (as /inspect/header takes them): planned at its stored precision',
      },
    })
    .input(strictInput({ header: HeaderDescriptionSchema }))
    .output(z.object({ id: z.string(), name: z.string(), parameterCount: z.number() }))
    .mutation(async ({ input, ctx }) => {
      // The same description /inspect/header answers, so the plan's model is what the page showed; no file
      // is read here, so no --allow-dir is needed: the user's browser read their own file.
      const result = describeWeights(weightHeadersFromDescription(input.header), {}, performance.now());
      await storeOf(ctx).catalog.add({ spec: result.spec, precision: result.precision }, saveMetaOf(ctx));
      return { id: result.spec.id, name: result.spec.name, parameterCount: result.parameterCount };
    }),

  hub: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/hub/models/{id}',
        tags: ['models'],
        summary:
          'Look a Hugging Face repository up without pinning it (URL-encode the slash): the model read from its headers, or the quantisations a GGUF repository offers with exact sizes',
      },
    })
    .input(
      strictInput({
        id: z.string().min(1).max(300).describe('ORG/NAME, or ORG/NAME:QUANT for one quantisation of a GGUF repository'),
      }),
    )
    .output(HubAnswerSchema)
    .query(async ({ input, ctx }) => {
      if (!ctx.hub) throw new TRPCError({ code: 'FORBIDDEN', message: 'this host does not look models up on the Hub' });
      const id = decodeId(input.id).trim();
      if (!HUB_ID.test(id))
        throw new InvalidInputError(
          `"${id.slice(0, 300)}" is not a Hub id: give ORG/NAME or ORG/NAME:QUANT, e.g. Qwen/Qwen3-8B or bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M`,
        );
      const found = await lookUpModel(id, ctx.hub).catch(async (error: unknown) => {
        throw withClosestNames(error, id, (await storeOf(ctx).catalog.index()).index);
      });
      const common = { repo: found.repo, commit: found.sha, lookedUpAt: new Date(found.fetchedAt).toISOString(), warnings: found.warnings };
      if (found.kind === 'quants') return { kind: 'quants' as const, ...common, quants: found.quants, mmproj: found.mmproj };
      const spec = withHubSource(found);
      return {
        kind: 'model' as const,
        ...common,
        quant: found.quant,
        model: spec,
        weightsBytes: found.inspect.weightsBytes,
        byDtype: found.inspect.byDtype,
      };
    }),

  refresh: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/models/refresh',
        tags: ['models'],
        summary:
          "Re-read models pinned from the Hub at their revision's current commit: which moved, and what changed (parameters, bytes); an entry the Hub cannot confirm is kept",
      },
    })
    .input(
      strictInput({ id: z.string().min(1).max(300).optional().describe('one pinned model; default: every model pinned from the Hub') }),
    )
    .output(RefreshResultSchema)
    .mutation(({ input, ctx }) => {
      if (!ctx.hub) throw new TRPCError({ code: 'FORBIDDEN', message: 'this host does not look models up on the Hub' });
      return refreshHubPins(input.id === undefined ? undefined : decodeId(input.id), { ...ctx, hub: ctx.hub });
    }),

  remove: publicProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/models/imported/{id}',
        tags: ['models'],
        summary: 'Remove a model you imported from the user catalog (URL-encode the slash: local%2Fmy-model)',
      },
    })
    .input(strictInput({ id: z.string().min(1).max(300) }))
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ input, ctx }) => {
      // A host that reads no files imports none, so it has none to remove either.
      assertReadsFiles(ctx);
      return { removed: await storeOf(ctx).catalog.remove(decodeId(input.id)) };
    }),
});
