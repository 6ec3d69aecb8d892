import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * Reads one of the desktop's own state files (the window's place, the picked files). A missing file is a
 * first start; an unreadable, non-JSON or foreign one is not fatal either: the reason goes to `warn`,
 * followed by `consequence` (what the user sees instead), and the caller starts from its default. The next
 * save replaces the file.
 */
export function readAppStateFile<T>(file: string, schema: z.ZodType<T>, warn: (message: string) => void, consequence: string): T | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`weightplan: could not read ${file}: ${(error as Error).message}`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    warn(`weightplan: ${file} is not JSON; ${consequence}`);
    return null;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    warn(`weightplan: ${file}: ${issue?.path.join('.') || 'the document'}: ${issue?.message}; ${consequence}`);
    return null;
  }
  return parsed.data;
}
