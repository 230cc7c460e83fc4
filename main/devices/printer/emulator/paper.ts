/** What the emulator decoded, drawn as a strip of receipt paper: a PNG at the printer's dots. */
import { createRequire } from 'node:module';
import type pngjs from 'pngjs';
import { PAPER } from '../profiles.js';
import type { Align, Decoded, Glyph } from './decoder.js';
import { GLYPH_CHARS, GLYPH_DATA, GLYPH_HEIGHT, GLYPH_WIDTH } from './font-data.js';
import { encodeQr } from './qr.js';

/** Font A: a 12 × 24 dot cell; the 9 × 18 glyph sits inside it. */
const CELL_W = 12;
const CELL_H = 24;
const GLYPH_X = 1;
const GLYPH_Y = 3;
const MARGIN = 12;

// pngjs and the font load with the first preview drawn, not at start (cold start).
const load = createRequire(import.meta.url);
let png: typeof pngjs | undefined;
const PNG = () => (png ??= load('pngjs') as typeof pngjs).PNG;

let glyphs: ReadonlyMap<string, Uint16Array> | undefined;
const GLYPHS = (): ReadonlyMap<string, Uint16Array> => (glyphs ??= font());

function font(): ReadonlyMap<string, Uint16Array> {
  const data = Buffer.from(GLYPH_DATA, 'base64');
  const map = new Map<string, Uint16Array>();
  [...GLYPH_CHARS].forEach((ch, i) => {
    const rows = new Uint16Array(GLYPH_HEIGHT);
    for (let y = 0; y < GLYPH_HEIGHT; y++) rows[y] = data.readUInt16BE((i * GLYPH_HEIGHT + y) * 2);
    map.set(ch, rows);
  });
  return map;
}

class Canvas {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height).fill(255);
  }
  dot(x: number, y: number, shade = 0): void {
    if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.data[y * this.width + x] = shade;
  }
  png(): Buffer {
    const png = new (PNG())({ width: this.width, height: this.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    png.data = Buffer.from(this.data);
    return PNG().sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
  }
}

function lineHeight(glyphs: readonly Glyph[], spacing: number): number {
  const tall = glyphs.some((g) => g.tall);
  return Math.max(spacing, tall ? CELL_H * 2 : CELL_H);
}

function startX(width: number, paperDots: number, align: Align): number {
  if (align === 'center') return Math.max(0, Math.floor((paperDots - width) / 2));
  if (align === 'right') return Math.max(0, paperDots - width);
  return 0;
}

/** The PNG of one decoded job at the paper's real width in dots (58 mm: 384, 80 mm: 576). */
export function paperPng(decoded: Decoded, paper: 58 | 80): Buffer {
  const dots = PAPER[paper].dots;
  const qrs = new Map<number, boolean[][] | null>();
  decoded.items.forEach((item, i) => {
    if (item.kind === 'qr') qrs.set(i, encodeQr(item.data, item.level));
  });
  const heights = decoded.items.map((item, i) => {
    switch (item.kind) {
      case 'line':
        return lineHeight(item.glyphs, item.spacing);
      case 'feed':
        return item.dots;
      case 'qr':
        return ((qrs.get(i)?.length ?? 21) + 8) * item.moduleSize;
      case 'raster':
        return item.height;
      case 'cut':
        return CELL_H;
    }
  });
  const canvas = new Canvas(
    dots + MARGIN * 2,
    Math.max(
      CELL_H,
      heights.reduce((a, b) => a + b, 0),
    ) +
      MARGIN * 2,
  );
  let y = MARGIN;
  decoded.items.forEach((item, i) => {
    const h = heights[i]!;
    if (item.kind === 'line') {
      const width = item.glyphs.reduce((n, g) => n + (g.wide ? CELL_W * 2 : CELL_W), 0);
      let x = MARGIN + startX(width, dots, item.align);
      const baseY = y + h - (item.glyphs.some((g) => g.tall) ? CELL_H * 2 : CELL_H);
      for (const g of item.glyphs) {
        drawGlyph(canvas, g, x, baseY);
        x += g.wide ? CELL_W * 2 : CELL_W;
      }
    } else if (item.kind === 'qr') {
      const matrix = qrs.get(i);
      const m = item.moduleSize;
      const size = (matrix?.length ?? 21) * m;
      const x0 = MARGIN + startX(size, dots, item.align);
      const y0 = y + 4 * m;
      if (matrix) {
        matrix.forEach((row, my) =>
          row.forEach((dark, mx) => {
            if (dark) for (let dy = 0; dy < m; dy++) for (let dx = 0; dx < m; dx++) canvas.dot(x0 + mx * m + dx, y0 + my * m + dy);
          }),
        );
      } else {
        // Past version 40: the outline of where the code would be.
        for (let d = 0; d < size; d++) {
          canvas.dot(x0 + d, y0);
          canvas.dot(x0 + d, y0 + size - 1);
          canvas.dot(x0, y0 + d);
          canvas.dot(x0 + size - 1, y0 + d);
        }
      }
    } else if (item.kind === 'raster') {
      const x0 = MARGIN + startX(item.widthBytes * 8, dots, item.align);
      for (let ry = 0; ry < item.height; ry++) {
        for (let rx = 0; rx < item.widthBytes * 8; rx++) {
          if ((item.data[ry * item.widthBytes + (rx >> 3)]! >> (7 - (rx & 7))) & 1) canvas.dot(x0 + rx, y + ry);
        }
      }
    } else if (item.kind === 'cut') {
      const cy = y + Math.floor(h / 2);
      for (let x = 0; x < canvas.width; x++) if (x % 8 < (item.partial ? 2 : 5)) canvas.dot(x, cy, 128);
    }
    y += h;
  });
  return canvas.png();
}

function drawGlyph(canvas: Canvas, g: Glyph, x: number, y: number): void {
  const font = GLYPHS();
  const rows = font.get(g.ch) ?? font.get('\uFFFD') ?? font.get('?')!;
  const sx = g.wide ? 2 : 1;
  const sy = g.tall ? 2 : 1;
  for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
    const row = rows[gy]!;
    for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
      if (!((row >> (GLYPH_WIDTH - 1 - gx)) & 1)) continue;
      for (let dy = 0; dy < sy; dy++) {
        for (let dx = 0; dx < sx + (g.bold ? 1 : 0); dx++) canvas.dot(x + (GLYPH_X + gx) * sx + dx, y + (GLYPH_Y + gy) * sy + dy);
      }
    }
  }
}
