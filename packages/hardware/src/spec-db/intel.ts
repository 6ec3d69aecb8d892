import { defineGpus, GiB, gbPerSecond } from './define-gpus.js';

/** Intel's official Arc A-series specifications as published in September 2022 (Xe-cores, clocks, memory, TBP). */
const ARC_A_SPECS = 'https://www.svethardware.cz/intel-zverejnil-oficialni-specifikace-grafickych-karet-arc/58344';
/** Same Intel announcement, tabulated with the derived FP32 TFLOPS and bandwidth. */
const ARC_A_SPECS_3DCENTER = 'https://www.3dcenter.org/news/intel-gibt-die-spezifikationen-von-arc-a580-a750-und-a770-bekannt';
/** Intel: XMX engines on Xe-HPG support FP16, BF16, INT8, INT4, INT2. */
const INTEL_AI_DATATYPES = 'https://www.intel.com/content/www/us/en/support/articles/000098346/graphics.html';
/** Intel oneAPI GPU optimization guide, XMX chapter. */
const INTEL_XMX_GUIDE = 'https://www.intel.com/content/www/us/en/docs/oneapi/optimization-guide-gpu/2024-1/xmx.html';
/** Measured/explained XMX FP16:FP32 ratio of 8:1 on the Arc A770. */
const TINYGRAD_ARC_DISCUSSION = 'https://github.com/tinygrad/tinygrad/discussions/790';
/** Intel Arc B580/B570 official specifications (Xe-cores, AI TOPS, TBP, bandwidth). */
const ARC_B_SPECS = 'https://www.techcommand.uk/the-new-intel-arc-b580-and-b570-graphics-are-now-official-price-and-specifications/';

const ALCHEMIST_NOTE =
  'Xe-HPG (Alchemist). fp32Tflops = Xe-cores x 256 FLOP/clock x Intel graphics clock (Intel publishes the clock, the ' +
  'product is arithmetic; Intel\u2019s own derived figure is quoted where it was printed). Matrix rates are not published ' +
  'per card by Intel: fp16/bf16 = 8 x FP32 (XMX runs FP16/BF16 at 2048 FLOP/clock per Xe-core, the 8:1 ratio) and ' +
  'INT8 = 2 x FP16, both at the graphics clock; real boost clocks are often higher. No FP8 path.';
const BATTLEMAGE_NOTE =
  'Xe2-HPG (Battlemage). int8TensorTops is Intel\u2019s published "AI TOPS" (INT8, dense); fp16/bf16 XMX run at half ' +
  'the INT8 rate. Intel\u2019s TOPS use a higher clock than the graphics clock behind fp32Tflops, so the two do not share ' +
  'a basis. Xe2 has no FP8 matrix path.';

