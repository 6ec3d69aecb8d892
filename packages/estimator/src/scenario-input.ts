import { RuntimeSchema } from '@weightplan/weights';
import { z } from 'zod';
import { MachineCalibrationSchema } from './calibration/machine-calibration.js';
import type { EstimateRequest } from './estimate.js';
import { KvCacheTypeSchema } from './kv-cache.js';

/**
 * The longest context any request may ask for: 2^24 tokens, above the longest context a catalog model
 * supports (Llama 4 Scout, 10,485,760). Longer ones describe no model that exists.
 */
export const MAX_CONTEXT_TOKENS = 16_777_216;

/** A token count up to `MAX_CONTEXT_TOKENS`, whose error says the limit. */
export const tokenCount = (what: string) =>
  z
    .int()
    .min(1)
    .max(MAX_CONTEXT_TOKENS, { message: `at most ${MAX_CONTEXT_TOKENS.toLocaleString('en-US')} tokens (2^24)` })
    .describe(what);

const tokens = tokenCount;

/**
 * How a model is run, apart from which model and which machine: the knobs the CLI's flags, the API's
 * estimate input and saved plans share.
 */
export const ScenarioInputSchema = z.object({
  contextTokens: tokens('tokens in the KV cache, where generation speed is given').optional(),
  promptTokens: tokens('prompt length for prefill speed and time to first token').optional(),
  cachedPromptTokens: z
    .int()
    .min(0)
    .max(MAX_CONTEXT_TOKENS, { message: `at most ${MAX_CONTEXT_TOKENS.toLocaleString('en-US')} tokens (2^24)` })
    .optional()
    .describe(
      'tokens already in the KV cache when the prompt arrives (earlier turns of a chat, a cached system prompt): the prompt attends over them too, so prefill slows and time to first token grows',
    ),
  concurrency: z.int().min(1).max(65_536, { message: 'at most 65,536 sequences at once' }).optional().describe('sequences served at once'),
  runtime: RuntimeSchema.optional(),
  kvCacheType: KvCacheTypeSchema.optional(),
  flashAttention: z.boolean().optional(),
  gpuMemoryUtilization: z.number().min(0.05).max(1).optional().describe("vLLM's --gpu-memory-utilization"),
  splitMode: z.enum(['layer', 'row']).optional().describe("llama.cpp's --split-mode over several GPUs"),
  placement: z
    .enum(['auto', 'gpu', 'cpu'])
    .optional()
    .describe('auto (default): the fastest placement that fits; cpu: every layer on the CPU'),
  calibration: MachineCalibrationSchema.optional().describe('factors fitted from measurements on this machine (fitMachineCalibration)'),
});

export type ScenarioInput = z.infer<typeof ScenarioInputSchema>;

/** The scenario's fields as estimate options, leaving out what was not given (the estimator's defaults apply). */
export function scenarioOptions(scenario: ScenarioInput): Partial<EstimateRequest> {
  const options: Partial<EstimateRequest> = {};
  for (const [key, value] of Object.entries(scenario)) {
    if (value !== undefined) (options as Record<string, unknown>)[key] = value;
  }
  return options;
}
