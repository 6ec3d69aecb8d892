import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/**
 * The most plans one store keeps. Far beyond what a person or a team curates by hand, it bounds the disk a
 * client of the API can fill and the work of listing (14,000 plans once made an unpaginated list 218 MB).
 */
export const MAX_SAVED_PLANS = 10_000;

/**
 * The largest plan file, as written (indented JSON). A plan holding a detected 72-GPU profile is about
 * 90 KB and notes add at most 20,000 characters; anything larger is not a plan someone wrote.
 */
export const MAX_PLAN_BYTES = 128 * 1024;

/** Plans per page of `listPlans`: 50 unless asked, at most 200. */
export const DEFAULT_PLAN_PAGE = 50;
export const MAX_PLAN_PAGE = 200;

/** A page stops early once its files pass this many bytes, so 200 large plans never make one huge answer. */
const PAGE_BYTES_BUDGET = 4 * 1024 * 1024;

/** The store holds `MAX_SAVED_PLANS` already. */
export class PlanStoreFullError extends UserDataError {
  constructor(directory: string) {
    super(
      directory,
      `holds ${MAX_SAVED_PLANS.toLocaleString('en-US')} plans, the most a store keeps: delete some (plans.remove) before saving more`,
    );
  }
}

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
  /**
   * How many times this plan has been saved (1 for a new one; absent in files written before stores kept
   * it, read as 1). A save that names the revision it read fails when the plan has moved on since.
   */
  revision: z.int().positive().optional(),
  /** Who saved this revision: the API caller's name, or the OS user of the CLI and the desktop app. */
  savedBy: z.string().min(1).max(120).optional(),
});

/** What a caller gives to save a plan: the store sets the id (for a new plan), version, times, revision and author. */
export const PlanDraftSchema = PlanSchema.omit({
  schemaVersion: true,
  id: true,
  createdAt: true,
  updatedAt: true,
  revision: true,
  savedBy: true,
}).extend({
  id: PlanIdSchema.optional(),
});

export type Plan = z.infer<typeof PlanSchema>;
export type PlanDraft = z.input<typeof PlanDraftSchema>;
export type PlanSnapshot = z.infer<typeof PlanSnapshotSchema>;

export interface PlanListing {
  plans: Plan[];
  /** Plan files that could not be read, left untouched: file name and what is wrong (first page only). */
  damaged: { file: string; reason: string }[];
  /** Readable plans in the store, on every page. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

export interface PlanPage {
  /** Plans per page, 1 to 200; default 50. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page; absent for the first. */
  cursor?: string | undefined;
}

/** What ordering needs of a plan file, cached by name, modification time and size. */
interface PlanFileSummary {
  ino: number;
  mtimeMs: number;
  bytes: number;
  key: PlanKey | undefined;
  damaged: string | undefined;
}

/** Sort key: most recently changed first, then by name, then id (unique). */
type PlanKey = [updatedAt: string, name: string, id: string];

function compareKeys(a: PlanKey, b: PlanKey): number {
  return b[0].localeCompare(a[0]) || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]);
}

function encodeCursor(key: PlanKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const CursorSchema = z.tuple([z.string().max(64), z.string().max(200), z.string().max(80)]);

function decodeCursor(cursor: string): PlanKey {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new UserDataError('cursor', 'is not a nextCursor that plans.list returned; omit it for the first page');
  }
}

/**
 * Per directory, what each plan file sorts by. Listing a page reads every file once, then only files whose
 * modification time or size changed: a store of 10,000 plans pages in a stat per file, not a parse.
 */
const summaries = new Map<string, Map<string, PlanFileSummary>>();

