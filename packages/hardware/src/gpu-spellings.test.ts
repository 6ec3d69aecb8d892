import { UnknownNameError } from '@weightplan/match';
import { describe, expect, it } from 'vitest';
import { buildWhatIfProfile } from './build-profile.js';
import { AmbiguousGpuError, matchGpu } from './match-gpu.js';
import { parseGpuList } from './parse-gpu-list.js';
import { GPU_SPECS } from './spec-db/index.js';

const GiB = 1024 ** 3;

/*
 * GPU names as people and tools actually write them, each read as the card it means.
 *
 * Where the spellings come from:
 * - nvidia-smi `--query-gpu=name` / `nvidia-smi -L` and CUDA's device name (the same string): as printed in bug
 *   reports, e.g. https://github.com/noonghunna/club-3090/issues/1229 (RTX 5090),
 *   https://github.com/ggml-org/llama.cpp/issues/15294 (RTX 3090), https://github.com/ikawrakow/ik_llama.cpp/pull/333
 *   (RTX A6000), https://github.com/akash-network/provider-configs/pull/89 (RTX 5090 Laptop GPU), the GH200/H100/A100
 *   names in NVIDIA's data-center datasheets, and this repository's detect fixtures (linux-h100-sxm-*, linux-4x-a100-*).
 * - rocm-smi / amd-smi / rocminfo product and market names: https://github.com/ROCm/vllm/pull/359 ("AMD Instinct
 *   MI300X OAM", "AMD Instinct MI300X"), https://github.com/easybuilders/easybuild-framework/pull/3978, lspci's
 *   "Aqua Vanjaram [Instinct MI300X]" in https://github.com/ROCm/legacy-rocm-build/issues/4454, gfx targets from
 *   https://rocm.docs.amd.com/en/latest/reference/gpu-specs.html.
 * - Strix Halo as threads write it: "AMD RYZEN AI MAX+ 395 w/ Radeon 8060S" (/proc/cpuinfo, e.g.
 *   https://github.com/Andyyyy64/whichllm/issues/16), "AMD RYZEN AI MAX+ 395/Radeon 8060S"
 *   (https://github.com/ROCm/legacy-rocm-build/issues/4992), "Strix Halo max+ 395 iGPU"
 *   (https://github.com/EricLBuehler/mistral.rs/issues/1855), "AMD Ryzen AI Max+ PRO 395"
 *   (https://github.com/ROCm/rocWMMA/issues/600, https://github.com/gpustack/gpustack/issues/3514), "AMD RYZEN AI MAX+
 *   PRO 395 w/Radeon 8060S" (Geekbench, https://hothardware.com/news/amd-ryzen-ai-max-leak), "Radeon 8065S"
 *   (https://github.com/unslothai/unsloth/pull/7290).
 * - Apple: system_profiler's "Chipset Model: Apple M4 Max" (https://github.com/meta-llama/llama/issues/1367),
 *   apple.com's "M4 Max chip with 16‑core CPU, 40‑core GPU, 16‑core Neural Engine" (non-breaking hyphens), and
 *   machine names as issue titles use them ("MacBook Pro M4 Max, 128G", https://github.com/antgroup/echomimic/issues/197).
 * - Intel's driver name "Intel(R) Arc(TM) A770 Graphics" and lspci's "DG2 [Arc A770]" (this repository's
 *   linux-arc-a770 fixture).
 * - Marketing names and shorthand from llama.cpp / Ollama threads ("2x3090", "RTX 3090 x2", "rtx4090", "7900xtx").
 */
