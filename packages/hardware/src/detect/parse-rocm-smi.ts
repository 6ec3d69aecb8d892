export interface RocmSmiGpu {
  card: string;
  name: string;
  vramTotalBytes: number | null;
  vramUsedBytes: number | null;
  busId: string | null;
}

/**
 * Parses `rocm-smi --showproductname --showmeminfo vram --showbus --json`: one object per card
 * ("card0": {"Card Series": ..., "VRAM Total Memory (B)": ..., "PCI Bus": ...}). Key spellings vary
 * between ROCm releases, so keys are matched loosely.
 */
export function parseRocmSmiJson(json: string): RocmSmiGpu[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const gpus: RocmSmiGpu[] = [];
  for (const [card, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^card\d+$/.test(card) || typeof value !== 'object' || value === null) continue;
    const fields = value as Record<string, unknown>;
    const find = (pattern: RegExp) => {
      const entry = Object.entries(fields).find(([key]) => pattern.test(key));
      return entry === undefined ? undefined : String(entry[1]);
    };
    const bytes = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : null);
    const name = find(/card series/i) ?? find(/card model/i) ?? find(/market name/i) ?? 'AMD GPU';
    gpus.push({
      card,
      name: name.trim(),
      vramTotalBytes: bytes(find(/vram total memory/i)),
      vramUsedBytes: bytes(find(/vram total used/i)),
      busId: find(/pci bus/i)?.trim() ?? null,
    });
  }
  return gpus;
}
