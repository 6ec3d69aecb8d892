import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { HubError } from './hub-error.js';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
/** The Hub answers metadata in well under a second; five seconds without an answer means it is not coming. */
export const DEFAULT_HUB_TIMEOUT_MS = 5_000;

export const HubOptionsSchema = z.object({
  /** The Hub's base URL (HF_ENDPOINT): https://huggingface.co, a mirror, or a local stand-in. */
  endpoint: z
    .url({ protocol: /^https?$/, error: 'endpoint must be an http(s) URL such as https://huggingface.co' })
    .default(DEFAULT_HUB_ENDPOINT)
    .transform((url) => url.replace(/\/+$/, '')),
  /** Access token (HF_TOKEN) for gated and private repositories; sent only to the endpoint's own host. */
  token: z.string().min(1).optional(),
  /** Branch, tag or commit sha to read; a 40-hex sha makes a cached look-up need no network at all. */
  revision: z
    .string()
    .regex(/^[\w.\-/]{1,200}$/, 'revision must be a branch, tag or commit sha')
    .refine((r) => !r.split('/').includes('..'), 'revision must not contain ".."')
    .default('main'),
  /** Where looked-up results are kept; null turns the cache off; undefined uses the user's cache dir. */
  cacheDir: z.string().min(1).nullable().optional(),
  /** Per-request limit: connect, headers and body together. */
  timeoutMs: z.number().int().positive().max(600_000).default(DEFAULT_HUB_TIMEOUT_MS),
  /** Answer from the cache only (HF_HUB_OFFLINE=1). */
  offline: z.boolean().default(false),
});
export type HubOptionsInput = z.input<typeof HubOptionsSchema>;
export type HubOptions = z.output<typeof HubOptionsSchema>;

export function parseHubOptions(input: HubOptionsInput = {}): HubOptions {
  const parsed = HubOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HubError('invalid-reference', `Hub options: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * The Hub settings the huggingface_hub tools read from the environment: HF_ENDPOINT, HF_TOKEN or the token
 * file `huggingface-cli login` writes ($HF_HOME/token, ~/.cache/huggingface/token by default), and
 * HF_HUB_OFFLINE. The only place this package reads the environment, so tests pass options instead.
 */
export function hubOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): HubOptionsInput {
  const options: HubOptionsInput = {};
  if (env.HF_ENDPOINT) options.endpoint = env.HF_ENDPOINT;
  const token = env.HF_TOKEN?.trim() || readTokenFile(join(env.HF_HOME || join(home, '.cache', 'huggingface'), 'token'));
  if (token) options.token = token;
  if (env.HF_HUB_OFFLINE && !['0', 'false', ''].includes(env.HF_HUB_OFFLINE.toLowerCase())) options.offline = true;
  return options;
}

function readTokenFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