const RESOLVES: ReadonlyArray<readonly [query: string, specId: string]> = [
  // nvidia-smi / CUDA device names
  ['NVIDIA GeForce RTX 4090', 'nvidia-geforce-rtx-4090'],
  ['NVIDIA GeForce RTX 3090', 'nvidia-geforce-rtx-3090'],
  ['NVIDIA GeForce RTX 3090 Ti', 'nvidia-geforce-rtx-3090-ti'],
  ['NVIDIA GeForce RTX 5090', 'nvidia-geforce-rtx-5090'],
  ['NVIDIA GeForce RTX 5090 D', 'nvidia-geforce-rtx-5090-d'],
  ['NVIDIA GeForce RTX 5090 D v2', 'nvidia-geforce-rtx-5090-d-v2'],
  ['NVIDIA GeForce RTX 4080 SUPER', 'nvidia-geforce-rtx-4080-super'],
  ['NVIDIA GeForce RTX 4070 Ti SUPER', 'nvidia-geforce-rtx-4070-ti-super'],
  ['NVIDIA GeForce RTX 3060', 'nvidia-geforce-rtx-3060-12gb'],
  ['NVIDIA GeForce RTX 3060 Ti', 'nvidia-geforce-rtx-3060-ti'],
  ['NVIDIA GeForce RTX 2080 Ti', 'nvidia-geforce-rtx-2080-ti'],
  ['NVIDIA GeForce RTX 4090 Laptop GPU', 'nvidia-geforce-rtx-4090-laptop'],
  ['NVIDIA GeForce RTX 3080 Laptop GPU', 'nvidia-geforce-rtx-3080-laptop'],
  ['NVIDIA RTX A6000', 'nvidia-rtx-a6000'],
  ['NVIDIA RTX A5000', 'nvidia-rtx-a5000'],
  ['NVIDIA RTX 6000 Ada Generation', 'nvidia-rtx-6000-ada'],
  ['NVIDIA RTX 4000 SFF Ada Generation', 'nvidia-rtx-4000-sff-ada'],
  ['NVIDIA RTX PRO 6000 Blackwell Workstation Edition', 'nvidia-rtx-pro-6000-blackwell-workstation'],
  ['Quadro RTX 8000', 'nvidia-quadro-rtx-8000'],
  ['Tesla V100-SXM2-32GB', 'nvidia-tesla-v100-sxm2-32gb'],
  ['Tesla V100-SXM2-16GB', 'nvidia-tesla-v100-sxm2-16gb'],
  ['Tesla V100-PCIE-32GB', 'nvidia-tesla-v100-pcie-32gb'],
  ['Tesla V100S-PCIE-32GB', 'nvidia-tesla-v100s-pcie-32gb'],
  ['Tesla T4', 'nvidia-tesla-t4'],
  ['NVIDIA A100-SXM4-80GB', 'nvidia-a100-sxm4-80gb'],
  ['NVIDIA A100-SXM4-40GB', 'nvidia-a100-sxm4-40gb'],
  ['NVIDIA A100-PCIE-40GB', 'nvidia-a100-pcie-40gb'],
  ['NVIDIA A100 80GB PCIe', 'nvidia-a100-pcie-80gb'],
  ['NVIDIA A10', 'nvidia-a10'],
  // AWS's G5 card (nvidia-smi prints this name on g5 instances); a different configuration from the A10.
  ['NVIDIA A10G', 'nvidia-a10g'],
  ['NVIDIA A40', 'nvidia-a40'],
  ['NVIDIA L4', 'nvidia-l4'],
  ['NVIDIA L40S', 'nvidia-l40s'],
  ['NVIDIA H100 80GB HBM3', 'nvidia-h100-sxm5-80gb'],
  ['NVIDIA H100 PCIe', 'nvidia-h100-pcie'],
  ['NVIDIA H100 NVL', 'nvidia-h100-nvl'],
  ['NVIDIA H200', 'nvidia-h200-sxm'],
  ['NVIDIA H200 NVL', 'nvidia-h200-nvl'],
  ['NVIDIA GH200 480GB', 'nvidia-gh200'],
  ['NVIDIA B200', 'nvidia-b200'],
  ['NVIDIA GB10', 'nvidia-gb10'],
  // NVIDIA as people write it
  ['RTX 4090', 'nvidia-geforce-rtx-4090'],
  ['rtx4090', 'nvidia-geforce-rtx-4090'],
  ['4090', 'nvidia-geforce-rtx-4090'],
  ['GeForce RTX 4090 24GB', 'nvidia-geforce-rtx-4090'],
  ['RTX 3090 24 GB', 'nvidia-geforce-rtx-3090'],
  ['3090Ti', 'nvidia-geforce-rtx-3090-ti'],
  ['RTX 5090D', 'nvidia-geforce-rtx-5090-d'],
  ['RTX 4060 Ti 16GB', 'nvidia-geforce-rtx-4060-ti-16gb'],
  ['RTX 4070 Super', 'nvidia-geforce-rtx-4070-super'],
  ['RTX 4090 Founders Edition', 'nvidia-geforce-rtx-4090'],
  ['RTX 4090 Mobile', 'nvidia-geforce-rtx-4090-laptop'],
  ['RTX PRO 6000 Blackwell', 'nvidia-rtx-pro-6000-blackwell-workstation'],
  ['RTX PRO 6000', 'nvidia-rtx-pro-6000-blackwell-workstation'],
  ['RTX 6000 Ada', 'nvidia-rtx-6000-ada'],
  ['A6000', 'nvidia-rtx-a6000'],
  ['V100 SXM2 32GB', 'nvidia-tesla-v100-sxm2-32gb'],
  ['A100 80GB SXM', 'nvidia-a100-sxm4-80gb'],
  ['A100 PCIe 40GB', 'nvidia-a100-pcie-40gb'],
  ['H100 SXM', 'nvidia-h100-sxm5-80gb'],
  ['H100 SXM5 80GB', 'nvidia-h100-sxm5-80gb'],
  ['H100 PCIe', 'nvidia-h100-pcie'],
  ['H200 SXM 141GB', 'nvidia-h200-sxm'],
  ['L40S', 'nvidia-l40s'],
  ['GB10', 'nvidia-gb10'],
  ['DGX Spark', 'nvidia-gb10'],
  ['NVIDIA DGX Spark', 'nvidia-gb10'],
  ['Dell Pro Max with GB10', 'nvidia-gb10'],
  // AMD: rocm-smi / amd-smi / rocminfo / lspci
  ['AMD Instinct MI300X', 'amd-instinct-mi300x'],
  ['AMD Instinct MI300X OAM', 'amd-instinct-mi300x'],
  ['Aqua Vanjaram [Instinct MI300X]', 'amd-instinct-mi300x'],
  ['MI300X', 'amd-instinct-mi300x'],
  ['AMD Instinct MI325X', 'amd-instinct-mi325x'],
  ['AMD Instinct MI250X', 'amd-instinct-mi250x'],
  ['AMD Instinct MI210', 'amd-instinct-mi210'],
  ['Radeon RX 7900 XTX', 'amd-radeon-rx-7900-xtx'],
  ['AMD Radeon RX 7900 XTX', 'amd-radeon-rx-7900-xtx'],
  ['7900xtx', 'amd-radeon-rx-7900-xtx'],
  ['RX 7900 XT', 'amd-radeon-rx-7900-xt'],
  ['AMD Radeon RX 7900 GRE', 'amd-radeon-rx-7900-gre'],
  ['AMD Radeon RX 6800 XT', 'amd-radeon-rx-6800-xt'],
  ['AMD Radeon RX 9070 XT', 'amd-radeon-rx-9070-xt'],
  ['AMD Radeon PRO W7900', 'amd-radeon-pro-w7900'],
  ['AMD Radeon Pro W7900', 'amd-radeon-pro-w7900'],
  ['AMD Radeon™ PRO W7800', 'amd-radeon-pro-w7800'],
  ['AMD Radeon AI PRO R9700', 'amd-radeon-ai-pro-r9700'],
  ['gfx1200', 'amd-radeon-rx-9060-xt-16gb'],
  ['gfx1103', 'amd-radeon-780m'],
  // Strix Halo: CPU names, iGPU names, and both at once
  ['Ryzen AI Max+ 395', 'amd-radeon-8060s'],
  ['AMD Ryzen AI Max+ 395', 'amd-radeon-8060s'],
  ['AMD RYZEN AI MAX+ 395 w/ Radeon 8060S', 'amd-radeon-8060s'],
  ['AMD RYZEN AI MAX+ 395/Radeon 8060S', 'amd-radeon-8060s'],
  ['AMD Ryzen AI Max+ 395 (Radeon 8060S)', 'amd-radeon-8060s'],
  ['AMD Ryzen AI Max+ PRO 395', 'amd-radeon-8060s'],
  ['AMD RYZEN AI MAX+ PRO 395 w/Radeon 8060S', 'amd-radeon-8060s'],
  ['Ryzen AI MAX+395', 'amd-radeon-8060s'],
  ['Ryzen AI Max 395', 'amd-radeon-8060s'],
  ['Strix Halo', 'amd-radeon-8060s'],
  ['Strix Halo max+ 395 iGPU', 'amd-radeon-8060s'],
  ['Radeon 8060S', 'amd-radeon-8060s'],
  ['AMD Radeon 8060s', 'amd-radeon-8060s'],
  ['AMD Radeon 8060S Graphics', 'amd-radeon-8060s'],
  ['Radeon 8060S gfx1151', 'amd-radeon-8060s'],
  ['Ryzen AI Max+ 392', 'amd-radeon-8060s'],
  ['Ryzen AI Max 390', 'amd-radeon-8050s'],
  ['AMD Ryzen AI Max 385', 'amd-radeon-8050s'],
  ['AMD Ryzen AI Max PRO 390', 'amd-radeon-8050s'],
  ['Radeon 8050S', 'amd-radeon-8050s'],
  ['AMD Ryzen 7 8700G', 'amd-radeon-780m'],
  // Apple: system_profiler, apple.com, machine names
  ['Apple M4 Max (40-core GPU)', 'apple-m4-max-40-core-gpu'],
  ['M4 Max 40-core', 'apple-m4-max-40-core-gpu'],
  ['M4 Max 40 core GPU', 'apple-m4-max-40-core-gpu'],
  ['M4 Max 32-core GPU', 'apple-m4-max-32-core-gpu'],
  ['Apple M4 Max chip with 16‑core CPU, 40‑core GPU, 16‑core Neural Engine', 'apple-m4-max-40-core-gpu'],
  ['MacBook Pro M4 Max 128GB', 'apple-m4-max-40-core-gpu'],
  ['Apple M3 Max (40-core GPU)', 'apple-m3-max-40-core-gpu'],
  ['M3 Pro 18-core', 'apple-m3-pro-18-core-gpu'],
  ['Apple M2 Ultra (76-core GPU)', 'apple-m2-ultra-76-core-gpu'],
  ['M2 Ultra 76c GPU', 'apple-m2-ultra-76-core-gpu'],
  ['Apple M1 (8-core GPU)', 'apple-m1-8-core-gpu'],
  // Intel: the driver's name with its trademark marks, and lspci
  ['Intel(R) Arc(TM) B580 Graphics', 'intel-arc-b580'],
  ['Intel(R) Arc(TM) A750 Graphics', 'intel-arc-a750'],
  ['Intel® Arc™ B570 Graphics', 'intel-arc-b570'],
  ['Intel Arc A770 16GB', 'intel-arc-a770-16gb'],
  ['Intel Arc A770 Limited Edition', 'intel-arc-a770-16gb'],
];

