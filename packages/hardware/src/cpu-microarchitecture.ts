import { z } from 'zod';

/**
 * CPU core generations that differ in what llama.cpp's CPU kernels can do per cycle: the width of the
 * vector datapath (Zen 4 runs AVX-512 on 256-bit units, Zen 5 desktop/server and Intel's server cores on
 * 512-bit ones) and the matrix units (Intel AMX).
 */
export const CpuMicroarchitectureSchema = z.enum([
  'zen1',
  'zen2',
  'zen3',
  'zen4',
  'zen5',
  // Zen 5 in laptops (Strix Point, Krackan Point): AVX-512 on 256-bit datapaths like Zen 4.
  'zen5-mobile',
  'intel-client',
  'intel-server',
  'apple-m',
  'arm',
]);
export type CpuMicroarchitecture = z.infer<typeof CpuMicroarchitectureSchema>;

export interface CpuIdentity {
  vendor?: string | undefined;
  brand?: string | undefined;
  /** CPUID family and model as systeminformation reports them (decimal strings). */
  family?: string | number | undefined;
  model?: string | number | undefined;
}

function amdByFamily(family: number, model: number): CpuMicroarchitecture | undefined {
  // AMD's CPUID model ranges per family (AMD Processor Programming Reference; Linux's arch/x86 uses the same).
  if (family === 0x17) return model >= 0x30 ? 'zen2' : 'zen1';
  if (family === 0x19) {
    const zen4 = (model >= 0x10 && model <= 0x1f) || (model >= 0x60 && model <= 0x7f) || (model >= 0xa0 && model <= 0xaf);
    return zen4 ? 'zen4' : 'zen3';
  }
  if (family === 0x1a) return (model >= 0x20 && model <= 0x2f) || (model >= 0x60 && model <= 0x6f) ? 'zen5-mobile' : 'zen5';
  return undefined;
}

/** From the marketing name when CPUID family/model are missing (recorded snapshots, other platforms). */
function byBrand(brand: string): CpuMicroarchitecture | undefined {
  const b = brand.toLowerCase();
  if (/\bm\d+( pro| max| ultra)?\b/.test(b) && (b.includes('apple') || /^m\d/.test(b.trim()))) return 'apple-m';
  const epyc = /epyc\s+(\d)(\d)\d\d/.exec(b);
  if (epyc) {
    const generation = Number(epyc[2]);
    if (epyc[1] === '9') return generation >= 5 ? 'zen5' : 'zen4';
    if (epyc[1] === '7') return generation >= 3 ? 'zen3' : generation === 2 ? 'zen2' : 'zen1';
    if (epyc[1] === '4') return 'zen4';
  }
  if (/ryzen ai (max|9|7|5)/.test(b)) return b.includes('max') ? 'zen5' : 'zen5-mobile';
  const ryzen = /ryzen\s+(?:threadripper\s+(?:pro\s+)?)?(?:\d\s+)?(\d)\d{3}/.exec(b);
  if (ryzen) {
    const series = Number(ryzen[1]);
    if (series === 9) return 'zen5';
    if (series === 7) return 'zen4';
    if (series === 5) return 'zen3';
    if (series === 3) return 'zen2';
  }
  if (b.includes('xeon')) return 'intel-server';
  if (b.includes('core') || b.includes('intel')) return 'intel-client';
  if (/cortex|neoverse|graviton|ampere|grace/.test(b)) return 'arm';
  return undefined;
}

/** The core generation of a CPU, or undefined when neither CPUID nor the name tells it. */
export function cpuMicroarchitecture(identity: CpuIdentity): CpuMicroarchitecture | undefined {
  const vendor = (identity.vendor ?? '').toLowerCase();
  const family = Number(identity.family);
  const model = Number(identity.model);
  if ((vendor.includes('amd') || vendor.includes('authenticamd')) && Number.isFinite(family) && Number.isFinite(model) && family > 0) {
    const known = amdByFamily(family, model);
    if (known) return known;
  }
  const fromBrand = byBrand(`${identity.vendor ?? ''} ${identity.brand ?? ''}`);
  if (fromBrand) return fromBrand;
  if (vendor.includes('intel')) return 'intel-client';
  if (vendor.includes('apple')) return 'apple-m';
  if (vendor.includes('arm')) return 'arm';
  return undefined;
}
