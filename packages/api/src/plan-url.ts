import { UseCaseSchema } from '@weightplan/estimator';
import { InvalidInputError } from '@weightplan/match';
import type { z } from 'zod';
import { describeIssues } from './error-kinds.js';
import { type EstimateInput, EstimateInputSchema } from './routers/estimate.js';

/**
 * A planner link: `https://host/#/scenario?model=…&precision=…&context=32768&gpu=RTX+3090&gpus=2&ram=128` (web)
 * or the same hash after `weightplan://open` (desktop). The UI writes it (packages/ui/src/state/url-state.ts);
 * `weightplan estimate --plan-url` reads it here, through the estimate input schema, so a link the router
 * would refuse is refused with the same message.
 *
 * Query fields, each optional: model, precision, context, prompt, concurrency, kv, runtime, fa (0/1), gmu
 * (GPU memory utilisation), split, placement; the machine as gpu/gpus/ram/nodes/memory/interconnect (a what-if
 * machine when gpu is given, otherwise this machine with those changes) or profile (base64url JSON of a saved
 * profile); view, use (use case) and plan (a saved plan's id) for the UI.
 */
export interface PlanLink {
  view: string | null;
  useCase: z.infer<typeof UseCaseSchema> | null;
  planId: string | null;
  /** The estimate input the link describes; `model` is absent when the link names none. */
  input: Omit<EstimateInput, 'model'> & { model?: string };
}

const NUMBER_FIELDS = {
  context: 'contextTokens',
  prompt: 'promptTokens',
  cached: 'cachedPromptTokens',
  concurrency: 'concurrency',
  gmu: 'gpuMemoryUtilization',
} as const;
const HARDWARE_NUMBERS = { gpus: 'gpus', ram: 'ramGiB', nodes: 'nodes' } as const;

function numberField(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidInputError(`the link's ${name}=${text} is not a number`);
  return value;
}

function base64UrlJson(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInputError("the link's profile= is not a base64url-encoded JSON hardware profile");
  }
}

/** The query of a planner link: after `?` in the hash (`#/view?…`), or the URL's own query. */
function linkParts(link: string): { view: string | null; query: URLSearchParams } {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new InvalidInputError(`"${link.slice(0, 80)}" is not a URL; copy the link with "Copy link" in the planner`);
  }
  const hash = url.hash.replace(/^#\/?/, '');
  const [viewPart = '', hashQuery = ''] = hash.split('?', 2);
  return { view: viewPart || null, query: new URLSearchParams(hashQuery || url.search) };
}

/** Reads a planner link into the estimate input it describes; a bad field is a one-line InvalidInputError. */
export function parsePlanUrl(link: string): PlanLink {
  const { view, query } = linkParts(link);
  const raw: Record<string, unknown> = {};
  const take = (name: string) => query.get(name) ?? undefined;
  const model = take('model');
  if (model !== undefined) raw.model = model;
  const precision = take('precision');
  if (precision !== undefined) raw.precision = precision;
  for (const [name, field] of Object.entries(NUMBER_FIELDS)) {
    const text = take(name);
    if (text !== undefined) raw[field] = numberField(name, text);
  }
  const kv = take('kv');
  if (kv !== undefined) raw.kvCacheType = kv;
  const runtime = take('runtime');
  if (runtime !== undefined && runtime !== 'auto') raw.runtime = runtime;
  const fa = take('fa');
  if (fa !== undefined) {
    if (fa !== '0' && fa !== '1') throw new InvalidInputError(`the link's fa=${fa} must be 0 or 1 (flash attention off or on)`);
    raw.flashAttention = fa === '1';
  }
  const split = take('split');
  if (split !== undefined) raw.splitMode = split;
  const placement = take('placement');
  if (placement !== undefined) raw.placement = placement;

  const profile = take('profile');
  const machine: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(HARDWARE_NUMBERS)) {
    const text = take(name);
    if (text !== undefined) machine[field] = numberField(name, text);
  }
  for (const name of ['memory', 'interconnect'] as const) {
    const text = take(name);
    if (text !== undefined) machine[name] = text;
  }
  const gpu = take('gpu');
  if (profile !== undefined) raw.hardware = { profile: base64UrlJson(profile) };
  else if (gpu !== undefined) raw.hardware = { whatIf: { gpu, ...machine } };
  else {
    if (machine.gpus !== undefined) throw new InvalidInputError("the link's gpus= needs gpu= (which GPU to repeat)");
    raw.hardware = { detected: true, ...machine };
  }

  // The router's own schema decides what is valid; a placeholder model lets a link without one still be checked.
  const parsed = EstimateInputSchema.safeParse({ model: 'placeholder', ...raw });
  if (!parsed.success) throw new InvalidInputError(`the link does not describe a plan: ${describeIssues(parsed.error)}`);
  const { model: _placeholder, ...input } = parsed.data;
  const useCase = take('use');
  const parsedUseCase = useCase === undefined ? null : UseCaseSchema.safeParse(useCase);
  if (parsedUseCase && !parsedUseCase.success)
    throw new InvalidInputError(`the link's use=${useCase} must be one of ${UseCaseSchema.options.join(', ')}`);
  return {
    view,
    useCase: parsedUseCase?.data ?? null,
    planId: take('plan') ?? null,
    input: model !== undefined ? { ...input, model } : input,
  };
}
