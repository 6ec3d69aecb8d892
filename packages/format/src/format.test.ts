import { describe, expect, it } from 'vitest';
import {
  formatBandwidth,
  formatBytes,
  formatCount,
  formatRate,
  formatSeconds,
  formatTokens,
  formatUsd,
  formatVolume,
  GiB,
  MiB,
} from './index.js';

describe('formatBytes: binary units, labelled as such', () => {
  it.each([
    [512 * MiB, '512 MiB'],
    [1024 ** 3, '1.00 GiB'],
    // Llama 3 8B at Q4_K_M: llama.cpp reports 4.58 GiB.
    [4_912_375_808, '4.58 GiB'],
    [45.6 * GiB, '45.6 GiB'],
    [141 * GiB, '141 GiB'],
    [1536 * GiB, '1.50 TiB'],
    [3 * 1024, '3 KiB'],
    [12, '12 B'],
    [-2 * GiB, '-2.00 GiB'],
  ])('%d bytes -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('never labels a byte count GB', () => {
    for (let exponent = 0; exponent < 45; exponent++) expect(formatBytes(2 ** exponent)).not.toMatch(/\bGB\b|\bMB\b|\bTB\b/);
  });

  it('says when there is no number', () => {
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('rates, counts, durations', () => {
  it('bandwidth in decimal GB/s as spec sheets give it', () => {
    expect(formatBandwidth(1_008e9)).toBe('1.01 TB/s');
    expect(formatBandwidth(936.2e9)).toBe('936 GB/s');
  });
  it('counts', () => {
    expect(formatCount(8_030_261_248)).toBe('8.03B');
    expect(formatCount(671_026_419_200)).toBe('671B');
    expect(formatCount(1_100_048_384)).toBe('1.10B');
    expect(formatCount(494_032_768)).toBe('494M');
  });
  it('tokens per second', () => {
    expect(formatRate(0.934)).toBe('0.93');
    expect(formatRate(42.46)).toBe('42.5');
    expect(formatRate(1234.4)).toBe('1234');
  });
  it('durations', () => {
    expect(formatSeconds(0.42)).toBe('420 ms');
    expect(formatSeconds(1.64)).toBe('1.6 s');
    expect(formatSeconds(17.2)).toBe('17 s');
    expect(formatSeconds(192)).toBe('3.2 min');
  });
  it('context lengths and volumes', () => {
    expect(formatTokens(8192)).toBe('8k');
    expect(formatTokens(131_072)).toBe('128k');
    expect(formatTokens(1000)).toBe('1,000');
    expect(formatVolume(250e6)).toBe('250M');
    expect(formatVolume(1.5e9)).toBe('1.5B');
  });
  it('dollars', () => {
    expect(formatUsd(1899)).toBe('$1,899');
    expect(formatUsd(0.29)).toBe('$0.29');
  });
});
