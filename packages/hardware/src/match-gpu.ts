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

// Words people add or drop freely: they narrow nothing. "w" is the "w/" of CPU brand strings ("AMD RYZEN AI MAX+
// 395 w/ Radeon 8060S"); "oam" is the module form of every Instinct that has one ("AMD Instinct MI300X OAM").
const FILLER = new Set([
  'nvidia',
  'geforce',
  'amd',
  'radeon',
  'apple',
  'intel',
  'gpu',
  'igpu',
  'graphics',
  'card',
  'chip',
  'tesla',
  'with',
  'w',
  'founders',
  'edition',
  'oam',
]);
const MEMORY_HINT = /\b(\d+(?:\.\d+)?)\s*(gb|gib)\b/;
const GiB = 1024 ** 3;

/**
 * What a spelling means before tokens are compared:
 * - trademark marks go ("Intel(R) Arc(TM) A770 Graphics", "AMD Radeon™ 8060S");
 * - Unicode hyphens become "-" (apple.com writes "40‑core" with a non-breaking hyphen);
 * - the machine around a chip goes ("MacBook Pro M3 Max" is an M3 Max, and its "Pro" must not ask for an M3 Pro),
 *   and so do CPU and Neural Engine core counts ("M4 Max with 16-core CPU, 40-core GPU");
 * - a "+" inside a product name becomes the word "plus", so "Ryzen AI Max+ 395" keeps it as a word of its own and
 *   "Ryzen AI Max 395", written without it, still finds the chip;
 * - glued model numbers come apart ("RTX4090", "rx 7900xtx", "3090Ti"), a shorthand common in issue threads.
 */
function cleanName(text: string): string {
  return text
    .replace(/\((?:r|tm|c)\)|[®™©]/gi, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\b(?:macbook[\s-]+(?:pro|air)|mac[\s-]+(?:studio|mini|pro)|imac)\b/gi, ' ')
    .replace(/\b\d+[\s-]*core[\s-]+(?:cpu|neural[\s-]+engine)\b/gi, ' ')
    .replace(/\+/g, ' plus ')
    .replace(/\b(rtx|gtx|rx)(?=\d)/gi, '$1 ')
    .replace(/\b(\d{4})(xtx|xt|ti|super|gre)\b/gi, '$1 $2');
}

interface Spelling {
  spec: GpuSpec;
  normalized: string;
  tokens: Set<string>;
}

interface SpellingIndex {
  spellings: Spelling[];
  /** Cards by normalised spelling, so an exact name costs one lookup. */
  exact: Map<string, Set<GpuSpec>>;
  /** Each spec's spellings and every word of them, for names that join two spellings ("Max+ 395 (Radeon 8060S)"). */
  bySpec: Map<GpuSpec, { words: Set<string>; spellings: Spelling[] }>;
}

// Normalising ~600 spellings costs about a millisecond: do it once per spec list, not once per lookup.
const spellingCache = new WeakMap<readonly GpuSpec[], SpellingIndex>();

/** The names a spec answers to: its name, id and aliases, and for AMD the gfx target ROCm prints ("gfx1100"). */
function spellingTexts(spec: GpuSpec): string[] {
  const target = spec.computeTarget?.startsWith('gfx') ? [spec.computeTarget] : [];
  return [spec.name, spec.id, ...spec.aliases, ...target];
}

function indexOf(specs: readonly GpuSpec[]): SpellingIndex {
  let index = spellingCache.get(specs);
  if (!index) {
    const spellings = specs.flatMap((spec) =>
      spellingTexts(spec).map((text) => {
        const cleaned = cleanName(text);
        return { spec, normalized: normalizeName(cleaned), tokens: new Set(nameTokens(cleaned)) };
      }),
    );
    const bySpec: SpellingIndex['bySpec'] = new Map();
    for (const spelling of spellings) {
      const entry = bySpec.get(spelling.spec) ?? { words: new Set<string>(), spellings: [] };
      for (const token of spelling.tokens) entry.words.add(token);
      entry.spellings.push(spelling);
      bySpec.set(spelling.spec, entry);
    }
    const exact = new Map<string, Set<GpuSpec>>();
    for (const spelling of spellings) exact.set(spelling.normalized, (exact.get(spelling.normalized) ?? new Set()).add(spelling.spec));
    index = { spellings, exact, bySpec };
    spellingCache.set(specs, index);
  }
  return index;
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
  return `${spec.name} (${Math.round(spec.memoryBytes / GiB)} GiB, ${bandwidth} GB/s)`;
}

/** Words of a spelling beyond the query's, vendor words and memory sizes aside. */
function extraWords(tokens: Set<string>, words: readonly string[]): number {
  let extra = 0;
  for (const token of tokens) if (!FILLER.has(token) && !words.includes(token) && !MEMORY_HINT.test(token)) extra++;
  return extra;
}

