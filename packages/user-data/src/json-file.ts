import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { withFileLock } from './file-lock.js';
import { UserDataError } from './user-data-error.js';
import { removeStaleTemporaryFiles, writeFileAtomic } from './write-file-atomic.js';

/**
 * Reads a versioned JSON document; a missing file is `undefined`. A file that is not valid JSON or does not
 * match the schema is an error naming the field, and is left untouched so nothing the user had is lost.
 */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>): T | undefined {
  // Opening a user file is when a crash's leftovers (.<name>.<pid>.<time>.tmp) are cleaned up.
  removeStaleTemporaryFiles(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserDataError(file, `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserDataError(file, 'is not valid JSON; fix or move it, Weightplan will not overwrite it');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserDataError(
      file,
      `${issue?.path.join('.') || 'document'}: ${issue?.message}; fix or move it, Weightplan will not overwrite it`,
    );
  }
  return parsed.data;
}

/** Writes a JSON document atomically, creating its directory. */
export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A read-modify-write of one JSON document under its lock file: `change` gets the current document
 * (undefined when absent) and returns the next one to write, or undefined to leave the file as it is, and
 * the value to return. A damaged document throws before anything is written.
 */
export function updateJsonFile<T, R>(
  file: string,
  schema: z.ZodType<T>,
  change: (current: T | undefined) => { next: unknown; result: R },
): R {
  mkdirSync(dirname(file), { recursive: true });
  return withFileLock(file, () => {
    const { next, result } = change(readJsonFile(file, schema));
    if (next !== undefined) writeJsonFile(file, next);
    return result;
  });
}
