import { closestNames, nameTokens, normalizeName, UnknownNameError } from '@weightplan/match';
import { minOf } from './extremes.js';
import type { GpuSpec } from './gpu-spec.js';
import { GPU_SPECS } from './spec-db/index.js';

export interface GpuMatch {
  spec: GpuSpec;
  /** The memory configuration asked for ("M2 Ultra 192GB"), else the spec's default. */
  memoryBytes: number;
  /** How an ambiguous or loose name was resolved. */
  warnings: string[];
}

/** Thrown when a name fits several cards that differ in ways that matter (memory, bandwidth). */
export class AmbiguousGpuError extends Error {
  override readonly name = 'AmbiguousGpuError';
  constructor(
    readonly query: string,
    readonly choices: readonly string[],
  ) {
    super(`GPU name "${query}" fits ${choices.length} cards: ${choices.join('; ')}. Give the full name.`);
  }
}

// Words people add or drop freely: they narrow nothing.
const FILLER = new Set(['nvidia', 'geforce', 'amd', 'radeon', 'apple', 'intel', 'gpu', 'graphics', 'card', 'tesla', 'with']);
const MEMORY_HINT = /\b(\d+(?:\.\d+)?)\s*(gb|gib)\b/;
const GiB = 1024 ** 3;

interface Spelling {
  spec: GpuSpec;
  normalized: string;
  tokens: Set<string>;
}

// Normalising ~500 spellings costs about a millisecond: do it once per spec list, not once per lookup.
const spellingCache = new WeakMap<readonly GpuSpec[], Spelling[]>();

function spellingsOf(specs: readonly GpuSpec[]): Spelling[] {
  let spellings = spellingCache.get(specs);
  if (!spellings) {
    spellings = specs.flatMap((spec) =>
      [spec.name, spec.id, ...spec.aliases].map((text) => ({ spec, normalized: normalizeName(text), tokens: new Set(nameTokens(text)) })),
    );
    spellingCache.set(specs, spellings);
  }
  return spellings;
}

/** Memory configurations of a spec in bytes, the default one first. */
function memoryConfigurations(spec: GpuSpec): number[] {
  return [spec.memoryBytes, ...(spec.memoryOptionsBytes ?? [])];
}

function hasMemory(spec: GpuSpec, gib: number): number | undefined {
  return memoryConfigurations(spec).find((bytes) => Math.abs(bytes / GiB - gib) / gib < 0.06);
}

function describe(spec: GpuSpec): string {
  const bandwidth = Math.round(spec.memoryBandwidthBytesPerSecond / 1e9);
  return `${spec.name} (${Math.round(spec.memoryBytes / GiB)} GB, ${bandwidth} GB/s)`;
}

/**
 * Matches a GPU the way people write it: "RTX 4090", "NVIDIA GeForce RTX 4090", "4090", "H100 SXM5 80GB",
 * "Apple M3 Max (40-core GPU)", "MI300X", "Apple M2 Ultra (76-core GPU, 192GB)".
 *
 * Resolution: an exact id/name/alias wins; otherwise every word of the query (vendor words aside) must
 * appear in one spelling of a card, and a memory size in the query ("80GB") picks the configuration.
 * Among several fits the one with the fewest extra words wins ("RTX 3060" is not the "RTX 3060 Ti").
 * Apple chips with several GPU-core variants resolve to the largest variant with a warning, because the
 * variants share a name and the memory is given separately; other ties are an `AmbiguousGpuError` listing
 * the choices, because guessing between, say, A100 40GB and 80GB would make every estimate wrong.
 */
export function matchGpu(query: string, specs: readonly GpuSpec[] = GPU_SPECS): GpuMatch {
  const normalized = normalizeName(query);
  if (normalized === '') throw new UnknownNameError('GPU', query, [], 'a GPU name such as "RTX 4090" or "H100 SXM"');
  const spellings = spellingsOf(specs);

  const exact = spellings.find((s) => s.normalized === normalized);
  if (exact) return { spec: exact.spec, memoryBytes: exact.spec.memoryBytes, warnings: [] };

  const memoryHint = MEMORY_HINT.exec(normalized.replace(/(\d)\s+(gb|gib)\b/, '$1$2'));
  const memoryGib = memoryHint?.[1] ? Number(memoryHint[1]) : undefined;
  const withoutMemory = memoryHint ? normalized.replace(memoryHint[0], ' ') : normalized;
  const words = nameTokens(withoutMemory).filter((word) => !FILLER.has(word));
  if (words.length === 0) throw new UnknownNameError('GPU', query, [], 'a GPU model, not only a vendor');

  // Best spelling per spec: the one with fewest words beyond the query's.
  const candidates = new Map<GpuSpec, number>();
  for (const spelling of spellings) {
    if (!words.every((word) => spelling.tokens.has(word))) continue;
    const extra = [...spelling.tokens].filter((token) => !FILLER.has(token) && !words.includes(token) && !MEMORY_HINT.test(token)).length;
    candidates.set(spelling.spec, Math.min(extra, candidates.get(spelling.spec) ?? Number.POSITIVE_INFINITY));
  }

  let fits = [...candidates.entries()];
  if (memoryGib !== undefined && fits.length > 0) {
    const withMemory = fits.filter(([spec]) => hasMemory(spec, memoryGib) !== undefined);
    if (withMemory.length === 0) {
      const sizes = [...new Set(fits.flatMap(([spec]) => memoryConfigurations(spec).map((b) => `${Math.round(b / GiB)} GB`)))];
      throw new UnknownNameError(
        'GPU',
        query,
        fits.map(([spec]) => spec.name).slice(0, 5),
        `no such card with ${memoryGib} GB; known sizes: ${sizes.join(', ')}`,
      );
    }
    fits = withMemory;
  }
  if (fits.length === 0) {
    throw new UnknownNameError(
      'GPU',
      query,
      closestNames(
        query,
        specs.map((spec) => [spec.name, ...spec.aliases]),
      ),
      '`weightplan gpus` lists the spec database',
    );
  }

  const fewestExtra = minOf(fits.map(([, extra]) => extra));
  const best = fits.filter(([, extra]) => extra === fewestExtra).map(([spec]) => spec);
  const warnings: string[] = [];
  let chosen = best[0];
  if (best.length > 1) {
    if (best.every((spec) => spec.vendor === 'apple' && spec.generation === best[0]?.generation)) {
      chosen = [...best].sort((a, b) => (b.computeUnits ?? 0) - (a.computeUnits ?? 0))[0];
      warnings.push(
        `"${query}" has ${best.length} GPU variants (${best.map((s) => `${s.computeUnits}-core`).join(', ')}); assuming ${chosen?.name}. Name the variant to change it.`,
      );
    } else {
      throw new AmbiguousGpuError(query, best.map(describe));
    }
  }
  if (!chosen) throw new UnknownNameError('GPU', query, [], 'a GPU name');
  const memoryBytes = memoryGib !== undefined ? (hasMemory(chosen, memoryGib) ?? chosen.memoryBytes) : chosen.memoryBytes;
  return { spec: chosen, memoryBytes, warnings };
}
