// The app icon, drawn from one list of shapes into build/icon.svg and build/icon.png (512 x 512, what
// electron-builder turns into the .icns, .ico and Linux icon sizes). An original design: three memory bars
// of rising height under a capacity line, the planner's question in one picture. Run `node scripts/icon.mjs`
// after changing a shape; scripts/icon.test.ts checks the committed files match.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ICON_SIZE = 512;

/** @typedef {[x: number, y: number, width: number, height: number, radius: number, colour: string]} Shape */

/** Shapes in a 512-unit square, painted in order: [x, y, width, height, corner radius, colour]. @type {Shape[]} */
export const ICON_SHAPES = [
  [16, 16, 480, 480, 96, '#1d3557'],
  [96, 300, 88, 132, 14, '#64b5f6'],
  [212, 220, 88, 212, 14, '#4db6ac'],
  [328, 150, 88, 282, 14, '#ffb74d'],
  [72, 112, 368, 20, 10, '#f1faee'],
];

export function iconSvg() {
  const shapes = ICON_SHAPES.map(
    ([x, y, width, height, radius, colour]) =>
      `  <rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${radius}" fill="${colour}"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${ICON_SIZE}" height="${ICON_SIZE}" viewBox="0 0 ${ICON_SIZE} ${ICON_SIZE}" role="img">\n  <title>Weightplan</title>\n${shapes.join('\n')}\n</svg>\n`;
}

/** @param {number} px @param {number} py @param {Shape} shape */
function insideRoundedRect(px, py, [x, y, width, height, radius]) {
  if (px < x || py < y || px >= x + width || py >= y + height) return false;
  const cx = Math.min(Math.max(px, x + radius), x + width - radius);
  const cy = Math.min(Math.max(py, y + radius), y + height - radius);
  return (px - cx) ** 2 + (py - cy) ** 2 <= radius ** 2;
}

/** @param {string} hex @returns {[number, number, number]} */
const rgb = (hex) => [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];

/** RGBA rows, each prefixed by PNG's filter byte 0; edges anti-aliased by 4 x 4 supersampling. */
export function iconPixels() {
  const samples = 4;
  const rows = Buffer.alloc(ICON_SIZE * (1 + ICON_SIZE * 4));
  for (let y = 0; y < ICON_SIZE; y++) {
    const row = y * (1 + ICON_SIZE * 4);
    for (let x = 0; x < ICON_SIZE; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = x + (sx + 0.5) / samples;
          const py = y + (sy + 0.5) / samples;
          let colour = null;
          for (const shape of ICON_SHAPES) if (insideRoundedRect(px, py, shape)) colour = shape[5];
          if (colour) {
            const [cr, cg, cb] = rgb(colour);
            r += cr;
            g += cg;
            b += cb;
            a += 1;
          }
        }
      }
      const offset = row + 1 + x * 4;
      // Colour averaged over covered samples (straight alpha), coverage as alpha.
      rows[offset] = a ? Math.round(r / a) : 0;
      rows[offset + 1] = a ? Math.round(g / a) : 0;
      rows[offset + 2] = a ? Math.round(b / a) : 0;
      rows[offset + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Buffer} buffer */
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = /** @type {number} */ (CRC_TABLE[(c ^ byte) & 0xff]) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function iconPng() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(ICON_SIZE, 0);
  header.writeUInt32BE(ICON_SIZE, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(iconPixels(), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../build/icon.svg', import.meta.url), iconSvg());
  writeFileSync(new URL('../build/icon.png', import.meta.url), iconPng());
  console.log('wrote build/icon.svg and build/icon.png');
}
