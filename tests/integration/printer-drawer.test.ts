/**
 * The cash drawer, the training preview and the printer's diagnostics row, on a real core:
 * every opening and every failure to open is logged apart, the pulse inside a cash receipt
 * included; a cash sale opens the drawer even when its receipt cannot be laid out or printed,
 * but never twice; the training preview is the document just made, whatever the printer; the
 * diagnostics screen asks the printer instead of waiting for something to print.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getSetting } from '../../main/services/settings.js';
import { loginAs, pieceBarcodes } from '../fixtures/core.js';
import { auditOf, closePrinting, jobs, printedText, printingTill, refusingPort, sell, setPrinter, tcpPrinter } from '../fixtures/printer/till.js';

afterEach(closePrinting);

const drawerLog = (till: Parameters<typeof auditOf>[0]) => auditOf(till, 'drawer.').map((e) => [e.action, e.details.why, e.details.how]);

describe('the drawer and its log', () => {
  it('logs the pulse inside a cash receipt as a drawer opening, with the document', async () => {
    const till = await printingTill();
    const printer = await tcpPrinter(till);
    const paid = await sell(till);
    expect((await jobs(printer, 1))[0]!.decoded.pulses).toHaveLength(1);
    expect(auditOf(till, 'drawer.')).toEqual([{ action: 'drawer.opened', details: { why: 'auto', how: 'receipt', documentId: paid.document.id } }]);
  });

  it('logs a failed opening as failed, never as opened', async () => {
    const till = await printingTill();
    await setPrinter(till, { connection: { kind: 'tcp', host: '127.0.0.1', port: await refusingPort() } });
    await loginAs(till, 'admin');
    const r = await till.call('printer.openDrawer');
    expect(r).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR', message: expect.stringMatching(/Ящик не открылся: .*не принимает подключение/) } });
    expect(drawerLog(till)).toEqual([['drawer.failed', 'manual', 'pulse']]);
  });

  it('a printer that cannot be reached: the cashier reads that neither the receipt nor the drawer went, once', async () => {
    const till = await printingTill();
    await setPrinter(till, { connection: { kind: 'tcp', host: '127.0.0.1', port: await refusingPort() } });
    const paid = await sell(till);
    expect(paid.print.message).toMatch(/^Чек не напечатан: TCP .*не принимает подключение \(выключен или занят\)\. Ящик не открылся — откройте его ключом$/);
    expect(drawerLog(till)).toEqual([['drawer.failed', 'auto', 'receipt']]);
  });

  it('paper out mid-receipt: the receipt already opened the drawer, so it is not kicked a second time', async () => {
    const till = await printingTill();
    const printer = await tcpPrinter(till);
    printer.onJob(() => printer.setState({ paperOut: true }));
    const paid = await sell(till);
    expect(paid.print).toMatchObject({ printed: false, message: expect.stringMatching(/мог не допечататься/) });
    const paper = await jobs(printer, 2);
    expect(paper.flatMap((j) => j.decoded.pulses)).toHaveLength(1); // no real-time pulse after it
    expect(paper.some((j) => j.bytes.includes(Buffer.from([0x10, 0x14, 0x01])))).toBe(false);
    expect(drawerLog(till)).toEqual([['drawer.opened', 'auto', 'receipt']]);
  });

  it('out of paper before the receipt: the real-time pulse opens the drawer, logged as such', async () => {
    const till = await printingTill();
    const printer = await tcpPrinter(till);
    printer.setState({ paperOut: true });
    await sell(till);
    const paper = await jobs(printer, 1);
    expect(paper.map((j) => j.decoded.pulses.length)).toEqual([1]);
    expect(drawerLog(till)).toEqual([['drawer.opened', 'auto', 'real-time']]);
  });

  it('a receipt that cannot be laid out: the cash sale still opens the drawer, and both are logged', async () => {
    let broken = false;
    const till = await printingTill({ printing: { layoutFault: () => broken } });
    const printer = await tcpPrinter(till);
    for (const barcode of await pieceBarcodes(till, 1)) await till.ok('sale.addItem', { barcode });
    broken = true;
    const paid = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 50_000 }] });
    expect(paid.print).toMatchObject({ printed: false, message: expect.stringMatching(/^Чек не напечатан: вёрстка чека не удалась/) });
    const paper = await jobs(printer, 1);
    expect(paper.map((j) => [j.decoded.text.length, j.decoded.pulses.length])).toEqual([[0, 1]]);
    expect(drawerLog(till)).toEqual([['drawer.opened', 'auto', 'pulse']]);
    expect(auditOf(till, 'receipt.').map((e) => e.action)).toEqual(['receipt.print_failed']);
    // The document is stored; once the fault is gone, the original prints.
    broken = false;
    expect(await till.ok('documents.print', { id: paid.document.id })).toMatchObject({ printed: true, copy: false });
  });

  it('auto-print off and the printer unreachable: says the receipt never printed and the drawer did not open — no "print a copy"', async () => {
    const till = await printingTill();
    await setPrinter(till, { autoPrint: false, connection: { kind: 'tcp', host: '127.0.0.1', port: await refusingPort() } });
    const paid = await sell(till);
    expect(paid.print).toMatchObject({ printed: false, skipped: true });
    expect(paid.print.message).toMatch(/^Автопечать выключена, чек не печатался\. Ящик не открылся: .*не принимает подключение/);
    expect(paid.print.message).not.toMatch(/копи/i);
    expect(drawerLog(till)).toEqual([['drawer.failed', 'auto', 'pulse']]);
  });

  it('tells the cashier whether «Открыть ящик» works for her, and opens it once the admin allowed it', async () => {
    const till = await printingTill();
    const printer = await tcpPrinter(till);
    expect(await till.ok('printer.drawerAccess')).toEqual({ allowed: false, reason: expect.stringMatching(/Администратор не разрешил/) });
    expect(await till.call('printer.openDrawer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await setPrinter(till, { drawer: { ...getSetting(till.ctx, 'printer').drawer, cashierMayOpen: true } });
    expect(await till.ok('printer.drawerAccess')).toEqual({ allowed: true, reason: null });
    expect(await till.ok('printer.openDrawer')).toBeNull();
    expect((await jobs(printer, 1)).map((j) => j.decoded.pulses.length)).toEqual([1]);
    expect(drawerLog(till)).toEqual([
      ['drawer.refused', undefined, undefined],
      ['drawer.opened', 'manual', 'pulse'],
    ]);
    await setPrinter(till, { connection: { kind: 'none' } });
    expect(await till.ok('printer.drawerAccess')).toEqual({ allowed: false, reason: expect.stringMatching(/не настроен/) });
  });

  it('refuses a drawerAccess call with input it does not take', async () => {
    const till = await printingTill();
    expect(await till.call('printer.drawerAccess', { open: true } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('the training preview', () => {
  it('is the document just made even when a real printer prints it, not the built-in emulator’s last job', async () => {
    const till = await printingTill();
    const first = await sell(till); // on the built-in emulator
    expect((await till.ok('printer.preview'))?.text).toEqual(printedText(till, first.document.id));
    const printer = await tcpPrinter(till);
    const second = await sell(till);
    const preview = await till.ok('printer.preview');
    expect(preview?.text).toEqual(printedText(till, second.document.id));
    expect(preview?.text).toEqual((await jobs(printer, 1))[0]!.decoded.text);
    expect(preview?.png).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    // Printed or not: with the printer gone, the preview still shows what was made.
    await setPrinter(till, { connection: { kind: 'tcp', host: '127.0.0.1', port: await refusingPort() } });
    const third = await sell(till);
    expect(third.print.printed).toBe(false);
    expect((await till.ok('printer.preview'))?.text).toEqual(printedText(till, third.document.id));
  });
});

describe('the printer on the diagnostics screen', () => {
  const row = async (till: Awaited<ReturnType<typeof printingTill>>) => (await till.ok('devices.diagnostics')).find((d) => d.device === 'printer');

  it('asks the built-in emulator before anything printed: ok, and red once it reports no paper', async () => {
    const till = await printingTill();
    expect(await row(till)).toMatchObject({ state: 'ok', message: null, path: 'встроенный эмулятор (экранный чек)' });
    till.ctx.printer.emulator.setState({ paperOut: true });
    expect(await row(till)).toMatchObject({ state: 'error', message: expect.stringMatching(/Нет бумаги/) });
    till.ctx.printer.emulator.setState({ paperOut: false });
    expect(await row(till)).toMatchObject({ state: 'ok' });
  });

  it('is red at once for a printer that cannot be reached, within the short timeout', async () => {
    const till = await printingTill();
    await setPrinter(till, { connection: { kind: 'tcp', host: '127.0.0.1', port: await refusingPort() } });
    const started = Date.now();
    expect(await row(till)).toMatchObject({ state: 'error', message: expect.stringMatching(/не принимает подключение/) });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('says a Windows queue cannot be asked', async () => {
    const till = await printingTill();
    await setPrinter(till, { connection: { kind: 'windows', printerName: 'POS-80' } });
    expect(await row(till)).toMatchObject({ state: 'ok', message: expect.stringMatching(/Состояние не читается.*очередь Windows «POS-80»/) });
  });
});
