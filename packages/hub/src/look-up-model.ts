import {
  type ByteSource,
  describeWeights,
  readGgufHeader,
  readSafetensorsHeader,
  type SpecIdentity,
  WeightFileError,
} from '@weightplan/weights/files';
import { z } from 'zod';
import { ggufQuants, isMmproj, pickMmproj } from './gguf-files.js';
import { openHubFile } from './hub-byte-source.js';
import { defaultHubCacheDir, HubCache, type HubLookupCache } from './hub-cache.js';
import { HubError } from './hub-error.js';
import type { HubLookup } from './hub-lookup.js';
import { type HubOptions, type HubOptionsInput, parseHubOptions } from './hub-options.js';
import { HubSession } from './hub-session.js';
import { parseRepoReference } from './repo-reference.js';

const SHA = /^[0-9a-f]{40}$/;

const ModelInfoSchema = z.object({
  sha: z.string().regex(SHA),
  siblings: z.array(z.object({ rfilename: z.string() })).default([]),
  cardData: z.looseObject({ license: z.union([z.string(), z.array(z.string())]).optional() }).nullish(),
});
type ModelInfo = z.infer<typeof ModelInfoSchema>;

const TreeSchema = z.array(
  z.looseObject({
    type: z.string(),
    path: z.string(),
    size: z.number().int().nonnegative(),
    lfs: z.looseObject({ size: z.number().int().nonnegative() }).optional(),
  }),
);

/** Requests any look-up may make before it knows its files: model info, tree (a page or two), config, index. */
const BASE_REQUESTS = 6;
/** Per safetensors shard: the first range, one more when the header outgrows the guess, a redirect hop each. */
const REQUESTS_PER_SHARD = 4;
/** Per GGUF file: growing chunks 1, 2, 4, 8, 16, 16... MiB cover a 64 MB header, plus redirect hops. */
const REQUESTS_PER_GGUF = 16;
/** Shard headers are read this many at a time. */
const CONCURRENT_READS = 4;
const SAFETENSORS_FIRST_BYTES = 64 * 1024;
const GGUF_FIRST_BYTES = 1024 * 1024;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * Looks up a Hugging Face repository ("ORG/NAME", or "ORG/NAME:QUANT" for a GGUF quantisation) and
 * describes it exactly as `weightplan inspect` describes a local folder: config.json and the safetensors
 * headers (or the GGUF header and the mmproj file) read with HTTP Range requests, never the weights.
 * A GGUF repository asked for without ":QUANT" answers the quantisations it offers with exact sizes.
 *
 * Results are cached per commit: a look-up pinned to a commit sha answers from the cache with no request,
 * any other asks the Hub for the commit (one small request) first. When the Hub cannot be reached the latest
 * cached answer for the repository is returned, with a warning that says so.
 */
