import { describe, expect, it } from 'vitest';
import { cpuMicroarchitecture } from './cpu-microarchitecture.js';

describe('cpuMicroarchitecture', () => {
  it('reads AMD generations from CPUID family and model, as systeminformation prints them', () => {
    // This build machine: "AMD EPYC", family 25 model 17 (0x11): a Genoa core, Zen 4.
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'EPYC', family: '25', model: '17' })).toBe('zen4');
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'EPYC 7763', family: '25', model: '1' })).toBe('zen3');
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'Ryzen 7 3700X', family: '23', model: '113' })).toBe('zen2');
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'EPYC 9555', family: '26', model: '2' })).toBe('zen5');
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'Ryzen AI 9 HX 370', family: '26', model: '36' })).toBe('zen5-mobile');
  });

  it('falls back to the marketing name when CPUID is not recorded', () => {
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'Ryzen 9 7950X 16-Core Processor' })).toBe('zen4');
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'EPYC 9354 32-Core Processor' })).toBe('zen4');
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'EPYC 7763 64-Core Processor' })).toBe('zen3');
    expect(cpuMicroarchitecture({ vendor: 'AMD', brand: 'Ryzen 9 9950X' })).toBe('zen5');
    expect(cpuMicroarchitecture({ vendor: 'Intel', brand: 'Xeon® Platinum 8480+' })).toBe('intel-server');
    expect(cpuMicroarchitecture({ vendor: 'Intel', brand: 'Core i9-13900K' })).toBe('intel-client');
    expect(cpuMicroarchitecture({ vendor: 'Apple', brand: 'M2 Ultra' })).toBe('apple-m');
  });

  it('says nothing rather than guess for an unknown CPU', () => {
    expect(cpuMicroarchitecture({ vendor: '', brand: 'QEMU Virtual CPU version 2.5+' })).toBeUndefined();
  });
});
