/**
 * Every kind of stored document on paper: a return, an annulment, a cash in and a cash out made
 * through the router like the cashier makes them, printed to a TCP printer emulator, read back
 * as exactly the document; the shop's own header and footer saved by the admin, and its logo as
 * a raster image the printer (and the emulator's picture of the paper) shows.
 */
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { loginAs } from '../fixtures/core.js';
import { auditOf, closePrinting, jobs, printedText, printingTill, sell, setPrinter, tcpPrinter } from '../fixtures/printer/till.js';
import { getSetting } from '../../main/services/settings.js';
import { PRINTER_PRESETS, type PrinterProfileId } from '../../preload/contract/index.js';

afterEach(closePrinting);

const CASH_PULSE = [{ pin: 2, onMs: 50, offMs: 500 }];

describe('stored documents of every kind print as they read', () => {
  it('a return, its annulment, a cash in and a cash out: the emulator reads back each document', async () => {
    const till = await printingTill();
    const printer = await tcpPrinter(till);
    const sale = await sell(till);
    const returned = await till.ok('returns.byCheck', { documentId: sale.document.id });
    const annulled = await till.ok('documents.annul', { documentId: returned.document.id, reason: 'Ошибка кассира' });
    const cashIn = await till.ok('cash.in', { amount: 10_000, currency: 'BYN' });
    const cashOut = await till.ok('cash.out', { amount: 2_550, currency: 'BYN' });
    const made = [sale, returned, annulled, cashIn, cashOut];
    for (const m of made) expect(m.print, m.document.kind).toMatchObject({ printed: true, copy: false });

    const paper = await jobs(printer, made.length);
    expect(paper).toHaveLength(made.length);
    made.forEach((m, i) => {
      const job = paper[i]!;
      expect(job.decoded.text, m.document.kind).toEqual(printedText(till, m.document.id));
      expect(job.decoded.unknown, m.document.kind).toEqual([]);
      // Cash moves open the drawer (the sale paid in cash, the cash refund, in, out); the annulment does not.
      expect(job.decoded.pulses, m.document.kind).toEqual(m.document.kind === 'annulment' ? [] : CASH_PULSE);
    });
    const texts = paper.map((j) => j.decoded.text.join('\n'));
    expect(texts[1]).toMatch(/ВОЗВРАТ/);
    expect(texts[1]).toContain(`смена 1, документ ${sale.document.numberInShift}`);
    expect(texts[2]).toMatch(/АННУЛИРОВАНИЕ/);
    expect(texts[3]).toMatch(/ВНЕСЕНИЕ/);
    expect(texts[3]).toMatch(/СУММА\s+100\.00 BYN/);
    expect(texts[4]).toMatch(/ИЗЪЯТИЕ/);
    expect(texts[4]).toMatch(/СУММА\s+25\.50 BYN/);
  });
});

describe('«Изъять всё и закрыть» on paper', () => {
  // Every preset (the custom one with a table number of its own): the cash out prints before the Z.
  const profiles = Object.keys(PRINTER_PRESETS) as PrinterProfileId[];
  it.each(profiles)('prints the cash out it made, then the Z, on a %s printer', async (profile) => {
    const till = await printingTill();
    const printer = await tcpPrinter(till);
    const codeTable = profile === 'custom' ? 17 : null;
    printer.configure({ profile, paper: 80, ...(codeTable === null ? {} : { custom: { codepage: 'cp866' as const, number: codeTable } }) });
    await setPrinter(till, { profile, codepage: 'cp866', codeTable });
    const sale = await sell(till);
    const z = await till.ok('shift.zReport', { cashOutAll: true });
    expect(z.print).toMatchObject({ printed: true });
    const cashOut = till.ctx.db.prepare("SELECT id FROM documents WHERE kind = 'cash_out'").pluck().all() as number[];
    expect(cashOut).toHaveLength(1);

    const paper = await jobs(printer, 3);
    expect(paper.map((j) => j.decoded.text)).toEqual([sale.document.id, cashOut[0]!, z.document.id].map((id) => printedText(till, id)));
    expect(paper.map((j) => j.decoded.unknown)).toEqual([[], [], []]);
    expect(paper[1]!.decoded.text.join('\n')).toMatch(/ИЗЪЯТИЕ/);
    expect(paper[2]!.decoded.text.join('\n')).toMatch(/Z-ОТЧ/);
  });
});

