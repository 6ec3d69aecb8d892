import { join } from 'node:path';
import { HardwareInputSchema } from '@weightplan/hardware';
import { z } from 'zod';
import { configDirectory } from './config-dir.js';
import { readJsonFile, updateJsonFile } from './json-file.js';
import { UserDataError } from './user-data-error.js';

/**
 * The most machines one store keeps: they live in one file that every save rewrites, and a saved profile
 * may hold a detected 72-GPU machine (about 90 KB).
 */
export const MAX_SAVED_PROFILES = 200;

export interface ProfileListing {
  profiles: SavedProfile[];
  total: number;
  /** Pass as `cursor` for the next page (the last name of this one); null on the last. */
  nextCursor: string | null;
}

/** A machine kept under a name: a what-if description or a detected profile. */
export const SavedProfileSchema = z.object({
  name: z.string().trim().min(1).max(120),
  hardware: HardwareInputSchema,
  savedAt: z.iso.datetime(),
  /** Saves of this name so far (absent in files written before stores kept it, read as 1). */
  revision: z.int().positive().optional(),
  /** Who saved it: the API caller's name, or the OS user of the CLI and the desktop app. */
  savedBy: z.string().min(1).max(120).optional(),
});

export const SavedProfilesSchema = z.object({
  schemaVersion: z.literal(1),
  profiles: z.array(SavedProfileSchema),
});

export type SavedProfile = z.infer<typeof SavedProfileSchema>;

export function profilesFile(directory = configDirectory()): string {
  return join(directory, 'profiles.json');
}

export function listProfiles(file = profilesFile()): SavedProfile[] {
  return readJsonFile(file, SavedProfilesSchema)?.profiles ?? [];
}

/** One page of saved machines in name order, after the name `cursor` (the previous page's `nextCursor`). */
export function pageProfiles(
  page: { limit?: number | undefined; cursor?: string | undefined } = {},
  file = profilesFile(),
): ProfileListing {
  const limit = page.limit ?? 50;
  const all = listProfiles(file).sort((a, b) => a.name.localeCompare(b.name));
  const cursor = page.cursor;
  const start = cursor === undefined ? 0 : all.findIndex((p) => p.name.localeCompare(cursor) > 0);
  const profiles = start < 0 ? [] : all.slice(start, start + limit);
  const end = start < 0 ? all.length : start + profiles.length;
  return { profiles, total: all.length, nextCursor: end < all.length ? (profiles.at(-1)?.name ?? null) : null };
}

/** Adds or replaces (same name, any case) a saved machine, atomically and under the file's lock. */
export function saveProfile(profile: Omit<SavedProfile, 'savedAt'>, file = profilesFile(), now = new Date()): SavedProfile {
  const entry = SavedProfileSchema.parse({ ...profile, savedAt: now.toISOString() });
  return updateJsonFile(file, SavedProfilesSchema, (current) => {
    const others = (current?.profiles ?? []).filter((p) => p.name.toLowerCase() !== entry.name.toLowerCase());
    if (others.length >= MAX_SAVED_PROFILES) {
      throw new UserDataError(file, `holds ${MAX_SAVED_PROFILES} saved machines, the most it keeps: remove some (profiles.remove) first`);
    }
    return { next: { schemaVersion: 1, profiles: [...others, entry].sort((a, b) => a.name.localeCompare(b.name)) }, result: entry };
  });
}

export function removeProfile(name: string, file = profilesFile()): boolean {
  return updateJsonFile(file, SavedProfilesSchema, (current) => {
    const profiles = current?.profiles ?? [];
    const kept = profiles.filter((p) => p.name.toLowerCase() !== name.toLowerCase());
    if (kept.length === profiles.length) return { next: undefined, result: false };
    return { next: { schemaVersion: 1, profiles: kept }, result: true };
  });
}
