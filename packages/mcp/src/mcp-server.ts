import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  type ApiContext,
  appRouter,
  createCallerFactory,
  EstimateInputSchema,
  RecommendInputSchema,
  WEIGHTPLAN_VERSION,
} from '@weightplan/api';
import { formatBytes, formatRate } from '@weightplan/format';
import { z } from 'zod';
import { summarizeEstimate, summarizeHardware, summarizeHubAnswer, summarizeModels, summarizeRecommendations } from './summaries.js';

/** "ORG/NAME" or "ORG/NAME:QUANT": a Hugging Face repository, as the Hub, Ollama and llama.cpp's -hf name one. */
const HUB_ID = /^[\w.-]+\/[\w.-]+(:[\w.-]+)?$/;

const createCaller = createCallerFactory(appRouter);

function result(summary: string, document: unknown): CallToolResult {
  return { content: [{ type: 'text', text: `${summary}\n\n${JSON.stringify(document, null, 2)}` }] };
}

const ModelsInputSchema = z.object({
  search: z
    .string()
    .max(200)
    .optional()
    .describe(
      'part of a name, id, family or alias: "llama 3", "qwen3", "gemma"; a Hugging Face id no catalog has (ORG/NAME, or ORG/NAME:QUANT for a GGUF repository) is looked up on the Hub',
    ),
  kind: z.enum(['open', 'closed', 'all']).optional().describe('open-weight models (default), closed API models, or both'),
  commercialOnly: z.boolean().optional().describe('only licenses that allow commercial use'),
  limit: z.int().min(1).max(200).optional().describe('at most this many of each kind (default 40)'),
});

const DetectInputSchema = z.object({ measure: z.boolean().optional().describe('measure memory bandwidth with a 0.3 s copy benchmark') });

/**
 * The Model Context Protocol face of the API: the same router the HTTP server and the desktop use, called
 * in-process, so an assistant's answer to "what can I run here?" matches the CLI's to the byte.
 */
export function createWeightplanMcpServer(context: ApiContext, version = WEIGHTPLAN_VERSION): McpServer {
  const caller = createCaller(context);
  const server = new McpServer(
    { name: 'weightplan', version },
    {
      instructions:
        'Weightplan answers which open-weight LLMs run on given hardware, at which precision and how fast. ' +
        'Hardware defaults to the machine this server runs on; pass hardware.whatIf (e.g. {"gpu": "2x RTX 4090"}) to plan for other machines. ' +
        'Use `models` to find model ids, `recommend` for "what can I run", `estimate` for one model in detail.',
    },
  );

  server.registerTool(
    'recommend',
    {
      title: 'What can I run?',
      description:
        'The best open-weight models and precisions for the hardware (this machine by default), ranked, with speed, memory, reasons and near misses.',
      inputSchema: RecommendInputSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input) => {
      const answer = await caller.recommend(input);
      const summary = summarizeRecommendations(answer);
      const best = summary.recommendations[0];
      const headline = best
        ? `On ${summary.hardware}: best is ${best.model} at ${best.precision} (${formatRate(best.decodeTokensPerSecond)} tokens/s, ${formatBytes(best.memoryBytes)}).`
        : `Nothing meets the constraints on ${summary.hardware}.`;
      return result(headline, summary);
    },
  );

  server.registerTool(
    'estimate',
    {
      title: 'Estimate one model',
      description:
        'Memory per device, placement (GPU, multi-GPU, CPU offload) and generation/prefill speed of one model at one precision on the hardware.',
      inputSchema: EstimateInputSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: context.hub !== undefined },
    },
    async (input) => {
      const summary = summarizeEstimate(await caller.estimate(input));
      const speed = summary.speed
        ? `${formatRate(summary.speed.decodeTokensPerSecond)} tokens/s (range ${summary.speed.decodeRange.map(formatRate).join('-')})`
        : 'no speed (does not fit)';
      return result(
        `${summary.model} at ${summary.precision} on ${summary.hardware}: ${summary.fit}, ${formatBytes(summary.memory.totalBytes)}, ${speed}.`,
        summary,
      );
    },
  );

  server.registerTool(
    'models',
    {
      title: 'Find models',
      description: 'Search the model catalog (open-weight models with exact parameter counts, licenses and context; closed API models).',
      inputSchema: ModelsInputSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: context.hub !== undefined },
    },
    async (input) => {
      const list = await caller.models.list({
        kind: input.kind ?? 'open',
        ...(input.search ? { search: input.search } : {}),
        ...(input.commercialOnly ? { commercialOnly: true } : {}),
      });
      const summary = summarizeModels(list, input.limit ?? 40);
      const search = input.search?.trim();
      const known = (id: string) => list.open.some((m) => [m.id, ...m.aliases].some((name) => name.toLowerCase() === id.toLowerCase()));
      if (context.hub && search && HUB_ID.test(search) && !known(search)) {
        // An id published after the catalog: read from the Hub's headers. When the Hub does not have it but the
        // catalog search found models ("qwen/qwen3" is a search as well as an id), those are the answer.
        let answer: Awaited<ReturnType<typeof caller.models.hub>>;
        try {
          answer = await caller.models.hub({ id: search });
        } catch (error) {
          if (list.open.length === 0) throw error;
          const hubError = error instanceof Error ? error.message : String(error);
          return result(
            `${list.open.length} open and ${list.closed.length} closed models match; the Hub look-up of it failed: ${hubError}`,
            {
              ...summary,
              hubError,
            },
          );
        }
        const hub = summarizeHubAnswer(answer);
        const headline =
          hub.kind === 'model'
            ? `${hub.id}: looked up on the Hub at commit ${hub.commit.slice(0, 7)}, ${hub.parameterCount.toLocaleString('en-US')} parameters.`
            : `${hub.repo} is a GGUF repository; it offers ${hub.quants.map((q) => q.quant).join(', ')} (use ${hub.repo}:QUANT).`;
        return result(headline, { ...summary, hub });
      }
      return result(`${list.open.length} open and ${list.closed.length} closed models match.`, summary);
    },
  );

  server.registerTool(
    'detect',
    {
      title: 'Detect this machine',
      description: "The hardware of the machine this server runs on: CPU, RAM and its bandwidth, each GPU's memory and bandwidth.",
      inputSchema: DetectInputSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input) => {
      const summary = summarizeHardware(await caller.hardware.detect({ measure: input.measure ?? false }));
      return result(`This machine: ${summary.label}.`, summary);
    },
  );

  return server;
}
