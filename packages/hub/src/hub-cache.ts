import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { type HubLookup, HubLookupSchema } from './hub-lookup.js';

const CACHE_VERSION = 1;
const CacheFileSchema = z.object({ version: z.literal(CACHE_VERSION), savedAt: z.string(), lookup: z.unknown() });

const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
function isFileTensor(t: unknown): boolean {
  const { name, shape, elements, type, bytes } = (t ?? {}) as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    typeof type === 'string' &&
    isCount(elements) &&
    isCount(bytes) &&
    Array.isArray(shape) &&
    shape.every(isCount)
  );
}

/**
 * Parses a cached look-up. The exact tensor list (hundreds to tens of thousands of entries) is checked by a
 * plain loop and the rest by the schema: zod spends 40-250 ms on such a list, and a cached answer has 50 ms.
 */
export function parseCachedLookup(value: unknown): HubLookup | undefined {
  const storage = (value as { inspect?: { precision?: { storage?: { kind?: unknown; tensors?: unknown } } } } | null)?.inspect?.precision
    ?.storage;
  const tensors = storage?.kind === 'file' && Array.isArray(storage.tensors) ? storage.tensors : undefined;
  if (tensors) {
    if (!tensors.every(isFileTensor)) return undefined;
    storage!.tensors = [];
  }
  const parsed = HubLookupSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const parsedStorage = parsed.data.kind === 'model' ? parsed.data.inspect.precision?.storage : undefined;
  if (tensors && parsedStorage?.kind === 'file') parsedStorage.tensors = tensors as typeof parsedStorage.tensors;
  return parsed.data;
}

/** The user's cache directory for Hub look-ups (~/.cache/weightplan/hub on Linux, the platform's equivalent elsewhere). */
export function defaultHubCacheDir(): string {
  return join(envPaths('weightplan', { suffix: '' }).cache, 'hub');
}

// File names: "org--name@sha.json", "org--name@sha#Q4_K_M.json"; repo names never hold "--" (the Hub forbids it).
const repoPrefix = (repo: string) => `${repo.toLowerCase().replace('/', '--')}@`;
const fileName = (repo: string, sha: string, quant: string | null) =>
  `${repoPrefix(repo)}${sha}${quant ? `#${quant.toUpperCase()}` : ''}.json`;

/** Where look-ups are kept: this folder cache, or a shared store's (a database behind several server replicas). */
export interface HubLookupCache {
  /** Where it is, for messages ("could not write the Hub cache in ..."). */
  readonly directory: string;
  get(repo: string, sha: string, quant: string | null): Promise<HubLookup | undefined>;
  latest(repo: string, quant: string | null): Promise<HubLookup | undefined>;
  put(lookup: HubLookup, askedQuant: string | null): Promise<void>;
}

/**
 * Look-ups cached as JSON files keyed by repository, commit sha and quantisation: a commit never changes,
 * so an entry is valid forever. Written atomically (temporary file, fsync, rename); an unreadable or
 * outdated entry is a miss, never an error.
 */
export class HubCache implements HubLookupCache {
  constructor(readonly directory: string) {}

  async get(repo: string, sha: string, quant: string | null): Promise<HubLookup | undefined> {
    return this.readEntry(join(this.directory, fileName(repo, sha, quant)));
  }

  /** The most recently saved entry for a repository (and quantisation), whatever its commit: the offline answer. */
  async latest(repo: string, quant: string | null): Promise<HubLookup | undefined> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch {
      return undefined;
    }
    const suffix = quant ? `#${quant.toUpperCase()}.json` : '.json';
    const candidates = names.filter((n) => n.startsWith(repoPrefix(repo)) && n.endsWith(suffix) && (quant !== null || !n.includes('#')));
    let best: { lookup: HubLookup; savedAt: string } | undefined;
    for (const name of candidates) {
      const entry = await this.readFile(join(this.directory, name));
      if (entry && (!best || entry.savedAt > best.savedAt)) best = entry;
    }
    return best?.lookup;
  }

  /** Saves a look-up under the quantisation that was asked for (null: none, even when the repository's only one was read). */
  async put(lookup: HubLookup, askedQuant: string | null): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const target = join(this.directory, fileName(lookup.repo, lookup.sha, askedQuant));
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const content = JSON.stringify({ version: CACHE_VERSION, savedAt: new Date().toISOString(), lookup });
    const handle = await open(temporary, 'w', 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  private async readEntry(file: string): Promise<HubLookup | undefined> {
    return (await this.readFile(file))?.lookup;
  }

  private async readFile(file: string): Promise<{ lookup: HubLookup; savedAt: string } | undefined> {
    try {
      const parsed = CacheFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      const lookup = parsed.success ? parseCachedLookup(parsed.data.lookup) : undefined;
      return lookup && parsed.success ? { lookup, savedAt: parsed.data.savedAt } : undefined;
    } catch {
      return undefined;
    }
  }
}
