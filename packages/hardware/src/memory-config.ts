import { InvalidInputError, UnknownNameError } from '@weightplan/match';

/** A system memory configuration: technology, transfer rate and populated 64-bit channels. */
export interface MemoryConfig {
  type: string;
  megaTransfersPerSecond: number;
  channels: number;
  bandwidthBytesPerSecond: number;
}

/**
 * Common platforms' memory as shipped, for what-if profiles: `--memory "EPYC Genoa"`. Peak bandwidth is
 * channels x transfer rate x 8 bytes per 64-bit channel (JEDEC JESD79-4/-5 DIMMs; LPDDR5X packages
 * counted in 64-bit equivalents).
 */
export const MEMORY_PLATFORMS: ReadonlyArray<{ name: string; config: string; sourceUrl: string }> = [
  { name: 'desktop DDR4', config: 'DDR4-3200 2ch', sourceUrl: 'https://www.jedec.org/standards-documents/docs/jesd79-4a' },
  {
    name: 'desktop DDR5',
    config: 'DDR5-5600 2ch',
    sourceUrl: 'https://www.amd.com/en/products/processors/desktops/ryzen/9000-series/amd-ryzen-9-9950x.html',
  },
  {
    name: 'Threadripper PRO 7000',
    config: 'DDR5-5200 8ch',
    sourceUrl: 'https://www.amd.com/en/products/processors/workstations/ryzen-threadripper.html',
  },
  { name: 'EPYC Milan', config: 'DDR4-3200 8ch', sourceUrl: 'https://www.amd.com/en/products/processors/server/epyc/7003-series.html' },
  {
    name: 'EPYC Genoa',
    config: 'DDR5-4800 12ch',
    sourceUrl: 'https://www.amd.com/en/products/processors/server/epyc/4th-generation-9004-and-8004-series.html',
  },
  { name: 'EPYC Turin', config: 'DDR5-6000 12ch', sourceUrl: 'https://www.amd.com/en/products/processors/server/epyc/9005-series.html' },
  {
    name: 'Xeon Sapphire Rapids',
    config: 'DDR5-4800 8ch',
    sourceUrl: 'https://www.intel.com/content/www/us/en/products/docs/processors/xeon-accelerated/4th-gen-xeon-scalable-processors.html',
  },
  {
    name: 'Xeon Granite Rapids',
    config: 'DDR5-6400 12ch',
    sourceUrl: 'https://www.intel.com/content/www/us/en/products/details/processors/xeon/xeon6-p-cores.html',
  },
];

const CONFIG = /^\s*(DDR4|DDR5|LPDDR4X|LPDDR5X?)[-\s]?(\d{3,5})\s*(?:x\s*)?(\d{1,2})\s*(?:ch|channels?)\s*$/i;

/**
 * Reads "DDR5-5600 2ch", "DDR4-3200 8 channels", "LPDDR5X-8533 2ch", or a platform name from
 * MEMORY_PLATFORMS. Rejects rates and channel counts no hardware has.
 */
export function parseMemoryConfig(text: string): MemoryConfig {
  const platform = MEMORY_PLATFORMS.find((p) => p.name.toLowerCase() === text.trim().toLowerCase());
  const match = CONFIG.exec(platform?.config ?? text);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new UnknownNameError(
      'memory configuration',
      text,
      MEMORY_PLATFORMS.map((p) => p.name),
      'TYPE-RATE CHANNELSch, e.g. "DDR5-5600 2ch", or a platform name',
    );
  }
  const megaTransfersPerSecond = Number(match[2]);
  const channels = Number(match[3]);
  if (megaTransfersPerSecond < 1600 || megaTransfersPerSecond > 12000)
    throw new InvalidInputError(`memory transfer rate must be from 1600 to 12000 MT/s, got ${megaTransfersPerSecond}`);
  if (channels < 1 || channels > 24) throw new InvalidInputError(`memory channels must be from 1 to 24, got ${channels}`);
  return {
    type: match[1].toUpperCase(),
    megaTransfersPerSecond,
    channels,
    bandwidthBytesPerSecond: channels * megaTransfersPerSecond * 1e6 * 8,
  };
}
