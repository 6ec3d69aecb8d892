import { existsSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { configDirectory, writeFileAtomic } from '@weightplan/api';
import { z } from 'zod';
import { readAppStateFile } from './app-state-file.js';

/** Picks remembered at most: the oldest is forgotten first (a picked file is granted again when picked again). */
export const MAX_GRANTED_PATHS = 200;

export const GrantedPathsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Oldest first. */
  paths: z.array(z.string().min(1).max(4096)).max(MAX_GRANTED_PATHS),
});

/** Where the picks are remembered: the config directory the CLI and the desktop share. */
export function grantedPathsFile(): string {
  return join(configDirectory(), 'granted-paths.json');
}

/**
 * The weight files and folders the user picked in a native dialog: the only paths a renderer may have the
 * main process read. The page can name any path it likes in `inspect`, `models.import` or an estimate's
 * model; a compromised page would use that to read the headers of any file the user can read. Passing
 * these paths as the API's allowed roots confines such reads to what the user chose on their own screen.
 *
 * With a file, the picks are remembered across restarts (written atomically): a plan that names a file the
 * user picked last week still opens. A remembered path that no longer exists is dropped at start; a damaged
 * file is replaced by the next pick (the reason goes to the log), and "Forget picked files" clears them.
 */
export class GrantedPaths {
  private readonly paths = new Set<string>();

  constructor(
    private readonly file?: string,
    private readonly warn: (message: string) => void = console.warn,
  ) {
    if (file) for (const path of this.load(file)) this.paths.add(path);
  }

  /** Records a path the user picked (a file grants that file; a folder, what lies under it). */
  grant(path: string): void {
    const resolved = resolve(path);
    // Most recent last: re-picking a path keeps it from being the next one forgotten.
    this.paths.delete(resolved);
    this.paths.add(resolved);
    while (this.paths.size > MAX_GRANTED_PATHS) this.paths.delete(this.paths.values().next().value as string);
    this.save();
  }

  /** Forgets every pick: from now on the page may read nothing until the user picks again. */
  forgetAll(): void {
    this.paths.clear();
    this.save();
  }

  /** The grants so far, as `ApiContext.allowedRoots` for one call: empty until the user picks something. */
  roots(): readonly string[] {
    return [...this.paths];
  }

  private load(file: string): string[] {
    const remembered = readAppStateFile(file, GrantedPathsFileSchema, this.warn, 'files picked before must be picked again');
    // Only what was picked (absolute, as resolve() wrote it) and is still there.
    return (remembered?.paths ?? []).filter((path) => isAbsolute(path) && existsSync(path));
  }

  private save(): void {
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileAtomic(this.file, `${JSON.stringify(GrantedPathsFileSchema.parse({ schemaVersion: 1, paths: this.roots() }), null, 2)}\n`);
    } catch (error) {
      // The grant holds for this session either way; only remembering it failed.
      this.warn(`weightplan: could not remember the picked files in ${this.file}: ${(error as Error).message}`);
    }
  }
}
