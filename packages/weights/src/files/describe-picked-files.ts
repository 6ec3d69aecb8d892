import { type GgufHeader, type GgufValue, parseGgufHeader } from './gguf-header.js';
import {
  type GgufFileDescription,
  HEADER_DESCRIPTION_LIMITS,
  type HeaderDescription,
  type MetadataValueDescription,
  type SafetensorsFileDescription,
  type TensorDescription,
} from './header-description.js';
import { type PickedFile, pickedFileSource, readPickedText } from './picked-file-source.js';
import { parseSafetensorsHeader } from './safetensors-header.js';
import { WeightFileError } from './weight-file-error.js';

const MiB = 1024 * 1024;

/**
 * How much of a picked file the browser reads. A real GGUF header is a few MB (the tokenizer arrays: 262k
 * tokens for Gemma 3 take about 7 MB), a safetensors header under 1 MB per shard; 64 MiB is far above both,
 * and far below the weights.
 */
export const PICKED_HEADER_MAX_BYTES = 64 * MiB;
/** An index file maps every tensor to its shard: DeepSeek-V3's is about 9 MB. */
const INDEX_MAX_BYTES = 64 * MiB;

const SPLIT_GGUF = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;
const ACCEPTED = 'pick a .gguf (every part of a split one), .safetensors files with their config.json, or a config.json';

const L = HEADER_DESCRIPTION_LIMITS;

function tensorOf(file: string, name: string, type: string, shape: number[]): TensorDescription {
  if (name.length > L.maxNameCharacters)
    throw new WeightFileError(file, `a tensor name of ${name.length} characters (at most ${L.maxNameCharacters} are accepted)`);
  return { name, type, shape };
}

function scalarOf(value: GgufValue): MetadataValueDescription | undefined {
  if (typeof value === 'string') return value.slice(0, L.maxMetadataStringCharacters);
  // JSON carries neither NaN nor infinities: they travel by name, so the router refuses them as a path read does.
  if (typeof value === 'number') return Number.isFinite(value) ? value : { nonFinite: String(value) as 'NaN' | 'Infinity' | '-Infinity' };
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return { bigint: value.toString() };
  return undefined;
}

function describedValue(value: GgufValue): MetadataValueDescription {
  if (Array.isArray(value)) {
    const items = value.map(scalarOf);
    // Arrays of arrays: no figure reads them; their length is kept.
    if (items.some((item) => item === undefined)) return { arrayLength: value.length, itemType: 9 };
    return items as MetadataValueDescription;
  }
  return scalarOf(value) ?? (value as { arrayLength: number; itemType: number });
}

/**
 * The metadata a description needs: general.* scalars (name, license, file type), every <arch>.* entry (the
 * architecture), and the vocabulary's length from tokenizer.ggml.tokens. Tokenizer arrays, merges and chat
 * templates (most of a header's bytes) stay behind.
 */
function keptMetadata(header: GgufHeader): Record<string, MetadataValueDescription> {
  const architecture = header.metadata.get('general.architecture');
  const kept = new Map<string, MetadataValueDescription>();
  for (const [key, value] of header.metadata) {
    let described: MetadataValueDescription | undefined;
    if (key === 'tokenizer.ggml.tokens')
      described = Array.isArray(value) ? { arrayLength: value.length, itemType: 8 } : describedValue(value);
    else if (key.startsWith('general.')) described = Array.isArray(value) ? undefined : scalarOf(value);
    else if (typeof architecture === 'string' && key.startsWith(`${architecture}.`)) described = describedValue(value);
    if (described === undefined) continue;
    if (key.length > L.maxMetadataKeyCharacters) continue;
    if (kept.size >= L.maxMetadataEntries)
      throw new WeightFileError(header.file, `more than ${L.maxMetadataEntries} general.* and ${String(architecture)}.* metadata entries`);
    kept.set(key, described);
  }
  // fromEntries, not assignment: a key named "__proto__" stays a key.
  return Object.fromEntries(kept);
}

async function describeGguf(file: PickedFile): Promise<GgufFileDescription> {
  const header = await parseGgufHeader(pickedFileSource(file, PICKED_HEADER_MAX_BYTES + MiB), { maxHeaderBytes: PICKED_HEADER_MAX_BYTES });
  return {
    name: file.name,
    bytes: file.size,
    version: header.version,
    headerBytes: header.headerBytes,
    metadata: keptMetadata(header),
    tensors: header.tensors.map((t) => tensorOf(file.name, t.name, t.type, t.shape)),
  };
}

async function describeSafetensors(file: PickedFile): Promise<SafetensorsFileDescription> {
  const header = await parseSafetensorsHeader(pickedFileSource(file, PICKED_HEADER_MAX_BYTES + MiB), {
    maxHeaderBytes: PICKED_HEADER_MAX_BYTES,
  });
  return {
    name: file.name,
    bytes: file.size,
    headerBytes: header.headerBytes,
    tensors: header.tensors.map((t) => tensorOf(file.name, t.name, t.dtype, t.shape)),
  };
}

