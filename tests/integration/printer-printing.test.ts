/**
 * Printing as the till does it, through the router on a real database: the sale, X and Z print
 * after they are stored; a printer that is out of paper or unreachable never loses a document —
 * the cashier is told why, reprints the original once, and can always print a copy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../preload/contract/index.js';
import { getSetting } from '../../main/services/settings.js';
import { loginAs, type TestTill } from '../fixtures/core.js';
import { closePrinting, jobs, printedText, printingTill, refusingPort, sell, setPrinter, tcpPrinter } from '../fixtures/printer/till.js';

afterEach(closePrinting);

const openTill = (): Promise<TestTill> => printingTill();

describe('printing in training mode', () => {
  it('prints the paid check on the built-in emulator exactly as the document reads, and opens the drawer', async () => {
    const till = await openTill();
    const emulator = till.ctx.printer.emulator;
    const before = emulator.lastJob()?.id ?? 0;
    const paid = await sell(till);
    expect(paid.print).toMatchObject({ printed: true, copy: false, skipped: false, message: null });
    const job = await emulator.nextJob(before);
    expect(job.decoded.text).toEqual(printedText(till, paid.document.id));
    expect(job.decoded.text.join('\n')).toContain('УЧЕБНЫЙ РЕЖИМ');
    expect(job.decoded.pulses).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
    // The screen preview and the paper are one model: same lines but for the look-alikes.
    expect(job.decoded.text.length).toBe(paid.document.receipt.length);
  });

  it('shows the emulator picture and text as the training preview', async () => {
    const till = await openTill();
    expect(await till.ok('printer.preview')).toBeNull();
    const paid = await sell(till);
    const preview = await till.ok('printer.preview');
    expect(preview?.png).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(preview?.text).toEqual(printedText(till, paid.document.id));
  });

  it('prints the X and the Z report on the receipt printer', async () => {
    const till = await openTill();
    const emulator = till.ctx.printer.emulator;
    await sell(till);
    let last = emulator.lastJob()!.id;
    const x = await till.ok('shift.xReport');
    expect(x.print?.printed).toBe(true);
    expect((await emulator.nextJob(last)).decoded.text.some((l) => l.trim() === 'X-ОТЧЁТ')).toBe(true);
    last = emulator.lastJob()!.id;
    const z = await till.ok('shift.zReport', { cashOutAll: true });
    expect(z.print?.printed).toBe(true);
    let job = await emulator.nextJob(last);
    while (!job.decoded.text.some((l) => l.includes('Z-ОТЧЁТ'))) job = await emulator.nextJob(job.id);
    expect(job.decoded.text).toEqual(printedText(till, z.document.id));
    expect(job.decoded.pulses).toEqual([]);
  });
});

describe('a print failure never loses anything', () => {
  it('out of paper: the sale is stored, the cashier reads why, the drawer still opens, the original prints once fixed', async () => {
    const till = await openTill();
    const printer = await tcpPrinter(till);
    printer.setState({ paperOut: true });
    const paid = await sell(till);
    expect(paid.print.printed).toBe(false);
    expect(paid.print.message).toMatch(/Нет бумаги/);
    expect(paid.print.status?.condition).toBe('paper-out');
    // Stored and fiscalized as if nothing happened.
    expect((await till.ok('documents.get', { id: paid.document.id })).total).toBe(paid.document.total);
    // Nothing went to the printer but the real-time drawer pulse (DLE DC4), which works offline.
    expect((await jobs(printer, 1)).map((j) => [j.decoded.text.length, j.decoded.pulses.length])).toEqual([[0, 1]]);

    printer.setState({ paperOut: false });
    const again = await till.ok('documents.print', { id: paid.document.id });
    expect(again).toMatchObject({ printed: true, copy: false });
    const reprint = (await jobs(printer, 2))[1]!;
    expect(reprint.decoded.text).toEqual(printedText(till, paid.document.id));
    expect(reprint.decoded.text.join('\n')).not.toContain('КОПИЯ');
    expect(reprint.decoded.pulses).toEqual([]); // a reprint does not open the drawer

    // The original is on paper now: only copies from here on.
    const twice = await till.call('documents.print', { id: paid.document.id });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/копию/) } });
    const copy = await till.ok('documents.print', { id: paid.document.id, copy: true });
    expect(copy).toMatchObject({ printed: true, copy: true });
    const copyJob = (await jobs(printer, 3))[2]!;
    expect(copyJob.decoded.text).toEqual(printedText(till, paid.document.id, true));
    expect(copyJob.decoded.text.join('\n')).toContain('*** КОПИЯ ***');

    const log = till.ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'receipt.%' ORDER BY id").pluck().all();
    expect(log).toEqual(['receipt.print_failed', 'receipt.printed', 'receipt.printed']);
  });

  it('paper running out during the receipt: not counted as printed, so the original can be reprinted', async () => {
    const till = await openTill();
    const printer = await tcpPrinter(till);
    printer.onJob(() => printer.setState({ paperOut: true }));
    const paid = await sell(till);
    expect(paid.print.printed).toBe(false);
    expect(paid.print.message).toMatch(/мог не допечататься/);
    printer.setState({ paperOut: false });
    expect((await till.ok('documents.print', { id: paid.document.id })).printed).toBe(false); // ran out again
  });

  it('an unreachable printer: the sale is stored and the screens hear about it', async () => {
    const till = await openTill();
    const port = await refusingPort();
    await setPrinter(till, { connection: { kind: 'tcp', host: '127.0.0.1', port } });
    const events: DeviceStatus[] = [];
    till.onEvent((name, payload) => {
      if (name === 'device.status') events.push(payload as DeviceStatus);
    });
    const paid = await sell(till);
    expect(paid.print.printed).toBe(false);
    expect(paid.print.message).toMatch(/не принимает подключение/);
    expect(events.at(-1)).toMatchObject({ device: 'printer', state: 'error', path: `TCP 127.0.0.1:${port}` });
    expect(await till.ok('documents.get', { id: paid.document.id })).toMatchObject({ id: paid.document.id });
    expect((await till.ok('printer.status')).condition).toBe('unreachable');
    const diagnostics = await till.ok('devices.diagnostics').catch(() => null);
    if (diagnostics) expect(diagnostics.find((d) => d.device === 'printer')?.state).toBe('error');
  });
});

describe('settings', () => {
  it('auto-print off: nothing prints, but a cash sale still opens the drawer', async () => {
    const till = await openTill();
    const printer = await tcpPrinter(till);
    await setPrinter(till, { autoPrint: false });
    const paid = await sell(till);
    expect(paid.print).toMatchObject({ printed: false, skipped: true });
    expect((await jobs(printer, 1)).map((j) => [j.decoded.text.length, j.decoded.pulses])).toEqual([[0, [{ pin: 2, onMs: 50, offMs: 500 }]]]);
    expect((await till.ok('documents.print', { id: paid.document.id })).printed).toBe(true);
  });

  it('refuses a custom profile without a code table number, and prints in the number it is given', async () => {
    const till = await openTill();
    const printer = await tcpPrinter(till);
    await loginAs(till, 'admin');
    const base = getSetting(till.ctx, 'printer');
    const refused = await till.call('devices.saveSettings', { printer: { ...base, profile: 'custom', codeTable: null } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/номер кодовой таблицы/) } });
    const narrow = await till.call('devices.saveSettings', { printer: { ...base, paper: 58, columns: 42 } });
    expect(narrow).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/32 на ленте 58/) } });
    await till.ok('devices.saveSettings', { printer: { ...base, profile: 'custom', codeTable: 59, paper: 58, columns: 32 } });
    printer.configure({ profile: 'custom', paper: 58, custom: { codepage: 'cp866', number: 59 } });
    const test = await till.ok('printer.testPrint');
    expect(test.printed).toBe(true);
    const text = (await jobs(printer, 1))[0]!.decoded.text;
    expect(text).toContain('ПРОВЕРКА ПРИНТЕРА');
    expect(text).toContain('Таблица: CP866, ESC t 59');
    expect(text).toContain('12345678901234567890123456789012');
  });

  it('lays the screen receipt out as wide as the paper: 58 mm is 32 columns on both', async () => {
    const till = await openTill();
    await setPrinter(till, { paper: 58, columns: 32 });
    const emulator = till.ctx.printer.emulator;
    const before = emulator.lastJob()?.id ?? 0;
    const paid = await sell(till);
    const job = await emulator.nextJob(before);
    expect(job.printer.paper).toBe(58);
    expect(paid.document.receipt.every((l) => l.length <= 32)).toBe(true);
    expect(job.decoded.text).toEqual(printedText(till, paid.document.id));
    expect(job.decoded.text.length).toBe(paid.document.receipt.length);
  });

  it('reports the printer state: paper near end is a warning, not a stop', async () => {
    const till = await openTill();
    const printer = await tcpPrinter(till);
    printer.setState({ paperNearEnd: true });
    expect(await till.ok('printer.status')).toMatchObject({ condition: 'paper-near-end', canPrint: true, statusReadable: true });
    const paid = await sell(till);
    expect(paid.print).toMatchObject({ printed: true, message: expect.stringMatching(/Бумага заканчивается/) });
  });
});

describe('the cash drawer on demand', () => {
  it('opens for the admin; for a cashier only once the admin allows it; every time logged', async () => {
    const till = await openTill();
    const printer = await tcpPrinter(till);
    expect(await till.call('printer.openDrawer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await loginAs(till, 'admin');
    expect(await till.ok('printer.openDrawer')).toBeNull();
    await setPrinter(till, { drawer: { ...getSetting(till.ctx, 'printer').drawer, cashierMayOpen: true } });
    expect(await till.ok('printer.openDrawer')).toBeNull();
    expect((await jobs(printer, 2)).map((j) => j.decoded.pulses.length)).toEqual([1, 1]);
    const log = till.ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'drawer.%' ORDER BY id").pluck().all();
    expect(log).toEqual(['drawer.refused', 'drawer.opened', 'drawer.opened']);
  });
});
