import { join } from 'node:path';
import { HardwareInputSchema } from '@weightplan/hardware';
import { z } from 'zod';
import { configDirectory } from './config-dir.js';
import { readJsonFile, updateJsonFile } from './json-file.js';

/** A machine kept under a name: a what-if description or a detected profile. */
export const SavedProfileSchema = z.object({
  name: z.string().trim().min(1).max(120),
  hardware: HardwareInputSchema,
  savedAt: z.iso.datetime(),
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

/** Adds or replaces (same name, any case) a saved machine, atomically and under the file's lock. */
export function saveProfile(profile: Omit<SavedProfile, 'savedAt'>, file = profilesFile(), now = new Date()): SavedProfile {
  const entry = SavedProfileSchema.parse({ ...profile, savedAt: now.toISOString() });
  return updateJsonFile(file, SavedProfilesSchema, (current) => {
    const others = (current?.profiles ?? []).filter((p) => p.name.toLowerCase() !== entry.name.toLowerCase());
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
