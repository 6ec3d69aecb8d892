import { normalizeName } from './normalize-name.js';

/**
 * The longest query that name matching compares in full. The longest name in the catalogs has 51
 * characters; the edit distance costs query x candidate steps per spelling (about 360 model spellings), so
 * a 4,096-character model name cost 0.5 s per request (100 KB: 5 s). Longer queries are compared by their
 * first 100 characters: such a name is unknown anyway, and its prefix still finds the suggestions.
 */
export const MAX_MATCHED_NAME_CHARS = 100;

/** Edit distance (insertions, deletions, substitutions), used to rank suggestions for a misspelt name. */
export function levenshteinDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Uint32Array.from({ length: b.length + 1 }, (_, index) => index);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const char = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (char === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

/** A query normalised once, for scoring against many candidates. */
interface PreparedQuery {
  normalized: string;
  words: string[];
  /** Longer than `MAX_MATCHED_NAME_CHARS`: compared by its prefix, never an exact match. */
  truncated: boolean;
}

function prepareQuery(query: string): PreparedQuery {
  const truncated = query.length > MAX_MATCHED_NAME_CHARS;
  const normalized = normalizeName(truncated ? query.slice(0, MAX_MATCHED_NAME_CHARS) : query);
  return { normalized, words: normalized.split(' ').filter(Boolean), truncated };
}

function preparedDistance(query: PreparedQuery, candidate: string): number {
  const q = query.normalized;
  const c = normalizeName(candidate.slice(0, MAX_MATCHED_NAME_CHARS));
  // A truncated query is never an exact match, even when its prefix spells a candidate.
  if (q === c) return query.truncated ? 1 : 0;
  if (c.includes(q)) return 1 + (c.length - q.length) / 100;
  const candidateWords = new Set(c.split(' '));
  const matchedWords = query.words.filter((word) => candidateWords.has(word) || c.includes(word)).length;
  const wordPenalty = query.words.length === 0 ? 1 : 1 - matchedWords / query.words.length;
  return 2 + wordPenalty * 4 + levenshteinDistance(q, c) / Math.max(q.length, c.length, 1);
}

/**
 * Scores how well `candidate` answers `query`, lower is better. A candidate that contains the query
 * (or every word of it) ranks before one that is merely a few edits away, because people type
 * fragments ("4090", "llama 3 8b") far more often than they misspell whole names.
 */
export function nameDistance(query: string, candidate: string): number {
  return preparedDistance(prepareQuery(query), candidate);
}

/**
 * The `limit` names closest to `query` among `candidates`, best first. Each candidate may carry several
 * spellings (an id and its aliases); the best spelling decides its rank and the first one is returned.
 */
export function closestNames(query: string, candidates: ReadonlyArray<readonly string[]>, limit = 5): string[] {
  const prepared = prepareQuery(query);
  return candidates
    .map((spellings) => ({
      name: spellings[0] ?? '',
      distance: spellings.reduce((best, spelling) => Math.min(best, preparedDistance(prepared, spelling)), Number.POSITIVE_INFINITY),
    }))
    .filter((entry) => entry.name !== '')
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}
