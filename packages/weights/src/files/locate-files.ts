import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { assertInsideRoots, readTextInsideRoots } from './file-fence.js';
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

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** All parts of a split GGUF ("-00001-of-00003.gguf"), checked to exist and to lie inside the allowed roots. */
async function splitParts(file: string, allowedRoots: readonly string[] | undefined): Promise<string[]> {
  const match = SPLIT_GGUF.exec(basename(file));
  if (!match?.[1] || !match[3]) return [file];
  const count = Number(match[3]);
  if (count < 1 || count > 10_000) throw new WeightFileError(file, `split count ${count} is not plausible`);
  const parts = Array.from({ length: count }, (_, i) =>
    join(dirname(file), `${match[1]}-${String(i + 1).padStart(5, '0')}-of-${match[3]}.gguf`),
  );
  const real: string[] = [];
  for (const part of parts) {
    // Parts 2..N are opened too: each passes the same fence as the first (a linked part may point anywhere).
    try {
      real.push(await assertInsideRoots(part, allowedRoots));
    } catch (error) {
      if (error instanceof WeightFileError && error.reason === 'no such file or folder')
        throw new WeightFileError(part, `missing part of a ${count}-part split GGUF`);
      throw error;
    }
  }
  return real;
}

async function safetensorsIndexShards(indexFile: string, allowedRoots: readonly string[] | undefined): Promise<string[]> {
  let json: unknown;
  const text = await readTextInsideRoots(indexFile, allowedRoots, 64 * 1024 * 1024, 'index');
  try {
    json = JSON.parse(text);
  } catch (error) {
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
    if (name.endsWith('.gguf')) return { format: 'gguf', files: await splitParts(root, allowedRoots), configFile: undefined, root };
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