export const intelGpus = defineGpus([
  {
    id: 'intel-arc-a380',
    name: 'Intel Arc A380',
    aliases: ['Arc A380', 'Intel Arc A380 Graphics', 'Intel(R) Arc(TM) A380 Graphics'],
    vendor: 'intel',
    segment: 'consumer',
    generation: 'intel-xe-hpg',
    architecture: 'Xe-HPG (Alchemist)',
    computeTarget: 'xe-hpg',
    computeUnits: 8,
    memoryBytes: 6 * GiB,
    memoryType: 'GDDR6',
    memoryBandwidthBytesPerSecond: gbPerSecond(186),
    fp16TensorTflops: 32.77,
    bf16TensorTflops: 32.77,
    fp8TensorTflops: null,
    int8TensorTops: 65.54,
    fp32Tflops: 4.1,
    hasMatrixUnits: true,
    interconnect: { kind: 'pcie', hostLink: 'PCIe 4.0 x8' },
    tdpWatts: 75,
    launchDate: '2022-06-14',
    launchPriceUsd: 139,
    sourceUrl: ARC_A_SPECS,
    extraSourceUrls: [INTEL_AI_DATATYPES, INTEL_XMX_GUIDE, TINYGRAD_ARC_DISCUSSION],
    notes:
      `8 Xe-cores (128 XMX engines) at 2000 MHz; 6 GB GDDR6 on 96 bits, 186 GB/s. FP32 = 8 x 256 x 2.0 GHz. ` +
      `First sold in China on 2022-06-14; $139 is the later US MSRP. ${ALCHEMIST_NOTE}`,
  },
  {
    id: 'intel-arc-a580',
    name: 'Intel Arc A580',
    aliases: ['Arc A580', 'Intel Arc A580 Graphics', 'Intel(R) Arc(TM) A580 Graphics'],
    vendor: 'intel',
    segment: 'consumer',
    generation: 'intel-xe-hpg',
    architecture: 'Xe-HPG (Alchemist)',
    computeTarget: 'xe-hpg',
    computeUnits: 24,
    memoryBytes: 8 * GiB,
    memoryType: 'GDDR6',
    memoryBandwidthBytesPerSecond: gbPerSecond(512),
    fp16TensorTflops: 83.56,
    bf16TensorTflops: 83.56,
    fp8TensorTflops: null,
    int8TensorTops: 167.1,
    fp32Tflops: 10.4,
    hasMatrixUnits: true,
    interconnect: { kind: 'pcie', hostLink: 'PCIe 4.0 x16' },
    tdpWatts: 175,
    launchDate: '2023-10-10',
    launchPriceUsd: 179,
    sourceUrl: ARC_A_SPECS,
    extraSourceUrls: [ARC_A_SPECS_3DCENTER, INTEL_AI_DATATYPES, INTEL_XMX_GUIDE],
    notes:
      `24 Xe-cores (384 XMX) at 1700 MHz; 8 GB GDDR6, 256-bit at 16 Gbps = 512 GB/s; FP32 10.4 TFLOPS. Board power ` +
      `175 W as reported from Intel\u2019s 2022 specifications (3DCenter marks it unconfirmed; Intel may list a higher ` +
      `figure for the 2023 retail card). ${ALCHEMIST_NOTE}`,
  },
  {
    id: 'intel-arc-a750',
    name: 'Intel Arc A750',
    aliases: ['Arc A750', 'Intel Arc A750 Graphics', 'Intel(R) Arc(TM) A750 Graphics'],
    vendor: 'intel',
    segment: 'consumer',
    generation: 'intel-xe-hpg',
    architecture: 'Xe-HPG (Alchemist)',
    computeTarget: 'xe-hpg',
    computeUnits: 28,
    memoryBytes: 8 * GiB,
    memoryType: 'GDDR6',
    memoryBandwidthBytesPerSecond: gbPerSecond(512),
    fp16TensorTflops: 117.5,
    bf16TensorTflops: 117.5,
    fp8TensorTflops: null,
    int8TensorTops: 235,
    fp32Tflops: 14.7,
    hasMatrixUnits: true,
    interconnect: { kind: 'pcie', hostLink: 'PCIe 4.0 x16' },
    tdpWatts: 225,
    launchDate: '2022-10-12',
    launchPriceUsd: 289,
    sourceUrl: ARC_A_SPECS,
    extraSourceUrls: [ARC_A_SPECS_3DCENTER, INTEL_AI_DATATYPES, INTEL_XMX_GUIDE],
    notes: `28 Xe-cores (448 XMX) at 2050 MHz; 8 GB GDDR6, 256-bit at 16 Gbps = 512 GB/s; FP32 14.7 TFLOPS. ${ALCHEMIST_NOTE}`,
  },
  {
    id: 'intel-arc-a770-8gb',
    name: 'Intel Arc A770 8GB',
    aliases: ['Arc A770 8GB', 'Intel Arc A770 8 GB', 'A770 8GB'],
    vendor: 'intel',
    segment: 'consumer',
    generation: 'intel-xe-hpg',
    architecture: 'Xe-HPG (Alchemist)',
    computeTarget: 'xe-hpg',
    computeUnits: 32,
    memoryBytes: 8 * GiB,
    memoryType: 'GDDR6',
    memoryBandwidthBytesPerSecond: gbPerSecond(512),
    fp16TensorTflops: 137.6,
    bf16TensorTflops: 137.6,
    fp8TensorTflops: null,
    int8TensorTops: 275.3,
    fp32Tflops: 17.2,
    hasMatrixUnits: true,
    interconnect: { kind: 'pcie', hostLink: 'PCIe 4.0 x16' },
    tdpWatts: 225,
    launchDate: '2022-10-12',
    launchPriceUsd: 329,
    sourceUrl: ARC_A_SPECS,
    extraSourceUrls: [ARC_A_SPECS_3DCENTER, INTEL_AI_DATATYPES, INTEL_XMX_GUIDE, TINYGRAD_ARC_DISCUSSION],
    notes:
      `32 Xe-cores (512 XMX) at 2100 MHz; 8 GB GDDR6 at 16 Gbps on 256 bits = 512 GB/s (the 16 GB card uses 17.5 Gbps). ` +
      `Drivers print "Intel Arc A770 Graphics" for both memory sizes, so the bare name is left to the matcher. ${ALCHEMIST_NOTE}`,
  },
  {
    id: 'intel-arc-a770-16gb',
    name: 'Intel Arc A770 16GB',
    aliases: ['Arc A770 16GB', 'Intel Arc A770 16 GB', 'A770 16GB', 'Intel Arc A770 Limited Edition'],
    vendor: 'intel',
    segment: 'consumer',
    generation: 'intel-xe-hpg',
    architecture: 'Xe-HPG (Alchemist)',
    computeTarget: 'xe-hpg',
    computeUnits: 32,
    memoryBytes: 16 * GiB,
    memoryType: 'GDDR6',
    memoryBandwidthBytesPerSecond: gbPerSecond(560),
    fp16TensorTflops: 137.6,
    bf16TensorTflops: 137.6,
    fp8TensorTflops: null,
    int8TensorTops: 275.3,
    fp32Tflops: 17.2,
    hasMatrixUnits: true,
    interconnect: { kind: 'pcie', hostLink: 'PCIe 4.0 x16' },
    tdpWatts: 225,
    launchDate: '2022-10-12',
    launchPriceUsd: 349,
    sourceUrl: ARC_A_SPECS,
    extraSourceUrls: [ARC_A_SPECS_3DCENTER, INTEL_AI_DATATYPES, INTEL_XMX_GUIDE, TINYGRAD_ARC_DISCUSSION],
    notes:
      `32 Xe-cores (512 XMX) at 2100 MHz; 16 GB GDDR6 at 17.5 Gbps on 256 bits = 560 GB/s; FP32 17.2 TFLOPS (Intel). ` +
      `Intel's own card (Limited Edition) carries 16 GB. ${ALCHEMIST_NOTE}`,
  },
  {
    id: 'intel-arc-b570',
    name: 'Intel Arc B570',
    aliases: ['Arc B570', 'Intel Arc B570 Graphics', 'Intel(R) Arc(TM) B570 Graphics'],
    vendor: 'intel',
    segment: 'consumer',
    generation: 'intel-xe2',
    architecture: 'Xe2-HPG (Battlemage)',
    computeTarget: 'xe2-hpg',
    computeUnits: 18,
    memoryBytes: 10 * GiB,
    memoryType: 'GDDR6',
    memoryBandwidthBytesPerSecond: gbPerSecond(380),
    fp16TensorTflops: 101.5,
    bf16TensorTflops: 101.5,
    fp8TensorTflops: null,
    int8TensorTops: 203,
    fp32Tflops: 11.52,
    hasMatrixUnits: true,
    interconnect: { kind: 'pcie', hostLink: 'PCIe 4.0 x8' },
    tdpWatts: 150,
    launchDate: '2025-01-16',
    launchPriceUsd: 219,
    sourceUrl: ARC_B_SPECS,
    extraSourceUrls: [
      'https://phantasyhobbies.com/blog/news/intel-unveils-affordable-battlemage-gpus-arc-b580-and-b570-for-budget-gamers',
      INTEL_XMX_GUIDE,
    ],
    notes:
      `18 Xe2-cores (144 XMX), 10 GB GDDR6 on 160 bits, 380 GB/s, 203 AI TOPS (INT8), 150 W TBP. FP32 = 18 x 256 x ` +
      `2.5 GHz graphics clock. ${BATTLEMAGE_NOTE}`,
  },
  {
    id: 'intel-arc-b580',
    name: 'Intel Arc B580',
    aliases: ['Arc B580', 'Intel Arc B580 Graphics', 'Intel(R) Arc(TM) B580 Graphics'],
    vendor: 'intel',
    segment: 'consumer',
    generation: 'intel-xe2',
    architecture: 'Xe2-HPG (Battlemage)',
    computeTarget: 'xe2-hpg',
    computeUnits: 20,
    memoryBytes: 12 * GiB,
    memoryType: 'GDDR6',
    memoryBandwidthBytesPerSecond: gbPerSecond(456),
    fp16TensorTflops: 116.5,
    bf16TensorTflops: 116.5,
    fp8TensorTflops: null,
    int8TensorTops: 233,
    fp32Tflops: 13.67,
    hasMatrixUnits: true,
    interconnect: { kind: 'pcie', hostLink: 'PCIe 4.0 x8' },
    tdpWatts: 190,
    launchDate: '2024-12-13',
    launchPriceUsd: 249,
    sourceUrl: ARC_B_SPECS,
    extraSourceUrls: [
      'https://fpsbench.com/compare/gpu/intel-arc-b580-vs-intel-uhd-graphics-730',
      'https://phantasyhobbies.com/blog/news/intel-unveils-affordable-battlemage-gpus-arc-b580-and-b570-for-budget-gamers',
      INTEL_XMX_GUIDE,
    ],
    notes:
      `20 Xe2-cores (160 XMX), 12 GB GDDR6 on 192 bits at 19 Gbps = 456 GB/s, 233 AI TOPS (INT8), 190 W TBP. FP32 13.67 ` +
      `TFLOPS at the 2670 MHz graphics clock (TechPowerUp data). ${BATTLEMAGE_NOTE}`,
  },
  {
    id: 'intel-arc-pro-b70',
    name: 'Intel Arc Pro B70',
    aliases: ['Arc Pro B70', 'Intel Arc Pro B70 Graphics', 'Intel(R) Arc(TM) Pro B70 Graphics'],
    vendor: 'intel',
    segment: 'workstation',
    generation: 'intel-xe2',
    architecture: 'Xe2-HPG (Battlemage)',
    computeTarget: 'xe2-hpg',
    computeUnits: 32,
    memoryBytes: 32 * GiB,
    memoryType: 'GDDR6 (ECC)',
    memoryBandwidthBytesPerSecond: gbPerSecond(608),
    fp16TensorTflops: 183.5,
    bf16TensorTflops: 183.5,
    fp8TensorTflops: null,
    int8TensorTops: 367,
    fp32Tflops: 22.9,
    hasMatrixUnits: true,
    interconnect: { kind: 'pcie', hostLink: 'PCIe 5.0 x16' },
    tdpWatts: 230,
    launchDate: '2026-03-01',
    launchPriceUsd: null,
    sourceUrl: 'https://zolotukhin.ai/blog/2026-05-18-intel-arc-pro-b70-deep-dive-and-zincs-t-intel-plan/',
    extraSourceUrls: ['https://www.backend.ai/blog/2026-06-intel-arc-pro-b70-meets-backend-ai', INTEL_XMX_GUIDE],
    notes:
      `BMG-G31: 32 Xe2-cores (256 XMX), 32 GB ECC GDDR6 on 256 bits, 608 GB/s, 367 INT8 TOPS, 230 W board power, PCIe 5.0 ` +
      `x16 (the cited deep dive). Intel's graphics clock was not in the sources read, so FP32 = 32 x 256 FLOP/clock x 2.80 GHz, ` +
      `the clock the 367 TOPS imply at 512 INT8 ops/clock per XMX engine (the B580's 233 TOPS give 2.84 GHz the same way): ` +
      `an upper bound, like the TOPS. Launched in March 2026 (Backend.AI); the day is the month's first, not a published ` +
      `date. No US price in the sources read. ${BATTLEMAGE_NOTE}`,
  },
]);