/** Names of a chip sold with several GPU-core variants: the largest, with a warning that says so. */
const LARGEST_VARIANT: ReadonlyArray<readonly [query: string, specId: string]> = [
  ['Apple M4 Max', 'apple-m4-max-40-core-gpu'],
  ['Apple M1 Max', 'apple-m1-max-32-core-gpu'],
  ['Mac mini M4', 'apple-m4-10-core-gpu'],
  ['MacBook Pro M3 Pro', 'apple-m3-pro-18-core-gpu'],
  ['Mac Studio M2 Ultra', 'apple-m2-ultra-76-core-gpu'],
];

/** Names that fit cards differing in memory or bandwidth: an AmbiguousGpuError naming every candidate. */
const AMBIGUOUS: ReadonlyArray<readonly [query: string, candidates: readonly string[]]> = [
  ['H100', ['NVIDIA H100 80GB HBM3', 'NVIDIA H100 NVL']],
  ['A100', ['NVIDIA A100-PCIE-40GB', 'NVIDIA A100 80GB PCIe', 'NVIDIA A100-SXM4-40GB', 'NVIDIA A100-SXM4-80GB']],
  ['NVIDIA GeForce RTX 4060 Ti', ['NVIDIA GeForce RTX 4060 Ti 8GB', 'NVIDIA GeForce RTX 4060 Ti 16GB']],
  ['NVIDIA GeForce RTX 3080', ['NVIDIA GeForce RTX 3080 10GB', 'NVIDIA GeForce RTX 3080 12GB']],
  ['Intel(R) Arc(TM) A770 Graphics', ['Intel Arc A770 8GB', 'Intel Arc A770 16GB']],
  ['DG2 [Arc A770]', ['Intel Arc A770 8GB', 'Intel Arc A770 16GB']],
  ['gfx1100', ['AMD Radeon RX 7900 XTX', 'AMD Radeon RX 7900 XT', 'AMD Radeon RX 7900 GRE', 'AMD Radeon PRO W7900']],
  ['gfx1151', ['AMD Radeon 8060S', 'AMD Radeon 8050S']],
  ['gfx942', ['AMD Instinct MI300X', 'AMD Instinct MI325X']],
  ['RTX 6000', ['Quadro RTX 6000', 'NVIDIA RTX 6000 Ada Generation']],
];

