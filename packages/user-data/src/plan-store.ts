import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FitStatusSchema, ScenarioInputSchema } from '@weightplan/estimator';
import { HardwareInputSchema } from '@weightplan/hardware';
import { z } from 'zod';
import { configDirectory } from './config-dir.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { UserDataError } from './user-data-error.js';

/** No saved plan has that id. */
export class PlanNotFoundError extends UserDataError {
  constructor(readonly id: string) {
    super(id, 'no saved plan has this id (see plans.list)');
  }
}

export const PLAN_FILE_SUFFIX = '.weightplan.json';

export const PlanIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'lower-case letters, digits and dashes, at most 80');

/** What the plan showed when it was saved, so a reopened plan can say whether the numbers have moved. */
export const PlanSnapshotSchema = z.object({
  fit: FitStatusSchema,
  totalBytes: z.number().nonnegative(),
  decodeTokensPerSecond: z.number().nullable(),
  timeToFirstTokenSeconds: z.number().nullable(),
  weightplanVersion: z.string(),
});

/** A saved scenario: which model, at which precision, on which machine, run how. */
export const PlanSchema = z.object({
  schemaVersion: z.literal(1),
  id: PlanIdSchema,
  name: z.string().trim().min(1).max(200),
  notes: z.string().max(20_000).default(''),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  model: z.string().min(1).max(4096),
  precision: z.string().min(1).max(64),
  hardware: HardwareInputSchema,
  scenario: ScenarioInputSchema,
  snapshot: PlanSnapshotSchema.optional(),
});

/** What a caller gives to save a plan: the store sets the id (for a new plan), version and times. */
export const PlanDraftSchema = PlanSchema.omit({ schemaVersion: true, id: true, createdAt: true, updatedAt: true }).extend({
  id: PlanIdSchema.optional(),
});

export type Plan = z.infer<typeof PlanSchema>;
export type PlanDraft = z.input<typeof PlanDraftSchema>;
export type PlanSnapshot = z.infer<typeof PlanSnapshotSchema>;

export interface PlanListing {
  plans: Plan[];
  /** Plan files that could not be read, left untouched: file name and what is wrong. */
  damaged: { file: string; reason: string }[];
}

export function plansDirectory(directory = configDirectory()): string {
  return join(directory, 'plans');
}

function planFile(id: string, directory: string): string {
  return join(directory, `${PlanIdSchema.parse(id)}${PLAN_FILE_SUFFIX}`);
}

function newPlanId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'plan'}-${randomBytes(4).toString('hex')}`;
}

/** Saved plans, most recently changed first. A damaged file is listed as such and never overwritten. */
export function listPlans(directory = plansDirectory()): PlanListing {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith(PLAN_FILE_SUFFIX));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { plans: [], damaged: [] };
    throw new UserDataError(directory, `cannot list (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const plans: Plan[] = [];
  const damaged: PlanListing['damaged'] = [];
  for (const name of names) {
    try {
      const plan = readJsonFile(join(directory, name), PlanSchema);
      if (plan) plans.push(plan);
    } catch (error) {
      damaged.push({ file: name, reason: (error as Error).message });
    }
  }
  plans.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.name.localeCompare(b.name));
  return { plans, damaged };
}

export function getPlan(id: string, directory = plansDirectory()): Plan {
  const plan = readJsonFile(planFile(id, directory), PlanSchema);
  if (!plan) throw new PlanNotFoundError(id);
  return plan;
}

/**
 * Saves a plan atomically (temporary file, then rename: a crash leaves the old or the new plan, never half
 * of one). A draft with the id of a saved plan replaces it and keeps its creation time.
 */
export function savePlan(draft: PlanDraft, directory = plansDirectory(), now = new Date()): Plan {
  const parsed = PlanDraftSchema.parse(draft);
  const previous = parsed.id ? readJsonFile(planFile(parsed.id, directory), PlanSchema) : undefined;
  const plan = PlanSchema.parse({
    ...parsed,
    schemaVersion: 1,
    id: parsed.id ?? newPlanId(parsed.name),
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  });
  writeJsonFile(planFile(plan.id, directory), plan);
  return plan;
}

/** Keeps a plan exactly as given (one opened from a file): same id, same times, same snapshot. */
export function storePlan(plan: Plan, directory = plansDirectory()): Plan {
  const parsed = PlanSchema.parse(plan);
  writeJsonFile(planFile(parsed.id, directory), parsed);
  return parsed;
}

export function removePlan(id: string, directory = plansDirectory()): boolean {
  const file = planFile(id, directory);
  if (!readJsonFile(file, PlanSchema)) return false;
  rmSync(file);
  return true;
}

/**
 * Reads a plan document someone sent (a `.weightplan.json` file): the schema decides, and the message
 * names the first wrong field. The plan keeps its id unless `fresh` asks for a new one.
 */
export function parsePlanDocument(text: string, options: { fresh?: boolean } = {}): Plan {
  if (text.length > 1024 * 1024) throw new UserDataError('plan', 'is larger than 1 MB: not a Weightplan plan');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserDataError('plan', 'is not JSON: a .weightplan.json file is expected');
  }
  const parsed = PlanSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserDataError(
      'plan',
      `${issue?.path.join('.') || 'document'}: ${issue?.message} (a .weightplan.json file, schemaVersion 1, is expected)`,
    );
  }
  return options.fresh ? { ...parsed.data, id: newPlanId(parsed.data.name) } : parsed.data;
}