/** Every part of a split GGUF, in order, from what was picked: part 1 holds the metadata, each part its tensors. */
function ggufParts(picked: readonly PickedFile[]): PickedFile[] {
  const models = picked.filter((f) => f.name.toLowerCase().endsWith('.gguf') && !/mmproj/i.test(f.name));
  const firsts = models.filter((f) => !SPLIT_GGUF.test(f.name) || /-00001-of-/i.test(f.name));
  if (firsts.length > 1)
    throw new WeightFileError(
      firsts[0]?.name ?? 'GGUF',
      `is one of several GGUF models picked (${firsts
        .slice(0, 4)
        .map((f) => f.name)
        .join(', ')}): pick one`,
    );
  const first = firsts[0];
  if (!first) {
    const part = models[0] as PickedFile;
    const [, , index, count] = SPLIT_GGUF.exec(part.name) ?? [];
    throw new WeightFileError(
      part.name,
      `is part ${Number(index)} of a ${Number(count)}-part split GGUF: pick every part, part 1 included`,
    );
  }
  const match = SPLIT_GGUF.exec(first.name);
  if (!match?.[1] || !match[3]) return [first];
  const count = Number(match[3]);
  if (count < 1 || count > L.maxFiles) throw new WeightFileError(first.name, `split count ${count} is not plausible`);
  const byName = new Map(models.map((f) => [f.name, f]));
  return Array.from({ length: count }, (_, i) => {
    const name = `${match[1]}-${String(i + 1).padStart(5, '0')}-of-${match[3]}.gguf`;
    const part = byName.get(name);
    if (!part) throw new WeightFileError(name, `missing part of a ${count}-part split GGUF: pick all ${count} parts together`);
    return part;
  });
}

/** The shards an index names, every one among the picked files. */
async function indexedShards(index: PickedFile, picked: readonly PickedFile[]): Promise<PickedFile[]> {
  const text = await readPickedText(index, INDEX_MAX_BYTES, 'the index');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeightFileError(index.name, `not a valid safetensors index (${(error as Error).message.split('\n')[0]})`);
  }
  const map = (json as { weight_map?: unknown })?.weight_map;
  if (typeof map !== 'object' || map === null) throw new WeightFileError(index.name, 'has no weight_map');
  const names = [...new Set(Object.values(map as Record<string, unknown>).filter((v): v is string => typeof v === 'string'))].sort();
  if (names.length === 0) throw new WeightFileError(index.name, 'weight_map names no shard files');
  const byName = new Map(picked.map((f) => [f.name, f]));
  return names.map((name) => {
    const shard = byName.get(name);
    if (!shard) throw new WeightFileError(name, `shard named by ${index.name} was not picked: pick all ${names.length} shards with it`);
    return shard;
  });
}

/**
 * Reads the headers of the files a user picked in a browser and describes them compactly for the router's
 * `inspectHeader`: a .gguf (every part of a split one), .safetensors files (one, several, or those a
 * model.safetensors.index.json names) with their config.json, or a config.json alone. Only headers are read,
 * through `Blob.slice`, at most `PICKED_HEADER_MAX_BYTES` (plus one read-ahead chunk) per file; whatever is
 * wrong is the readers' one-line `WeightFileError`.
 */
export async function describePickedFiles(picked: readonly PickedFile[]): Promise<HeaderDescription> {
  if (picked.length === 0) throw new WeightFileError('no file', ACCEPTED);
  if (picked.length > L.maxFiles) throw new WeightFileError(`${picked.length} files`, `at most ${L.maxFiles} files are read at once`);
  const lower = (f: PickedFile) => f.name.toLowerCase();
  if (picked.some((f) => lower(f).endsWith('.gguf'))) {
    const parts = ggufParts(picked);
    const files: GgufFileDescription[] = [];
    for (const part of parts) files.push(await describeGguf(part));
    return { format: 'gguf', name: parts[0]?.name ?? 'GGUF', files };
  }
  const index = picked.find((f) => lower(f).endsWith('.safetensors.index.json'));
  const shards = index ? await indexedShards(index, picked) : picked.filter((f) => lower(f).endsWith('.safetensors'));
  const jsons = picked.filter((f) => lower(f).endsWith('.json') && f !== index);
  const config = jsons.find((f) => f.name === 'config.json') ?? (jsons.length === 1 ? jsons[0] : undefined);
  if (shards.length > 0) {
    const name = index?.name ?? shards.map((f) => f.name).sort()[0] ?? 'safetensors';
    if (!config)
      throw new WeightFileError(name, 'needs a config.json beside the safetensors files to know the architecture: pick it with them');
    const configJson = await readPickedText(config, L.maxConfigCharacters, 'config.json');
    const files: SafetensorsFileDescription[] = [];
    for (const shard of [...shards].sort((a, b) => (a.name < b.name ? -1 : 1))) files.push(await describeSafetensors(shard));
    return { format: 'safetensors', name, configName: config.name, configJson, files };
  }
  if (config) {
    const configJson = await readPickedText(config, L.maxConfigCharacters, 'config.json');
    return { format: 'config', name: config.name, configName: config.name, configJson };
  }
  throw new WeightFileError(
    picked[0]?.name ?? 'file',
    `is not a .gguf, .safetensors, model.safetensors.index.json or config.json: ${ACCEPTED}`,
  );
}