/** Names the database does not hold: an UnknownNameError whose first suggestions name the nearest cards. */
const UNKNOWN: ReadonlyArray<readonly [query: string, closest: string]> = [
  ['NVIDIA GeForce RTX 4090 D', 'NVIDIA GeForce RTX 4090'],
  ['NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition', 'NVIDIA RTX PRO 6000 Blackwell Workstation Edition'],
  ['NVIDIA RTX PRO 6000 Blackwell Server Edition', 'NVIDIA RTX PRO 6000 Blackwell Workstation Edition'],
  ['AMD Radeon 8065S', 'AMD Radeon 8060S'],
  ['Ryzen AI Max+ 390', 'AMD Radeon 8050S'],
  ['RTX 4099', 'NVIDIA GeForce RTX 4090'],
  // A size the best-fitting card was never sold with suggests the card that has it, and does not pick it.
  ['RTX 3060 8GB', 'NVIDIA GeForce RTX 3060 Ti'],
  ['RTX 5090 D 24GB', 'NVIDIA GeForce RTX 5090 D v2'],
  ['Tesla P40', 'Tesla T4'],
];

describe('GPU names as people and tools write them', () => {
  it('covers more than a hundred real spellings', () => {
    expect(RESOLVES.length + LARGEST_VARIANT.length + AMBIGUOUS.length + UNKNOWN.length).toBeGreaterThanOrEqual(100);
    const ids = new Set(GPU_SPECS.map((spec) => spec.id));
    for (const [, id] of [...RESOLVES, ...LARGEST_VARIANT]) expect(ids.has(id), id).toBe(true);
  });

  it.each(RESOLVES)('reads "%s" as %s', (query, id) => {
    const match = matchGpu(query);
    expect(match.spec.id).toBe(id);
    expect(match.warnings).toEqual([]);
  });

  it.each(LARGEST_VARIANT)('reads "%s" as its largest variant %s, and says so', (query, id) => {
    const match = matchGpu(query);
    expect(match.spec.id).toBe(id);
    expect(match.warnings.join(' ')).toMatch(/GPU variants .* assuming/);
  });

  it.each(AMBIGUOUS)('refuses to guess what "%s" means, listing the candidates', (query, candidates) => {
    let error: unknown;
    try {
      matchGpu(query);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AmbiguousGpuError);
    for (const candidate of candidates) {
      expect((error as AmbiguousGpuError).choices.some((choice) => choice.startsWith(`${candidate} (`))).toBe(true);
    }
  });

  it.each(UNKNOWN)('answers the unknown "%s" with the closest names', (query, closest) => {
    let error: unknown;
    try {
      matchGpu(query);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownNameError);
    expect((error as UnknownNameError).suggestions.slice(0, 3)).toContain(closest);
  });

  it('takes the memory size in a Strix Halo name as the configuration', () => {
    expect(matchGpu('Ryzen AI Max+ 395 64GB').memoryBytes).toBe(64 * GiB);
    expect(matchGpu('Ryzen AI Max+ 395').memoryBytes).toBe(128 * GiB);
  });
});

