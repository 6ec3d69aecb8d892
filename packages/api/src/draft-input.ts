import { type DraftRequest, MAX_DRAFT_TOKENS, SpeculativeMethodSchema, SpeculativeTaskSchema } from '@weightplan/estimator';
import { InvalidInputError, UnknownNameError } from '@weightplan/match';
import { PrecisionRequiredError } from '@weightplan/user-data';
import type { OpenModelSpec, Precision } from '@weightplan/weights';
import { z } from 'zod';
import type { ApiContext } from './context.js';
import { resolveModelInput } from './resolve-model-input.js';
import { strictInput } from './strict-input.js';

/** Speculative decoding in an estimate or scenario input: a draft model, or the target's MTP layer or EAGLE head. */
export const DraftInputSchema = strictInput({
  model: z
    .string()
    .min(1)
    .max(4096, { message: 'at most 4,096 characters (a model id, or a path)' })
    .optional()
    .describe('draft model: a smaller model with the same tokenizer (Hugging Face id or alias, imported id or path)'),
  precision: z.string().min(1).max(64).optional().describe("the draft model's precision; default: the target's"),
  method: SpeculativeMethodSchema.optional().describe(
    "draft-model (the default when model is given), mtp or eagle (the target's own heads)",
  ),
  acceptanceRate: z
    .number()
    .gt(0, { message: 'a probability above 0' })
    .lt(1, { message: 'a probability below 1' })
    .optional()
    .describe('probability that the target accepts a drafted token; default: a cited measurement for the method and task'),
  draftTokens: z
    .int()
    .min(1)
    .max(MAX_DRAFT_TOKENS, { message: `at most ${MAX_DRAFT_TOKENS} drafted tokens` })
    .optional()
    .describe('tokens drafted per verification; default: the fastest for the acceptance rate (1 for MTP)'),
  task: SpeculativeTaskSchema.optional().describe('chat or coding: picks the default acceptance rate'),
});

export type DraftInput = z.infer<typeof DraftInputSchema>;

/** The estimator's draft request for a draft input: the draft model resolved like any model, at the target's precision by default. */
export async function resolveDraftInput(
  input: DraftInput,
  target: { model: OpenModelSpec; precision: Precision },
  ctx: ApiContext,
): Promise<{ draft: DraftRequest; warnings: string[] }> {
  const method = input.method ?? (input.model !== undefined ? 'draft-model' : undefined);
  if (!method) throw new InvalidInputError("draft needs a model (draft.model) or a method: mtp or eagle (the target's own heads)");
  const options = {
    method,
    ...(input.acceptanceRate !== undefined ? { acceptanceRate: input.acceptanceRate } : {}),
    ...(input.draftTokens !== undefined ? { draftTokens: input.draftTokens } : {}),
    ...(input.task !== undefined ? { task: input.task } : {}),
  };
  if (method !== 'draft-model') {
    if (input.model !== undefined)
      throw new InvalidInputError(`draft.model goes with the draft-model method; ${method} drafts with the target's own head`);
    return { draft: options, warnings: [] };
  }
  if (input.model === undefined) throw new InvalidInputError('speculative decoding with a draft model needs the draft model (draft.model)');
  let resolved: Awaited<ReturnType<typeof resolveModelInput>>;
  try {
    resolved = await resolveModelInput(input.model, input.precision, ctx);
  } catch (error) {
    if (!(error instanceof PrecisionRequiredError) || input.precision !== undefined) throw error;
    try {
      resolved = await resolveModelInput(input.model, target.precision.id, ctx);
    } catch (retry) {
      if (retry instanceof UnknownNameError && retry.subject === 'precision') {
        throw new InvalidInputError(
          `give the draft's precision (draft.precision): ${target.precision.id} is not a precision a draft can take`,
        );
      }
      throw retry;
    }
  }
  return { draft: { ...options, model: resolved.model, precision: resolved.precision }, warnings: resolved.warnings };
}
