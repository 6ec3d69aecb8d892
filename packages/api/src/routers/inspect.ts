import { OpenModelSpecSchema, PrecisionSchema } from '@weightplan/weights';
import {
  describeWeights,
  HeaderDescriptionSchema,
  type InspectResult,
  inspectWeights,
  weightHeadersFromDescription,
} from '@weightplan/weights/files';
import { z } from 'zod';
import { assertReadsFiles } from '../file-access.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure } from '../trpc.js';

/** One storage type's share of the weights: how many tensors, parameters and exact bytes. */
export const DtypeShareSchema = z.object({ type: z.string(), tensors: z.number(), parameters: z.number(), bytes: z.number() });

export const InspectOutputSchema = z.object({
  path: z.string(),
  format: z.enum(['gguf', 'safetensors', 'config']),
  files: z.array(z.object({ path: z.string(), bytes: z.number() })),
  modelId: z.string(),
  name: z.string(),
  architecture: OpenModelSpecSchema.shape.architecture,
  /** The model as the catalog would hold it (what `models import` adds). */
  spec: OpenModelSpecSchema,
  /** Every tensor's storage type, shape and bytes: only when asked for (`tensors: true`), as it runs to thousands. */
  precision: PrecisionSchema.nullable().optional(),
  parameterCount: z.number(),
  activeParameterCount: z.number(),
  weightsBytes: z.number().nullable(),
  byDtype: z.array(DtypeShareSchema),
  quantization: z.object({ method: z.string(), bits: z.number().optional(), groupSize: z.number().optional() }).nullable(),
  tensorCount: z.number(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  warnings: z.array(z.string()),
  elapsedMilliseconds: z.number(),
});

/** Reads weight-file headers, only under the directories the host allows. */
export const inspectProcedure = publicProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/inspect',
      tags: ['files'],
      summary: 'Exact parameters and bytes of a GGUF, safetensors set, model folder or config.json (headers only; --allow-dir)',
    },
  })
  .input(
    strictInput({
      path: z.string().min(1).max(4096),
      tensors: z.boolean().optional().describe("also return every tensor's type, shape and bytes (large)"),
    }),
  )
  .output(InspectOutputSchema)
  .mutation(async ({ input, ctx }) => {
    assertReadsFiles(ctx);
    const r = await inspectWeights(input.path, ctx.allowedRoots === undefined ? {} : { allowedRoots: ctx.allowedRoots });
    return inspectAnswer(r, input.tensors === true);
  });

/**
 * Describes weight files from their headers as a client read them (a browser reads a picked file's headers
 * with `Blob.slice` and `describePickedFiles`): the same answer `inspect` gives for the same files by path,
 * but nothing is read on this host, so every host answers it, --allow-dir or not. Every tensor's bytes are
 * recomputed here from its type and shape, and the description's sizes are capped in its schema.
 */
export const inspectHeaderProcedure = publicProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/inspect/header',
      tags: ['files'],
      summary:
        'Exact parameters and bytes from weight-file headers a client read itself (tensor names, types and shapes; GGUF metadata; config.json): the answer of /inspect, no file access',
    },
  })
  .input(
    strictInput({
      header: HeaderDescriptionSchema,
      tensors: z.boolean().optional().describe("also return every tensor's type, shape and bytes (large)"),
    }),
  )
  .output(InspectOutputSchema)
  .mutation(({ input }) => {
    const started = performance.now();
    return inspectAnswer(describeWeights(weightHeadersFromDescription(input.header), {}, started), input.tensors === true);
  });

/** What `inspect` answers for one read: every header figure, the per-tensor precision only when asked for. */
export function inspectAnswer(r: InspectResult, tensors: boolean): z.infer<typeof InspectOutputSchema> {
  return {
    path: r.path,
    format: r.format,
    files: r.files,
    modelId: r.spec.id,
    name: r.spec.name,
    architecture: r.spec.architecture,
    spec: r.spec,
    ...(tensors ? { precision: r.precision } : {}),
    parameterCount: r.parameterCount,
    activeParameterCount: r.activeParameterCount,
    weightsBytes: r.weightsBytes,
    byDtype: r.byDtype,
    quantization: r.quantization,
    tensorCount: r.tensorCount,
    metadata: r.metadata,
    warnings: r.warnings,
    elapsedMilliseconds: r.elapsedMilliseconds,
  };
}
