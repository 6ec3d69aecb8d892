import { describe, expect, it } from 'vitest';
import { ggufQuants, pickMmproj, quantOfFileName } from './gguf-files.js';
import { HubError } from './hub-error.js';
import { parseRepoReference } from './repo-reference.js';

describe('quantOfFileName', () => {
  it.each([
    ['Qwen_Qwen3-8B-Q4_K_M.gguf', 'Q4_K_M'],
    ['qwen3-8b-q4_k_m.gguf', 'q4_k_m'],
    ['Qwen3-8B-UD-Q4_K_XL.gguf', 'UD-Q4_K_XL'],
    ['Q4_K_M/Qwen3-235B-A22B-Q4_K_M-00001-of-00003.gguf', 'Q4_K_M'],
    ['Meta-Llama-3.1-8B-Instruct-IQ4_XS.gguf', 'IQ4_XS'],
    ['gpt-oss-20b-MXFP4.gguf', 'MXFP4'],
    ['gemma-3-4b-it-BF16.gguf', 'BF16'],
    ['tinyllama-1.1b-chat-v1.0.Q8_0.gguf', 'Q8_0'],
    ['model.gguf', null],
  ])('%s -> %s', (file, quant) => {
    expect(quantOfFileName(file)).toBe(quant);
  });
});

describe('ggufQuants', () => {
  it('groups split parts, sums exact sizes, leaves mmproj files out', () => {
    const sizes = new Map([
      ['m-Q8_0-00001-of-00002.gguf', 100],
      ['m-Q8_0-00002-of-00002.gguf', 50],
      ['m-Q4_K_M.gguf', 80],
      ['mmproj-m-f16.gguf', 7],
    ]);
    expect(ggufQuants('o/m', [...sizes.keys()], sizes)).toEqual([
      { quant: 'Q4_K_M', files: ['m-Q4_K_M.gguf'], bytes: 80 },
      { quant: 'Q8_0', files: ['m-Q8_0-00001-of-00002.gguf', 'm-Q8_0-00002-of-00002.gguf'], bytes: 150 },
    ]);
  });

  it('says when a split set is incomplete', () => {
    expect(() => ggufQuants('o/m', ['m-Q8_0-00001-of-00003.gguf', 'm-Q8_0-00003-of-00003.gguf'])).toThrow(
      'o/m: the split set m-Q8_0-00001-of-00003.gguf is incomplete (2 part(s) listed)',
    );
  });

  it('picks the F16 mmproj when several are offered', () => {
    expect(pickMmproj(['mmproj-BF16.gguf', 'mmproj-F16.gguf', 'mmproj-F32.gguf', 'm-Q4_K_M.gguf'])).toBe('mmproj-F16.gguf');
    expect(pickMmproj(['mmproj-F32.gguf'])).toBe('mmproj-F32.gguf');
    expect(pickMmproj(['m-Q4_K_M.gguf'])).toBeUndefined();
  });
});

describe('parseRepoReference', () => {
  it('reads ORG/NAME and ORG/NAME:QUANT', () => {
    expect(parseRepoReference('Qwen/Qwen3-8B')).toEqual({ repo: 'Qwen/Qwen3-8B', quant: null });
    expect(parseRepoReference(' bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M ')).toEqual({ repo: 'bartowski/Qwen_Qwen3-8B-GGUF', quant: 'Q4_K_M' });
  });

  it.each(['qwen3', 'a/b/c', '/name', 'org/', 'org/-name', 'org/na--me', 'org/na..me', 'org/name:', 'org/name:Q4/K'])(
    'rejects %s in one line',
    (text) => {
      expect(() => parseRepoReference(text)).toThrow(HubError);
      expect(() => parseRepoReference(text)).toThrow(/expected/);
    },
  );
});
