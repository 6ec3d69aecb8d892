import { describe, expect, it } from 'vitest';
import { escapeControlCharacters } from './terminal-text.js';

describe('escapeControlCharacters', () => {
  it('shows escape sequences instead of letting the terminal run them', () => {
    expect(escapeControlCharacters('Llama\u001b]0;pwned\u0007\u001b[2J')).toBe('Llama\\x1b]0;pwned\\x07\\x1b[2J');
  });

  it('escapes line breaks, carriage returns, backspaces, DEL and C1 controls', () => {
    expect(escapeControlCharacters('a\nb\rc\bd\u007fe\u009bf')).toBe('a\\x0ab\\x0dc\\x08d\\x7fe\\x9bf');
  });

  it('escapes bidirectional overrides that reorder what is displayed', () => {
    expect(escapeControlCharacters('model\u202egguf.exe')).toBe('model\\u202egguf.exe');
  });

  it('leaves ordinary text, including non-Latin scripts and emoji, unchanged', () => {
    const text = 'Qwen3 8B Instruct (通义千问) — Ünïcode 🦙 /models/a b.gguf';
    expect(escapeControlCharacters(text)).toBe(text);
  });
});
