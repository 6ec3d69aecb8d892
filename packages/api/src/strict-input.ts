import { unknownKeysMessage } from '@weightplan/match';
import { z } from 'zod';

/**
 * A request object that refuses fields it does not know. `{"context": 32768}` silently ignored would answer
 * for the default context — a different question from the one asked — so every procedure's input (and the
 * objects nested in it) rejects unknown keys with 400, naming the key and the closest known field.
 */
export function strictInput<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined),
  });
}
