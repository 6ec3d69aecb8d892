import { describe, expect, it } from 'vitest';
import { loadGgufSizeRows, loadMemoryRows, loadThroughputRows, parseSize } from './load.js';
import { CALIBRATION_MODEL_IDS } from './model-names.js';

describe('the calibration data', () => {
  it('parses every throughput row, with 12 rows flagged as broken runs', () => {
    const rows = loadThroughputRows();
    // 389 rows before issue 17; 230 more from the same LLaMA 3 benchmark (12 GPUs the first pass left out), 6 AMD rows (RX 6700 XT ROCm and Vulkan, Radeon 8060S ROCm), 3 RTX 4090 rows on the MMQ int8 path;
    // 39 rows of new hardware classes (Apple M3 Ultra, NVIDIA GB10, MI300X, RDNA 3 ROCm, Radeon 8060S on Vulkan, Intel Arc on Vulkan and SYCL, Zen 4 EPYC);
    // 40 rows of RDNA 4 (Radeon AI PRO R9700 on ROCm and Vulkan) and Xe2 (Arc Pro B70 on SYCL and Vulkan), half of them generation.
    expect(rows.length).toBe(628 + 39 + 40);
    expect(rows.filter((row) => row.suspect)).toHaveLength(12);
    expect(rows.filter((row) => row.metric === 'tg').length).toBe(192 + 14 + 115 + 3 + 20 + 20);
  });

  it('gives every CPU row the thread count it ran with, and no GPU row one', () => {
    const rows = loadThroughputRows();
    const cpu = rows.filter((row) => row.backend === 'llama.cpp CPU');
    expect(cpu).toHaveLength(28);
    expect(cpu.every((row) => row.threads !== null && row.threads > 0)).toBe(true);
    expect(rows.filter((row) => row.backend !== 'llama.cpp CPU').every((row) => row.threads === null)).toBe(true);
  });

  it('parses the llama.cpp memory reports and GGUF sizes', () => {
    expect(loadMemoryRows()).toHaveLength(13);
    const sizes = loadGgufSizeRows();
    expect(sizes).toHaveLength(57);
    expect(sizes.filter((row) => row.measures === 'tensor-data')).toHaveLength(23);
  });

  it('maps every model it measured to a catalog id', () => {
    const names = new Set([...loadThroughputRows(), ...loadMemoryRows(), ...loadGgufSizeRows()].map((row) => row.model));
    for (const name of names) expect(CALIBRATION_MODEL_IDS[name], name).toBeDefined();
  });
});

describe('parseSize', () => {
  it('reads decimal and binary units and the precision of the printed figure', () => {
    expect(parseSize('4.92 GB')).toEqual({ bytes: 4.92e9, relativeRounding: 0.005 / 4.92, unit: 'GB' });
    expect(parseSize('1.87 GiB').bytes).toBeCloseTo(1.87 * 1024 ** 3);
    expect(() => parseSize('about 5 gigs')).toThrow(/unrecognised size/);
  });
});
