import { describe, expect, it } from 'vitest';
import { parseMemoryConfig } from './memory-config.js';

describe('parseMemoryConfig', () => {
  it('computes peak bandwidth as channels x MT/s x 8 bytes', () => {
    expect(parseMemoryConfig('DDR5-5600 2ch')).toEqual({
      type: 'DDR5',
      megaTransfersPerSecond: 5600,
      channels: 2,
      bandwidthBytesPerSecond: 89.6e9,
    });
    expect(parseMemoryConfig('ddr4-3200 8 channels').bandwidthBytesPerSecond).toBe(204.8e9);
    expect(parseMemoryConfig('EPYC Genoa').bandwidthBytesPerSecond).toBe(460.8e9);
  });

  it('rejects what no hardware has', () => {
    expect(() => parseMemoryConfig('DDR5-99999 2ch')).toThrow(/transfer rate/);
    expect(() => parseMemoryConfig('DDR5-5600 64ch')).toThrow(/from 1 to 24/);
    expect(() => parseMemoryConfig('lots of RAM')).toThrow(/unknown memory configuration/);
  });
});