/** `--gpu` lists: entries and counts as written in threads ("2x 3090", "4 x H100", "RTX 4090 + RTX 3090"). */
const LISTS: ReadonlyArray<readonly [text: string, entries: ReadonlyArray<readonly [specId: string, count: number]>]> = [
  ['2x RTX 3090', [['nvidia-geforce-rtx-3090', 2]]],
  ['2x3090', [['nvidia-geforce-rtx-3090', 2]]],
  ['RTX 3090 x2', [['nvidia-geforce-rtx-3090', 2]]],
  ['3090 x 2', [['nvidia-geforce-rtx-3090', 2]]],
  ['4 x H100 SXM', [['nvidia-h100-sxm5-80gb', 4]]],
  ['8x A100-SXM4-80GB', [['nvidia-a100-sxm4-80gb', 8]]],
  ['4x MI300X', [['amd-instinct-mi300x', 4]]],
  [
    'RTX 4090 + RTX 3090',
    [
      ['nvidia-geforce-rtx-4090', 1],
      ['nvidia-geforce-rtx-3090', 1],
    ],
  ],
  [
    '2x RTX 3090, 1x RTX 4090',
    [
      ['nvidia-geforce-rtx-3090', 2],
      ['nvidia-geforce-rtx-4090', 1],
    ],
  ],
  [
    '2 x RTX 5090; RTX 4090',
    [
      ['nvidia-geforce-rtx-5090', 2],
      ['nvidia-geforce-rtx-4090', 1],
    ],
  ],
  ['Ryzen AI Max+ 395', [['amd-radeon-8060s', 1]]],
  ['AMD Ryzen AI Max+ 395 (Radeon 8060S)', [['amd-radeon-8060s', 1]]],
  ['Apple M2 Ultra (76-core GPU, 192GB)', [['apple-m2-ultra-76-core-gpu', 1]]],
];