export async function lookUpModel(reference: string, input: HubOptionsInput = {}, sharedCache?: HubLookupCache): Promise<HubLookup> {
  const started = performance.now();
  const options = parseHubOptions(input);
  const { repo, quant } = parseRepoReference(reference);
  // A host with a shared store (a database behind several replicas) passes its cache; otherwise the folder.
  const cache: HubLookupCache | undefined =
    options.cacheDir === null ? undefined : (sharedCache ?? new HubCache(options.cacheDir ?? defaultHubCacheDir()));
  const pinned = SHA.test(options.revision) ? options.revision : undefined;
  const session = new HubSession(options, repo, BASE_REQUESTS);
  const answer = (lookup: HubLookup, source: HubLookup['source'], warnings: string[] = []): HubLookup => ({
    ...lookup,
    source,
    warnings: [...lookup.warnings, ...warnings],
    fetch: {
      requests: session.requests,
      exchanges: session.exchanges.length,
      bytesRead: session.bytesRead,
      elapsedMilliseconds: performance.now() - started,
    },
  });
  const fromCache = async (reason: string): Promise<HubLookup | undefined> => {
    const cached = cache && (pinned ? await cache.get(repo, pinned, quant) : await cache.latest(repo, quant));
    return cached
      ? answer(cached, 'offline-cache', [
          `${reason}: answered from the cached look-up of commit ${cached.sha.slice(0, 12)} (${cached.fetchedAt})`,
        ])
      : undefined;
  };

  if (pinned && cache) {
    const hit = await cache.get(repo, pinned, quant);
    if (hit) return answer(hit, 'cache');
  }
  if (options.offline) {
    const cached = await fromCache('offline (HF_HUB_OFFLINE)');
    if (cached) return cached;
    throw new HubError('unreachable', `${repo}: offline (HF_HUB_OFFLINE) and no cached look-up of it`);
  }
  let info: ModelInfo;
  try {
    info = await modelInfo(session, options);
  } catch (error) {
    if (error instanceof HubError && (error.kind === 'unreachable' || error.kind === 'timeout')) {
      const cached = await fromCache(error.message);
      if (cached) return cached;
    }
    throw error;
  }
  if (cache) {
    const hit = await cache.get(repo, info.sha, quant);
    if (hit) return answer(hit, 'cache');
  }
  let lookup: HubLookup;
  try {
    lookup = await readRepository(session, options, repo, quant, info);
  } catch (error) {
    if (error instanceof WeightFileError) throw new HubError('malformed', error.message);
    if (error instanceof HubError && (error.kind === 'unreachable' || error.kind === 'timeout')) {
      const cached = await fromCache(error.message);
      if (cached) return cached;
    }
    throw error;
  }
  const fresh = answer(lookup, 'hub');
  if (cache) {
    try {
      await cache.put(fresh, quant);
    } catch (error) {
      fresh.warnings.push(`could not write the Hub cache in ${cache.directory} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return fresh;
}

async function modelInfo(session: HubSession, options: HubOptions): Promise<ModelInfo> {
  const suffix = options.revision === 'main' ? '' : `/revision/${encodeURIComponent(options.revision)}`;
  const what = `GET /api/models/${session.repo}${suffix}`;
  const parsed = ModelInfoSchema.safeParse((await session.apiJson(suffix, what)).json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HubError('malformed', `the Hub at ${options.endpoint} answered ${what} without a valid ${issue?.path.join('.') || 'body'}`);
  }
  return parsed.data;
}

async function readRepository(
  session: HubSession,
  options: HubOptions,
  repo: string,
  quant: string | null,
  info: ModelInfo,
): Promise<HubLookup> {
  const paths = info.siblings.map((s) => s.rfilename);
  const base = {
    repo,
    revision: options.revision,
    sha: info.sha,
    source: 'hub' as const,
    fetchedAt: new Date().toISOString(),
    fetch: { requests: 0, exchanges: 0, bytesRead: 0, elapsedMilliseconds: 0 },
    warnings: [] as string[],
  };
  const license = typeof info.cardData?.license === 'string' ? info.cardData.license : undefined;
  const identity = (files: number, q: string | null): SpecIdentity => ({
    id: repo,
    name: q ? `${repo.split('/')[1]} ${q}` : repo.split('/')[1],
    aliases: q ? [`${repo}:${q}`] : [],
    publisher: repo.split('/')[0],
    ...(license ? { licenseId: license } : {}),
    sourceUrl: `${options.endpoint}/${repo}/tree/${info.sha}`,
    parameterCountSource: `counted from the tensors of ${files} file(s) of ${repo} at commit ${info.sha} (${options.endpoint})`,
  });
  const safetensors = paths.filter((p) => /^[^/]+\.safetensors$/i.test(p)).sort();
  const hasGguf = paths.some((p) => p.toLowerCase().endsWith('.gguf') && !isMmproj(p));

  if (quant !== null || (safetensors.length === 0 && hasGguf)) {
    if (!hasGguf) throw new HubError('not-found', `${repo} holds no GGUF files; ask for "${repo}" without ":${quant}"`);
    const offered = ggufQuants(repo, paths);
    const chosen =
      quant === null && offered.length === 1 ? offered[0] : offered.find((q) => q.quant.toUpperCase() === quant?.toUpperCase());
    if (!chosen) {
      if (quant !== null)
        throw new HubError('not-found', `${repo} offers no ${quant}; it offers ${offered.map((q) => q.quant).join(', ')}`);
      const listed = await listQuants(session, info.sha);
      return { ...base, kind: 'quants', quant: null, ...listed };
    }
    const mmproj = pickMmproj(paths);
    session.allow(REQUESTS_PER_GGUF * (chosen.files.length + (mmproj ? 1 : 0)));
    const headers = [];
    for (const file of chosen.files) headers.push(await readGguf(session, info.sha, file));
    const multimodalHeaders = mmproj ? [await readGguf(session, info.sha, mmproj)] : [];
    const inspect = describeWeights(
      { format: 'gguf', root: `${repo}:${chosen.quant}`, headers, multimodalHeaders },
      identity(headers.length + multimodalHeaders.length, chosen.quant),
    );
    const otherMmproj = paths.filter(isMmproj).length - (mmproj ? 1 : 0);
    if (mmproj && otherMmproj > 0) inspect.warnings.push(`the repository offers ${otherMmproj + 1} mmproj files; counted ${mmproj}`);
    return { ...base, kind: 'model', quant: chosen.quant, inspect };
  }

  if (!paths.includes('config.json')) {
    if (safetensors.length > 0)
      throw new HubError('unsupported', `${repo} has safetensors files but no config.json, which says what the model is`);
    throw new HubError('unsupported', `${repo} holds no config.json, .safetensors or .gguf files: not a model Weightplan can read`);
  }
  const config = await session.fileJson(info.sha, 'config.json');
  const configFile = `${repo}/config.json`;
  if (safetensors.length === 0) {
    const inspect = describeWeights({ format: 'config', root: repo, configFile, config }, identity(0, null));
    return { ...base, kind: 'model', quant: null, inspect };
  }
  const shards = await shardFiles(session, info.sha, paths, safetensors);
  session.allow(REQUESTS_PER_SHARD * shards.length);
  const headers = await readShardHeaders(session, info.sha, shards);
  const inspect = describeWeights({ format: 'safetensors', root: repo, configFile, config, headers }, identity(shards.length, null));
  return { ...base, kind: 'model', quant: null, inspect };
}

/**
 * The shard files of a safetensors model. A complete conventional set ("model-00001-of-00005.safetensors" ...)
 * is exactly what model.safetensors.index.json maps to, so the index is read only for other layouts.
 */
async function shardFiles(session: HubSession, sha: string, paths: string[], safetensors: string[]): Promise<string[]> {
  const INDEX = 'model.safetensors.index.json';
  if (!paths.includes(INDEX)) return safetensors;
  const conventional = safetensors.filter((p) => /^model-\d{5}-of-\d{5}\.safetensors$/.test(p));
  const count = Number(/-of-(\d{5})\./.exec(conventional[0] ?? '')?.[1]);
  if (
    conventional.length > 0 &&
    conventional.length === count &&
    conventional.every((p) => p.endsWith(`-of-${String(count).padStart(5, '0')}.safetensors`))
  )
    return conventional;
  const index = await session.fileJson(sha, INDEX);
  const map = index.weight_map;
  if (typeof map !== 'object' || map === null) throw new HubError('malformed', `${session.repo}/${INDEX} has no weight_map`);
  const shards = [...new Set(Object.values(map as Record<string, unknown>).filter((v): v is string => typeof v === 'string'))].sort();
  if (shards.length === 0) throw new HubError('malformed', `${session.repo}/${INDEX} names no shard files`);
  for (const shard of shards) {
    if (shard.includes('/') || shard.includes('\\') || shard.startsWith('.'))
      throw new HubError('malformed', `${session.repo}/${INDEX}: shard name "${shard}" must be a plain file name`);
    if (!paths.includes(shard))
      throw new HubError('malformed', `${session.repo}/${INDEX} names ${shard}, which the repository does not hold`);
  }
  return shards;
}

/** Reads every shard's header; the first one's size sizes the first request for the rest. */
async function readShardHeaders(session: HubSession, sha: string, shards: string[]) {
  const read = async (path: string, firstBytes: number) => {
    const source = await openHubFile(session, sha, path, { firstBytes, maxChunkBytes: MAX_CHUNK_BYTES });
    return readAndClose(source, () => readSafetensorsHeader(source));
  };
  const first = await read(shards[0] ?? '', SAFETENSORS_FIRST_BYTES);
  const guess = Math.min(MAX_CHUNK_BYTES, Math.max(16 * 1024, Math.ceil((8 + first.headerBytes) * 1.25)));
  const rest = new Array<Awaited<ReturnType<typeof read>>>(shards.length - 1);
  let next = 1;
  const worker = async () => {
    while (next < shards.length) {
      const i = next++;
      rest[i - 1] = await read(shards[i] ?? '', guess);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, shards.length - 1) }, worker));
  return [first, ...rest];
}

async function readGguf(session: HubSession, sha: string, path: string) {
  const source = await openHubFile(session, sha, path, { firstBytes: GGUF_FIRST_BYTES, maxChunkBytes: MAX_CHUNK_BYTES });
  return readAndClose(source, () => readGgufHeader(source));
}

async function readAndClose<T>(source: ByteSource, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } finally {
    await source.close();
  }
}

/** The GGUF quantisations on offer with exact sizes, from the (paged) recursive tree listing. */
async function listQuants(session: HubSession, sha: string) {
  const sizes = new Map<string, number>();
  let page = await session.apiJson(`/tree/${sha}?recursive=true`, `GET /api/models/${session.repo}/tree/${sha}`);
  for (let pages = 1; ; pages++) {
    const parsed = TreeSchema.safeParse(page.json);
    if (!parsed.success) throw new HubError('malformed', `the Hub answered the file list of ${session.repo} in an unexpected shape`);
    for (const entry of parsed.data) if (entry.type === 'file') sizes.set(entry.path, entry.lfs?.size ?? entry.size);
    const nextUrl = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    if (!nextUrl) break;
    if (pages >= 50) throw new HubError('request-limit', `${session.repo}: the file list runs past 50 pages; stopped`);
    session.allow(1);
    page = await session.pageJson(nextUrl, `the file list of ${session.repo}`);
  }
  const paths = [...sizes.keys()];
  return {
    quants: ggufQuants(session.repo, paths, sizes),
    mmproj: paths.filter(isMmproj).map((path) => ({ path, bytes: sizes.get(path) ?? null })),
  };
}
