import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_SIZE, iconPixels, iconSvg } from './icon.mjs';

const committedPng = readFileSync(new URL('../build/icon.png', import.meta.url));

/** The pixel rows of a PNG written by icon.mjs (one IDAT chunk). */
function pngRows(png: Buffer): Buffer {
  const idat = png.indexOf('IDAT', 8, 'latin1');
  return inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
}

describe('the app icon', () => {
  it('is the committed SVG and PNG of the same shapes (run node scripts/icon.mjs after changing them)', () => {
    expect(readFileSync(new URL('../build/icon.svg', import.meta.url), 'utf8')).toBe(iconSvg());
    expect(pngRows(committedPng).equals(iconPixels())).toBe(true);
  });

  it('is a 512 x 512 RGBA PNG, transparent in the corners and opaque in the middle', () => {
    expect([committedPng.readUInt32BE(16), committedPng.readUInt32BE(20), committedPng[24], committedPng[25]]).toEqual([512, 512, 8, 6]);
    const rows = pngRows(committedPng);
    const alpha = (x: number, y: number) => rows[y * (1 + ICON_SIZE * 4) + 1 + x * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(256, 256)).toBe(255);
  });
});