function planFileNames(directory: string): string[] {
  try {
    return readdirSync(directory).filter((name) => name.endsWith(PLAN_FILE_SUFFIX));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserDataError(directory, `cannot list (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function summarise(directory: string, names: readonly string[]): Map<string, PlanFileSummary> {
  const previous = summaries.get(directory) ?? new Map<string, PlanFileSummary>();
  const current = new Map<string, PlanFileSummary>();
  for (const name of names) {
    const file = join(directory, name);
    let info: { ino: number; mtimeMs: number; size: number };
    try {
      info = statSync(file);
    } catch {
      continue; // removed while listing
    }
    const known = previous.get(name);
    if (known && known.ino === info.ino && known.mtimeMs === info.mtimeMs && known.bytes === info.size) {
      current.set(name, known);
      continue;
    }
    try {
      const plan = readJsonFile(file, PlanSchema);
      if (!plan) continue;
      const key: PlanKey = [plan.updatedAt, plan.name, plan.id];
      current.set(name, { ino: info.ino, mtimeMs: info.mtimeMs, bytes: info.size, key, damaged: undefined });
    } catch (error) {
      current.set(name, { ino: info.ino, mtimeMs: info.mtimeMs, bytes: info.size, key: undefined, damaged: (error as Error).message });
    }
  }
  summaries.set(directory, current);
  return current;
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

/**
 * One page of saved plans, most recently changed first. A damaged file is listed as such (on the first
 * page) and never overwritten. Pages follow a cursor, the last plan's sort key, so plans saved between
 * two pages neither repeat nor push others off.
 */
export function listPlans(directory = plansDirectory(), page: PlanPage = {}): PlanListing {
  const limit = page.limit ?? DEFAULT_PLAN_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PLAN_PAGE) {
    throw new UserDataError('limit', `must be a whole number from 1 to ${MAX_PLAN_PAGE}`);
  }
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const files = [...summarise(directory, planFileNames(directory)).entries()];
  const readable = files
    .flatMap(([name, summary]) => (summary.key ? [{ name, key: summary.key, bytes: summary.bytes }] : []))
    .sort((a, b) => compareKeys(a.key, b.key));
  const start = after ? readable.findIndex((entry) => compareKeys(entry.key, after) > 0) : 0;
  const plans: Plan[] = [];
  let bytes = 0;
  let index = start < 0 ? readable.length : start;
  for (; index < readable.length && plans.length < limit && (plans.length === 0 || bytes < PAGE_BYTES_BUDGET); index++) {
    const entry = readable[index];
    if (!entry) break;
    let plan: Plan | undefined;
    try {
      plan = readJsonFile(join(directory, entry.name), PlanSchema);
    } catch {
      continue; // damaged since it was summarised: the next listing reports it
    }
    if (!plan) continue;
    plans.push(plan);
    bytes += entry.bytes;
  }
  const last = plans.at(-1);
  const damaged = after
    ? []
    : files.flatMap(([file, summary]) => (summary.damaged ? [{ file, reason: summary.damaged }] : [])).slice(0, MAX_PLAN_PAGE);
  return {
    plans,
    damaged,
    total: readable.length,
    nextCursor: index < readable.length && last ? encodeCursor([last.updatedAt, last.name, last.id]) : null,
  };
}

/** Refuses a new plan when the store is full, and a plan larger than a plan can reasonably be. */
function checkCapacity(plan: Plan, directory: string): void {
  const bytes = Buffer.byteLength(`${JSON.stringify(plan, null, 2)}\n`);
  if (bytes > MAX_PLAN_BYTES) {
    throw new UserDataError(
      'plan',
      `is ${Math.ceil(bytes / 1024)} KB: a saved plan may be at most ${MAX_PLAN_BYTES / 1024} KB (notes at most 20,000 characters)`,
    );
  }
  if (!existsSync(planFile(plan.id, directory)) && planFileNames(directory).length >= MAX_SAVED_PLANS) {
    throw new PlanStoreFullError(directory);
  }
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
  checkCapacity(plan, directory);
  writeJsonFile(planFile(plan.id, directory), plan);
  return plan;
}

/** Keeps a plan exactly as given (one opened from a file): same id, same times, same snapshot. */
export function storePlan(plan: Plan, directory = plansDirectory()): Plan {
  const parsed = PlanSchema.parse(plan);
  checkCapacity(parsed, directory);
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