describe('GPU lists', () => {
  it.each(LISTS)('reads "%s"', (text, expected) => {
    const entries = parseGpuList(text).map((entry) => [matchGpu(entry.name).spec.id, entry.count] as const);
    expect(entries).toEqual(expected);
  });

  it('counts "4 x H100" as four of a name that still has to say which H100', () => {
    expect(parseGpuList('4 x H100')).toEqual([{ name: 'H100', count: 4 }]);
    expect(() => buildWhatIfProfile({ gpu: '4 x H100' })).toThrow(AmbiguousGpuError);
  });

  it('plans "Ryzen AI Max+ 395" as one Radeon 8060S with its 128 GB, not as two GPUs', () => {
    const profile = buildWhatIfProfile({ gpu: 'Ryzen AI Max+ 395' });
    expect(profile.gpus.map((gpu) => gpu.specId)).toEqual(['amd-radeon-8060s']);
    expect(profile.memory.totalBytes).toBe(128 * GiB);
    expect(profile.memory.bandwidthBytesPerSecond).toBe(256e9);
  });

  it('says how to list two cards when a "+" has no spaces around it', () => {
    expect(() => buildWhatIfProfile({ gpu: 'RTX 4090+RTX 3090' })).toThrow(/put spaces around "\+"/);
  });
});
