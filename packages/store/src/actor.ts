import { userInfo } from 'node:os';
import { z } from 'zod';

/** Who saved a record: printable text, 1 to 120 characters, no control characters. */
export const ActorSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

/**
 * The person behind the CLI and the desktop app: the operating system's user name (USER/USERNAME when the
 * account database cannot say, "local" when neither can).
 */
export function localActor(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.USERNAME;
  }
  const parsed = ActorSchema.safeParse(name);
  return parsed.success ? parsed.data : 'local';
}

/** The header an HTTP client names its user with; the server's API key proves the client, this names the person. */
export const ACTOR_HEADER = 'x-weightplan-user';

/**
 * The actor of an HTTP request: the `X-Weightplan-User` header when it is a valid name, else `api-key`
 * when the request proved the server's key, else `anonymous` (a loopback server without a key).
 */
export function requestActor(header: string | string[] | undefined, authenticated: boolean): string {
  const value = Array.isArray(header) ? header[0] : header;
  const parsed = ActorSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return authenticated ? 'api-key' : 'anonymous';
}
