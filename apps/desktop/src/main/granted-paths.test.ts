import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GrantedPaths } from './granted-paths.js';

describe('GrantedPaths', () => {
  it('starts empty: nothing may be read until the user picks something', () => {
    expect(new GrantedPaths().roots()).toEqual([]);
  });

  it('keeps each picked path once, resolved', () => {
    const granted = new GrantedPaths();
    granted.grant('/models/a.gguf');
    granted.grant('/models/./a.gguf');
    granted.grant('/models/qwen3/');
    expect(granted.roots()).toEqual([resolve('/models/a.gguf'), resolve('/models/qwen3')]);
  });

  it('hands each call a copy, which later grants do not change', () => {
    const granted = new GrantedPaths();
    const before = granted.roots();
    granted.grant('/models/a.gguf');
    expect(before).toEqual([]);
  });
});
