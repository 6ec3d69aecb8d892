import { describe, expect, it } from 'vitest';
import { closestNames, levenshteinDistance, nameDistance } from './closest-names.js';
import { normalizeName } from './normalize-name.js';

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