describe('the receipt template', () => {
  it('prints the header and footer lines the admin saved, with look-alikes for what the table lacks', async () => {
    const till = await printingTill();
    const printer = await tcpPrinter(till);
    const template = { header: ['Магазин «Ромашка»', 'Минск — ул. Ленина, 1'], footer: ['Приходите ещё…', 'Тел. +375 17 000-00-00'], logo: null };
    await setPrinter(till, { template });
    expect(getSetting(till.ctx, 'printer').template).toEqual(template); // saved as given
    const sale = await sell(till);
    const text = (await jobs(printer, 1))[0]!.decoded.text;
    expect(text).toEqual(printedText(till, sale.document.id));
    const trimmed = text.map((l) => l.trim());
    // Header lines above the organisation (the line before УНП), footer lines after the СКО block.
    const org = trimmed.findIndex((l) => l.startsWith('УНП')) - 1;
    const header = ['Магазин "Ромашка"', 'Минск - ул. Ленина, 1'].map((l) => trimmed.indexOf(l));
    expect(header.every((i) => i >= 0 && i < org)).toBe(true);
    const sko = trimmed.findIndex((l) => l.startsWith('Документ СКО'));
    const footer = ['Приходите ещё...', 'Тел. +375 17 000-00-00'].map((l) => trimmed.indexOf(l));
    expect(footer.every((i) => i > sko)).toBe(true);
    expect(footer[1]).toBe(footer[0]! + 1);
  });

  it('prints the logo as a raster image at the top, drawn dot for dot on the emulator picture', async () => {
    const till = await printingTill();
    const printer = await tcpPrinter(till);
    // 64 × 16: a frame and a diagonal, black on white.
    const W = 64;
    const H = 16;
    const black = (x: number, y: number) => x < 2 || y < 2 || x >= W - 2 || y >= H - 2 || x === y * 4;
    const logo = new PNG({ width: W, height: H });
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const v = black(x, y) ? 0 : 255;
        logo.data.set([v, v, v, 255], (y * W + x) * 4);
      }
    }
    const base64 = PNG.sync.write(logo).toString('base64');
    await setPrinter(till, { template: { ...getSetting(till.ctx, 'printer').template, logo: base64 } });
    const sale = await sell(till);
    expect(sale.print.printed).toBe(true);
    const job = (await jobs(printer, 1))[0]!;
    expect(job.decoded.unknown).toEqual([]);
    expect(job.decoded.text).toEqual(printedText(till, sale.document.id)); // the text is not disturbed
    const raster = job.decoded.items[0]!;
    expect(raster).toMatchObject({ kind: 'raster', widthBytes: W / 8, height: H, align: 'center' });
    if (raster.kind !== 'raster') throw new Error('no raster');
    // Each dot of the raster is the logo's pixel.
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(Boolean(raster.data[y * (W / 8) + (x >> 3)]! & (0x80 >> (x & 7))), `${x},${y}`).toBe(black(x, y));
    // And on the picture of the paper: centred on 576 dots, 12 dots of margin.
    const png = PNG.sync.read(job.png());
    const x0 = 12 + (576 - W) / 2;
    const y0 = 12;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) expect(png.data[((y0 + y) * png.width + x0 + x) * 4]! < 128, `png ${x},${y}`).toBe(black(x, y));
    }
    // The audit log names the logo by size and hash; its bytes are not copied there.
    await loginAs(till, 'admin');
    const saved = auditOf(till, 'devices.saved').at(-1)!;
    const logged = (saved.details.printer as { template: { logo: unknown } }).template.logo;
    expect(logged).toEqual({ bytes: Buffer.from(base64, 'base64').length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(saved.details)).not.toContain(base64.slice(0, 40));
  });
});
