import { FinetunePlanSchema, FinetuneRequestSchema, planFinetune } from '@weightplan/estimator';
import { z } from 'zod';
import { HardwareInputSchema, resolveHardwareInput } from '../hardware-input.js';
import { resolveModelInput } from '../resolve-model-input.js';
import { strictInput } from '../strict-input.js';
import { publicProcedure } from '../trpc.js';

export const FinetuneInputSchema = strictInput({
  ...FinetuneRequestSchema.shape,
  model: z.string().min(1).max(4096).describe('Hugging Face id or alias, an imported model, or a path under an allowed directory'),
  hardware: HardwareInputSchema,
});

export const finetuneProcedure = publicProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/finetune',
      tags: ['estimate'],
      summary: 'Can this model be fine-tuned here: full, LoRA or QLoRA, with which sharding, batch and sequence length',
    },
  })
  .input(FinetuneInputSchema)
  .output(FinetunePlanSchema)
  .mutation(async ({ input, ctx }) => {
    const { model: modelName, hardware: hardwareInput, ...request } = input;
    // Any precision resolves a catalog model; fine-tuning memory is computed from the parameter count.
    const { model } = await resolveModelInput(modelName, 'BF16', ctx);
    return planFinetune(model, await resolveHardwareInput(hardwareInput, ctx), request);
  });
