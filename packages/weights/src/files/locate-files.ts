import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { WeightFileError } from './weight-file-error.js';

export type WeightFormat = 'gguf' | 'safetensors' | 'config';

export interface LocatedFiles {
  format: WeightFormat;
  /** Weight files to read, absolute, in order (split GGUF parts, safetensors shards). */
  files: string[];
  /** config.json beside them, when there is one. */
  configFile: string | undefined;
  /** What the user pointed at, resolved. */
  root: string;
}

const SPLIT_GGUF = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;

async function realpathOrFail(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WeightFileError(
      path,
      code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'no such file or folder' : `cannot resolve (${code})`,
    );
  }
}

/**
 * Confines reads to `allowedRoots` (the server's --allow-dir): the real path, after resolving `..` and
 * every symbolic link, must lie inside one of them.
 */
export async function assertInsideRoots(path: string, allowedRoots: readonly string[] | undefined): Promise<string> {
  if (allowedRoots === undefined) return realpathOrFail(resolve(path));
  const outside = new WeightFileError(path, 'is outside the directories this server may read (--allow-dir)');
  const roots = await Promise.all(allowedRoots.map((root) => realpath(resolve(root)).catch(() => resolve(root))));
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    // Say "no such file" only inside the allowed folders, so clients cannot probe what exists elsewhere.
    if (roots.some((root) => isInside(root, resolve(path))) || allowedRoots.some((root) => isInside(resolve(root), resolve(path)))) {
      return realpathOrFail(resolve(path));
    }
    throw outside;
  }
  if (roots.some((root) => isInside(root, real))) return real;
  throw outside;
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || (!inside.startsWith('..') && !inside.startsWith(sep) && !/^[A-Za-z]:/.test(inside));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** All parts of a split GGUF ("-00001-of-00003.gguf"), checked to exist. */
async function splitParts(file: string): Promise<string[]> {
  const match = SPLIT_GGUF.exec(basename(file));
  if (!match?.[1] || !match[3]) return [file];
  const count = Number(match[3]);
  if (count < 1 || count > 10_000) throw new WeightFileError(file, `split count ${count} is not plausible`);
  const parts = Array.from({ length: count }, (_, i) =>
    join(dirname(file), `${match[1]}-${String(i + 1).padStart(5, '0')}-of-${match[3]}.gguf`),
  );
  for (const part of parts) if (!(await exists(part))) throw new WeightFileError(part, `missing part of a ${count}-part split GGUF`);
  return parts;
}

async function safetensorsIndexShards(indexFile: string, allowedRoots: readonly string[] | undefined): Promise<string[]> {
  let json: unknown;
  try {
    const text = await readFile(indexFile, 'utf8');
    if (text.length > 64 * 1024 * 1024) throw new WeightFileError(indexFile, 'index larger than 64 MB');
    json = JSON.parse(text);
  } catch (error) {
    if (error instanceof WeightFileError) throw error;
    throw new WeightFileError(indexFile, `not a valid safetensors index (${(error as Error).message.split('\n')[0]})`);
  }
  const map = (json as { weight_map?: unknown })?.weight_map;
  if (typeof map !== 'object' || map === null) throw new WeightFileError(indexFile, 'has no weight_map');
  const shards = [...new Set(Object.values(map as Record<string, unknown>).filter((v): v is string => typeof v === 'string'))].sort();
  if (shards.length === 0) throw new WeightFileError(indexFile, 'weight_map names no shard files');
  const files: string[] = [];
  for (const shard of shards) {
    if (shard.includes('/') || shard.includes('\\') || shard.startsWith('.'))
      throw new WeightFileError(indexFile, `shard name "${shard}" must be a plain file name`);
    files.push(await assertInsideRoots(join(dirname(indexFile), shard), allowedRoots));
  }
  return files;
}

/**
 * What to read for a path: a .gguf (all parts of a split set), a .safetensors file, a sharded set through
 * model.safetensors.index.json, a model folder (GGUF first, then safetensors, then config.json), or a bare
 * config.json. Folders are listed, never walked recursively, so symbolic-link loops cannot trap the reader.
 */
export async function locateWeightFiles(path: string, allowedRoots?: readonly string[]): Promise<LocatedFiles> {
  const root = await assertInsideRoots(path, allowedRoots);
  const info = await stat(root);
  const name = basename(root).toLowerCase();
  if (info.isFile()) {
    const configBeside = join(dirname(root), 'config.json');
    const configFile = (await exists(configBeside))
      ? await assertInsideRoots(configBeside, allowedRoots).catch(() => undefined)
      : undefined;
    if (name.endsWith('.gguf')) return { format: 'gguf', files: await splitParts(root), configFile: undefined, root };
    if (name.endsWith('.safetensors.index.json'))
      return { format: 'safetensors', files: await safetensorsIndexShards(root, allowedRoots), configFile, root };
    if (name.endsWith('.safetensors')) return { format: 'safetensors', files: [root], configFile, root };
    if (name.endsWith('.json')) return { format: 'config', files: [], configFile: root, root };
    throw new WeightFileError(root, 'is not a .gguf, .safetensors, model.safetensors.index.json or config.json');
  }
  if (!info.isDirectory()) throw new WeightFileError(root, 'is neither a file nor a folder');
  const entries = (await readdir(root)).sort();
  const ggufs = entries.filter((e) => e.toLowerCase().endsWith('.gguf') && !/mmproj/i.test(e));
  const firstParts = ggufs.filter((e) => !SPLIT_GGUF.test(e) || /-00001-of-/i.test(e));
  if (firstParts.length > 1) throw new WeightFileError(root, `holds several GGUF models (${firstParts.slice(0, 4).join(', ')}): name one`);
  if (firstParts[0]) return locateWeightFiles(join(root, firstParts[0]), allowedRoots);
  if (entries.includes('model.safetensors.index.json')) return locateWeightFiles(join(root, 'model.safetensors.index.json'), allowedRoots);
  const shards = entries.filter((e) => e.toLowerCase().endsWith('.safetensors'));
  const configFile = entries.includes('config.json') ? await assertInsideRoots(join(root, 'config.json'), allowedRoots) : undefined;
  if (shards.length > 0) {
    const files: string[] = [];
    for (const shard of shards) files.push(await assertInsideRoots(join(root, shard), allowedRoots));
    return { format: 'safetensors', files, configFile, root };
  }
  if (configFile) return { format: 'config', files: [], configFile, root };
  throw new WeightFileError(root, 'holds no .gguf, .safetensors or config.json');
}
