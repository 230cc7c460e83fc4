// Draws the app icon (512×512 PNG: a receipt on a teal tile) with nothing but node:zlib, so the
// build needs no image tools. electron-builder makes the .ico and the Linux sizes from it.
// Run: node resources/icons/make-icon.mjs   → resources/icons/icon.png
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SUB = 4; // 4×4 samples per pixel: smooth edges

const TEAL = [15, 118, 110];
const TEAL_DARK = [17, 94, 89];
const PAPER = [255, 255, 255];
const INK = [71, 85, 105];

function roundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The receipt: a paper strip with a torn (zigzag) bottom edge. */
function paper(x, y) {
  if (x < 148 || x > 364 || y < 84) return false;
  if (y <= 392) return true;
  const period = 27;
  const t = (((x - 148) % period) + period) % period;
  const tooth = 30 * (1 - Math.abs(t - period / 2) / (period / 2));
  return y <= 392 + tooth;
}

const LINES = [
  // [y, x0, x1, thickness, colour]
  [136, 184, 328, 14, INK],
  [176, 184, 300, 14, INK],
  [216, 184, 316, 14, INK],
  [256, 184, 270, 14, INK],
  [318, 184, 328, 26, TEAL],
];

function colourAt(x, y) {
  if (!roundedRect(x, y, 16, 16, 496, 496, 104)) return null;
  const t = y / SIZE; // top-to-bottom gradient
  let c = TEAL.map((v, i) => v + (TEAL_DARK[i] - v) * t);
  if (paper(x - 10, y - 12) && !paper(x, y)) c = c.map((v) => v * 0.7); // soft shadow
  if (paper(x, y)) {
    c = PAPER;
    for (const [ly, x0, x1, h, colour] of LINES) {
      if (roundedRect(x, y, x0, ly - h / 2, x1, ly + h / 2, h / 2)) c = colour;
    }
    if (y >= 288 && y <= 291 && Math.floor((x - 184) / 12) % 2 === 0 && x >= 184 && x <= 328) c = INK;
  }
  return c;
}

const rows = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let py = 0; py < SIZE; py++) {
  const row = py * (1 + SIZE * 4);
  rows[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SUB; sy++) {
      for (let sx = 0; sx < SUB; sx++) {
        const c = colourAt(px + (sx + 0.5) / SUB, py + (sy + 0.5) / SUB);
        if (c) {
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
    }
    const o = row + 1 + px * 4;
    if (a > 0) {
      rows[o] = Math.round(r / a);
      rows[o + 1] = Math.round(g / a);
      rows[o + 2] = Math.round(b / a);
    }
    rows[o + 3] = Math.round((255 * a) / (SUB * SUB));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('./icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`icon: ${out.pathname} (${png.length} bytes)`);
