import { join } from 'node:path';
import { OpenModelSpecSchema, PrecisionSchema } from '@weightplan/weights';
import { z } from 'zod';
import { configDirectory } from './config-dir.js';
import { readJsonFile, updateJsonFile } from './json-file.js';

export const ImportedModelSchema = z.object({
  spec: OpenModelSpecSchema,
  /** The file's exact tensors, so estimates use its real bytes; null for a config.json import. */
  precision: PrecisionSchema.nullable(),
  importedAt: z.iso.datetime(),
  /** Who imported it: the API caller's name, or the OS user of the CLI and the desktop app. */
  importedBy: z.string().min(1).max(120).optional(),
});

export const UserCatalogSchema = z.object({
  schemaVersion: z.literal(1),
  models: z.array(ImportedModelSchema),
});

export type ImportedModel = z.infer<typeof ImportedModelSchema>;
export type UserCatalog = z.infer<typeof UserCatalogSchema>;

let writesInThisProcess = 0;

/** Catalog writes made by this process: lets readers drop their cache at once instead of on the next stat. */
export function userCatalogWriteCount(): number {
  return writesInThisProcess;
}

export function userCatalogFile(directory = configDirectory()): string {
  return join(directory, 'models.json');
}

/** The user's imported models (empty when none were added). */
export function loadUserCatalog(file = userCatalogFile()): UserCatalog {
  return readJsonFile(file, UserCatalogSchema) ?? { schemaVersion: 1, models: [] };
}

/**
 * Adds or replaces (same id) an imported model and writes the catalog atomically, under the file's lock
 * so concurrent imports by several processes all land. Returns the catalog as saved.
 */
export function addToUserCatalog(model: Omit<ImportedModel, 'importedAt'>, file = userCatalogFile(), now = new Date()): UserCatalog {
  const entry = ImportedModelSchema.parse({ ...model, importedAt: now.toISOString() });
  const next = updateJsonFile(file, UserCatalogSchema, (current) => {
    const models = [...(current?.models ?? []).filter((m) => m.spec.id.toLowerCase() !== entry.spec.id.toLowerCase()), entry];
    const catalog: UserCatalog = { schemaVersion: 1, models };
    return { next: catalog, result: catalog };
  });
  writesInThisProcess += 1;
  return next;
}

/** Removes an imported model by id; returns whether one was removed. */
export function removeFromUserCatalog(id: string, file = userCatalogFile()): boolean {
  const removed = updateJsonFile(file, UserCatalogSchema, (current) => {
    const all = current?.models ?? [];
    const models = all.filter((m) => m.spec.id.toLowerCase() !== id.toLowerCase());
    if (models.length === all.length) return { next: undefined, result: false };
    return { next: { schemaVersion: 1, models }, result: true };
  });
  if (removed) writesInThisProcess += 1;
  return removed;
}