/**
 * Matches a GPU the way people write it: "RTX 4090", "NVIDIA GeForce RTX 4090", "4090", "H100 SXM5 80GB",
 * "Apple M3 Max (40-core GPU)", "MI300X", "Apple M2 Ultra (76-core GPU, 192GB)", "Ryzen AI Max+ 395",
 * "AMD Ryzen AI Max+ 395 (Radeon 8060S)", "Intel(R) Arc(TM) B580 Graphics", "gfx1200".
 *
 * Resolution: an exact id/name/alias wins; otherwise every word of the query (vendor words aside) must
 * appear in one spelling of a card, or, failing that, across the spellings of one card (a CPU name and its
 * GPU's name together), and a memory size in the query ("80GB") picks the configuration. A name in square
 * brackets, as lspci prints it ("Aqua Vanjaram [Instinct MI300X]"), is tried alone when the whole fits nothing.
 * Among several fits the one with the fewest extra words wins ("RTX 3060" is not the "RTX 3060 Ti").
 * Apple chips with several GPU-core variants resolve to the largest variant with a warning, because the
 * variants share a name and the memory is given separately; other ties are an `AmbiguousGpuError` listing
 * the choices, because guessing between, say, A100 40GB and 80GB would make every estimate wrong.
 * Cost: one pass over the spellings (linear in the database), never pairwise.
 */
export function matchGpu(query: string, specs: readonly GpuSpec[] = GPU_SPECS): GpuMatch {
  const normalized = normalizeName(cleanName(query));
  if (normalized === '') throw new UnknownNameError('GPU', query, [], 'a GPU name such as "RTX 4090" or "H100 SXM"');
  const index = indexOf(specs);
  const { spellings, bySpec } = index;

  // An exact spelling wins when it names one card; a gfx target several cards share ("gfx1100") does not.
  const exactSpecs = index.exact.get(normalized);
  const [exact] = exactSpecs ?? [];
  if (exact && exactSpecs?.size === 1) return { spec: exact, memoryBytes: exact.memoryBytes, warnings: [] };

  const memoryHint = MEMORY_HINT.exec(normalized.replace(/(\d)\s+(gb|gib)\b/, '$1$2'));
  const memoryGib = memoryHint?.[1] ? Number(memoryHint[1]) : undefined;
  const withoutMemory = memoryHint ? normalized.replace(/(\d)\s+(gb|gib)\b/, '$1$2').replace(memoryHint[0], ' ') : normalized;
  const words = nameTokens(withoutMemory).filter((word) => !FILLER.has(word));
  if (words.length === 0) throw new UnknownNameError('GPU', query, [], 'a GPU model, not only a vendor');

  // Best spelling per spec: the one with fewest words beyond the query's.
  const candidates = new Map<GpuSpec, number>();
  for (const spelling of spellings) {
    if (!words.every((word) => spelling.tokens.has(word))) continue;
    candidates.set(spelling.spec, Math.min(extraWords(spelling.tokens, words), candidates.get(spelling.spec) ?? Number.POSITIVE_INFINITY));
  }
  if (candidates.size === 0) {
    for (const [spec, entry] of bySpec) {
      if (!words.every((word) => entry.words.has(word))) continue;
      candidates.set(spec, Math.min(...entry.spellings.map((spelling) => extraWords(spelling.tokens, words))));
    }
  }
  if (candidates.size === 0) {
    const bracketed = /\[([^\]]+)\]/.exec(query)?.[1];
    if (bracketed && bracketed.trim() !== query.trim()) return matchGpu(bracketed, specs);
  }

  let fits = [...candidates.entries()];
  if (memoryGib !== undefined && fits.length > 0) {
    // The size picks a configuration of the cards the name fits best; it never swaps in a card the name fits
    // less well ("RTX 3060 8GB" is not the 8 GB "RTX 3060 Ti"): such cards are only suggested.
    const fewest = Math.min(...fits.map(([, extra]) => extra));
    const closest = fits.filter(([, extra]) => extra === fewest);
    const withMemory = closest.filter(([spec]) => hasMemory(spec, memoryGib) !== undefined);
    if (withMemory.length === 0) {
      const sizes = [...new Set(closest.flatMap(([spec]) => memoryConfigurations(spec).map((b) => `${Math.round(b / GiB)} GiB`)))];
      const others = fits.filter(([spec]) => hasMemory(spec, memoryGib) !== undefined);
      throw new UnknownNameError(
        'GPU',
        query,
        (others.length > 0 ? others : closest).map(([spec]) => spec.name).slice(0, 5),
        `no such card with ${memoryGib} GiB; known sizes: ${sizes.join(', ')}`,
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
