import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';

const DRM = '/sys/class/drm';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function readBytes(path: string): number | undefined {
  const text = readText(path);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Linux DRM cards with their PCI ids and, for amdgpu, the VRAM and GTT counters. An AMD APU reports a
 * small VRAM carve-out and a large GTT (the system RAM the GPU may map), which is what it can really use.
 */
export function readDrmCards(root = DRM) {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((name) => /^card\d+$/.test(name));
  } catch {
    return undefined;
  }
  return entries.flatMap((card) => {
    const device = join(root, card, 'device');
    const vendorId = readText(join(device, 'vendor'));
    const deviceId = readText(join(device, 'device'));
    if (!vendorId || !deviceId) return [];
    let pciBus: string | undefined;
    try {
      pciBus = basename(realpathSync(device));
    } catch {
      pciBus = undefined;
    }
    const optional = (key: string, value: number | undefined) => (value === undefined ? {} : { [key]: value });
    return [
      {
        card,
        vendorId,
        deviceId,
        ...(pciBus ? { pciBus } : {}),
        ...optional('vramTotalBytes', readBytes(join(device, 'mem_info_vram_total'))),
        ...optional('vramUsedBytes', readBytes(join(device, 'mem_info_vram_used'))),
        ...optional('gttTotalBytes', readBytes(join(device, 'mem_info_gtt_total'))),
        ...optional('gttUsedBytes', readBytes(join(device, 'mem_info_gtt_used'))),
      },
    ];
  });
}
