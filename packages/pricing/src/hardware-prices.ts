import { type HardwarePrice, HardwarePriceSchema } from './cloud-instance.js';

// Sources. Rows cite the document the number was copied from. `street` rows from the United-Compute tracker are
// the latest point of its Amazon price history for that card (new-condition listing, seller varies); readOn is
// the date of that point. Hugging Face hardware pages show a rounded "MSRP" and no date, so those rows carry the
// day the page was read. Datacenter parts rarely have a public list price: treat those figures as rough.
const TRACKER = 'https://github.com/United-Compute/gpu-price-tracker/blob';
const TRACKER_NOTE = 'Latest point of the Amazon price history kept by United-Compute/gpu-price-tracker.';
const HF_NOTE =
  'Hugging Face hardware page "MSRP" field, shown rounded to the nearest $0.5k-$1k; the page is undated, readOn is the day it was read. Vendors publish no list price for this part; real quotes depend on volume and server bundle.';

/** Purchase prices for GPUs without a vendor MSRP in the spec database (datacenter parts) and street prices. */
export const HARDWARE_PRICES: readonly HardwarePrice[] = Object.freeze(
  (
    [
      // ---------------------------------------------------------------- Datacenter parts
      {
        gpuSpecId: 'nvidia-h100-pcie',
        priceUsd: 25249.95,
        basis: 'street',
        sourceUrl: `${TRACKER}/352e5cc7dc4f4cbfb41f4d3d8af8ad417cfc4719/data/NVIDIA_H100_PCIe_80_GB.json`,
        readOn: '2025-07-04',
        notes: `H100 PCIe 80GB, single card. ${TRACKER_NOTE} The same listing was $34,749.95 through August 2024 and $25,749.95 in October 2024.`,
      },
      {
        gpuSpecId: 'nvidia-h100-sxm5-80gb',
        priceUsd: 30000,
        basis: 'msrp',
        sourceUrl: 'https://huggingface.co/hardware/h100',
        readOn: '2026-11-26',
        notes: `H100 SXM 80GB (700 W). ${HF_NOTE} SXM modules are normally bought inside 8-GPU HGX servers.`,
      },
      {
        gpuSpecId: 'nvidia-h200-sxm',
        priceUsd: 32000,
        basis: 'msrp',
        sourceUrl: 'https://huggingface.co/hardware/h200',
        readOn: '2026-11-26',
        notes: `H200 SXM 141GB (700 W). ${HF_NOTE}`,
      },
      {
        gpuSpecId: 'nvidia-a100-sxm4-80gb',
        priceUsd: 15000,
        basis: 'msrp',
        sourceUrl: 'https://huggingface.co/hardware/a100',
        readOn: '2026-11-26',
        notes: `A100 80GB (the page lists 400 W, the SXM4 rating). ${HF_NOTE}`,
      },
      {
        gpuSpecId: 'nvidia-a100-pcie-40gb',
        priceUsd: 7099,
        basis: 'street',
        sourceUrl: `${TRACKER}/02db5b7f8b1990e0cee494976ee60841e395d10b/data/NVIDIA_A100_40GB_PCle.json`,
        readOn: '2025-07-21',
        notes: `A100 PCIe 40GB, single card. ${TRACKER_NOTE} Ranged $6,369-$8,968 between March 2024 and July 2025.`,
      },
      {
        gpuSpecId: 'amd-instinct-mi300x',
        priceUsd: 15000,
        basis: 'msrp',
        sourceUrl: 'https://huggingface.co/hardware/mi300',
        readOn: '2026-11-26',
        notes: `AMD Instinct MI300 page (192 GB HBM3, 750 W: the MI300X). ${HF_NOTE}`,
      },
      {
        gpuSpecId: 'nvidia-l40s',
        priceUsd: 8500,
        basis: 'msrp',
        sourceUrl: 'https://huggingface.co/hardware/l40s',
        readOn: '2026-11-26',
        notes: `L40S 48GB PCIe. ${HF_NOTE} runlocalai.co quotes $7,500-$8,500 retail; datastorage.com ~$7k-$10k per module.`,
      },
      {
        gpuSpecId: 'nvidia-l4',
        priceUsd: 2546.95,
        basis: 'street',
        sourceUrl: `${TRACKER}/0c32f17c9881d9e7b80b8c82ea740bf1367eeb5f/data/NVIDIA_L4.json`,
        readOn: '2025-07-19',
        notes: `L4 24GB PCIe. ${TRACKER_NOTE} Ranged $2,546.95-$3,266.43 between August 2024 and July 2025.`,
      },
      {
        gpuSpecId: 'nvidia-a40',
        priceUsd: 5809,
        basis: 'street',
        sourceUrl: `${TRACKER}/5d244adef4da6cc78f886f31d2069ab141bc8e8e/data/NVIDIA_A40_PCIe.json`,
        readOn: '2025-06-09',
        notes: `A40 48GB PCIe. ${TRACKER_NOTE} Hugging Face lists an MSRP of $5.5k.`,
      },

      // ---------------------------------------------------------------- Workstation cards
      {
        gpuSpecId: 'nvidia-rtx-pro-6000-blackwell-workstation',
        priceUsd: 8565,
        basis: 'msrp',
        sourceUrl: 'https://www.newgearhub.com/review/nvidia-gtc-2026-blackwell-gpus-pro-workstations',
        readOn: '2026-04-06',
        notes:
          'RTX PRO 6000 Blackwell Workstation Edition, 96GB. The article gives the $8,565 MSRP and a retail range of $8,000-$9,200 as of April 2026.',
      },
      {
        gpuSpecId: 'nvidia-rtx-6000-ada',
        priceUsd: 6886.96,
        basis: 'street',
        sourceUrl: `${TRACKER}/02db5b7f8b1990e0cee494976ee60841e395d10b/data/NVIDIA_RTX_6000_Ada_Generation.json`,
        readOn: '2025-07-22',
        notes: `RTX 6000 Ada 48GB. ${TRACKER_NOTE} Between $7,439.99 and $8,449 in the first half of 2025; launch MSRP $6,799 is in the spec database.`,
      },
      {
        gpuSpecId: 'nvidia-rtx-a6000',
        priceUsd: 5172.96,
        basis: 'street',
        sourceUrl: `${TRACKER}/02db5b7f8b1990e0cee494976ee60841e395d10b/data/NVIDIA_RTX_A6000.json`,
        readOn: '2025-07-21',
        notes: `RTX A6000 48GB (new). ${TRACKER_NOTE} Ranged $4,793.96-$5,599 in 2025; Hugging Face lists an MSRP of $4.7k.`,
      },
      {
        gpuSpecId: 'nvidia-rtx-5000-ada',
        priceUsd: 4087,
        basis: 'street',
        sourceUrl: `${TRACKER}/2a6f1d5518e5152057213f0ff35ef5198ddbccf8/data/NVIDIA_RTX_5000_Ada_Generation.json`,
        readOn: '2025-06-25',
        notes: `RTX 5000 Ada 32GB. ${TRACKER_NOTE} Was $5,750.48 in January 2025.`,
      },

      // ---------------------------------------------------------------- Consumer cards (street)
      {
        gpuSpecId: 'nvidia-geforce-rtx-5090',
        priceUsd: 3059,
        basis: 'street',
        sourceUrl: 'https://themoneyunlock.com/rtx-5090-partner-cards-launch-ces-prices-surge-past-3500-scalpers-circle-january-05-2026',
        readOn: '2026-01-05',
        notes:
          'Cheapest partner card in the article: ASUS ProArt RTX 5090 "starting" at $3,059. Other partner cards $3,299-$3,699; the Founders Edition stays at its $1,999 MSRP on NVIDIA\'s store but is frequently out of stock.',
      },
      {
        gpuSpecId: 'nvidia-geforce-rtx-4090',
        priceUsd: 3159.99,
        basis: 'street',
        sourceUrl: `${TRACKER}/02db5b7f8b1990e0cee494976ee60841e395d10b/data/NVIDIA_GeForce_RTX_4090.json`,
        readOn: '2025-07-22',
        notes: `New card. ${TRACKER_NOTE} insiderllm.com gives $2,200-$2,800 for a new card in February 2026; launch MSRP $1,599.`,
      },
      {
        gpuSpecId: 'nvidia-geforce-rtx-3090',
        priceUsd: 750,
        basis: 'street',
        sourceUrl: 'https://bestllmfor.com/best/dual-rtx-3090-budget-rig/',
        readOn: '2026-05-16',
        notes:
          'Used. "Settled around $750" on Reddit hardware swap and eBay sold listings; NVLink-capable FE/EVGA FTW3 cards toward $850. Other 2026 guides: $500-$800 (local-llm.net), $600-$750 (mylocalai.org), $700-$1,000 in February 2026 (insiderllm.com).',
      },
      {
        gpuSpecId: 'amd-radeon-rx-7900-xtx',
        priceUsd: 900,
        basis: 'street',
        sourceUrl: 'https://www.sportskeeda.com/gaming-tech/is-amd-radeon-rx-7900-xtx-still-good-gaming',
        readOn: '2024-05-16',
        notes:
          'New, low end of the "around $900-$920" retail range the article gives; $850 in promotional sales. Launch MSRP $999. No newer dated point price found.',
      },

      // ---------------------------------------------------------------- Unified-memory machines (whole system)
      {
        gpuSpecId: 'apple-m3-ultra-60-core-gpu',
        priceUsd: 3999,
        basis: 'list',
        sourceUrl: 'https://english.worldmagazine.it/431260',
        readOn: '2025-03-05',
        notes:
          'Mac Studio (2025) base M3 Ultra: 28-core CPU, 60-core GPU, 96GB, 1TB SSD, launch list price (Macworld report). The 80-core GPU / 512GB configuration had no citable price. Several 2026 guides report Apple raising Mac prices and pulling memory tiers during the 2026 memory shortage.',
      },
      {
        gpuSpecId: 'apple-m4-max-32-core-gpu',
        priceUsd: 1999,
        basis: 'list',
        sourceUrl: 'https://english.worldmagazine.it/431260',
        readOn: '2025-03-05',
        notes: 'Mac Studio (2025) base M4 Max: 14-core CPU, 32-core GPU, 36GB, 512GB SSD, launch list price (Macworld report).',
      },
      {
        gpuSpecId: 'apple-m2-ultra-60-core-gpu',
        priceUsd: 3999,
        basis: 'list',
        sourceUrl: 'https://www.imore.com/mac/m2-mac-studio-2023',
        readOn: '2023-06-05',
        notes:
          'Mac Studio (2023) M2 Ultra: 24-core CPU, 60-core GPU, 64GB, 1TB SSD, launch list price. beans-wellness.com (2026-02-22) puts used M2 Ultra machines at $1,800-$2,200.',
      },
      {
        gpuSpecId: 'amd-radeon-8060s',
        priceUsd: 1999,
        basis: 'list',
        sourceUrl: 'https://matthewjayhunter.com/post/reviews/hardware/framework_desktop',
        readOn: '2026-11-26',
        notes:
          'Framework Desktop, Ryzen AI Max+ 395 (Radeon 8060S), 128GB: $1,999 before storage, cooling and accessories. Review undated; readOn is the day it was read. Framework announced the machine on 2025-02-25 at $1,099-$1,999.',
      },
    ] as unknown[]
  ).map((row) => HardwarePriceSchema.parse(row)),
);
