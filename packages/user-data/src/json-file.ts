import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { UserDataError } from './user-data-error.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Reads a versioned JSON document; a missing file is `undefined`. A file that is not valid JSON or does not
 * match the schema is an error naming the field, and is left untouched so nothing the user had is lost.
 */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>): T | undefined {
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
