import { describe, expect, it } from 'vitest';
import { closestNames, levenshteinDistance, MAX_MATCHED_NAME_CHARS, nameDistance } from './closest-names.js';
import { normalizeName } from './normalize-name.js';
import { UnknownNameError } from './unknown-name-error.js';

describe('normalizeName', () => {
  it('treats spaces, dashes, underscores and slashes alike and ignores case', () => {
    expect(normalizeName('NVIDIA GeForce RTX-4090')).toBe('nvidia geforce rtx 4090');
    expect(normalizeName('meta-llama/Meta-Llama-3-8B')).toBe('meta llama meta llama 3 8b');
    expect(normalizeName('  Q4_K_M ')).toBe('q4 k m');
  });
});

describe('levenshteinDistance', () => {
  it('counts single-character edits', () => {
    expect(levenshteinDistance('kitten', 'sitting')).toBe(3);
    expect(levenshteinDistance('', 'abc')).toBe(3);
    expect(levenshteinDistance('same', 'same')).toBe(0);
  });
});

describe('closestNames', () => {
  const gpus = [['NVIDIA GeForce RTX 4090', '4090'], ['NVIDIA GeForce RTX 4080'], ['NVIDIA H100 SXM5 80GB'], ['AMD Instinct MI300X']];

  it('ranks a name containing the query first', () => {
    expect(closestNames('rtx 4090', gpus, 2)).toEqual(['NVIDIA GeForce RTX 4090', 'NVIDIA GeForce RTX 4080']);
  });

  it('suggests the nearest spelling for a typo', () => {
    expect(closestNames('MI300', gpus, 1)).toEqual(['AMD Instinct MI300X']);
    expect(closestNames('H100 SXM', gpus, 1)).toEqual(['NVIDIA H100 SXM5 80GB']);
  });

  it('scores an exact match as zero and a contained fragment below a loose match', () => {
    expect(nameDistance('RTX 4090', 'rtx-4090')).toBe(0);
    expect(nameDistance('4090', 'RTX 4090')).toBeLessThan(nameDistance('4080 super', 'RTX 4090'));
  });
});

describe('work amplification: long unknown names', () => {
  const catalog = Array.from({ length: 200 }, (_, i) => [`publisher-${i}/Some-Model-${i}B-Instruct`, `model-${i}b`]);

  it('compares a name longer than the cap by its prefix (bounded work), and still suggests', () => {
    const query = `Some-Model-7B-Instruct${'x'.repeat(100_000)}`;
    const suggestions = closestNames(query, catalog, 3);
    // Unbounded, 100 KB against 400 spellings is about 5 s of edit distances. Only the prefix is compared: the
    // answer is the one for the name cut just past the cap, whatever follows it.
    expect(suggestions).toEqual(closestNames(query.slice(0, MAX_MATCHED_NAME_CHARS + 1), catalog, 3));
    expect(closestNames(`${query.slice(0, MAX_MATCHED_NAME_CHARS + 1)}${'q'.repeat(50_000)}`, catalog, 3)).toEqual(suggestions);
    expect(suggestions).toHaveLength(3);
    expect(nameDistance(`${'a'.repeat(MAX_MATCHED_NAME_CHARS)}b`, 'a'.repeat(MAX_MATCHED_NAME_CHARS))).toBeGreaterThan(0);
  });

  it('never echoes a huge name back in full, and still says it is unknown', () => {
    const error = new UnknownNameError('model', 'y'.repeat(100_000), ['llama-3-8b']);
    expect(error.message).toMatch(/^unknown model "y{80}\.\.\. \(100000 characters\)"; closest known: llama-3-8b$/);
  });
});
