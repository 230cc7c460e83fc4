/**
 * Reports out of the screen, through the router on a real SQLite file: on the receipt printer
 * (the built-in emulator, its bytes decoded) at 58 and 80 mm, as CSV and XLSX read back; and only
 * the documents of the till's mode — after going live (a real СКО emulator on loopback) a day that
 * began in training counts its working sales alone, and back in training its training ones alone.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../common/money.js';
import { reportTables, type ReportKind } from '../../common/report-tables.js';
import { startSkoEmulator } from '../../main/fiscal/emulator/server.js';
import { spanOf } from '../../main/services/reports/span.js';
import { cashiersReport, goodsReport, hoursReport, paymentsReport, sectionsReport } from '../../main/services/reports/figures.js';
import { currentShiftFigures } from '../../main/services/reports/index.js';
import { getSetting } from '../../main/services/settings.js';
import { localDay } from '../../main/services/reports/figures.js';
import { cashierOnShift, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { FAST_OUTBOX } from '../fixtures/sko-till.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function till(): TestTill {
  const t = makeTill({ outbox: FAST_OUTBOX, printing: { statusTimeoutMs: 500 } });
  cleanup.push(() => t.dispose());
  return t;
}

/** A check of `n` piece goods paid by `form`; its total. */
async function sell(t: TestTill, n: number, form: 'cash' | 'card' = 'cash'): Promise<number> {
  for (const barcode of await pieceBarcodes(t, n)) await t.ok('sale.addItem', { barcode });
  const { document } = await t.ok('sale.pay', { payments: [{ form, amount: (await t.ok('sale.current')).total }] });
  return document.total;
}

const READ = { goods: goodsReport, payments: paymentsReport, cashiers: cashiersReport, hours: hoursReport, sections: sectionsReport } as const;

const today = () => localDay(new Date().toISOString());
const period = () => ({ from: today(), to: today() });

describe('on the receipt printer', () => {
  const REPORTS: ReportKind[] = ['goods', 'payments', 'cashiers', 'hours', 'sections', 'shift'];
  it.each(REPORTS.flatMap((report) => [58, 80].map((paper) => ({ report, paper, columns: paper === 58 ? 32 : 48 }))))(
    'prints $report within $columns columns with the figures of the screen ($paper mm)',
    async ({ report, paper, columns }) => {
      const t = till();
      await cashierOnShift(t);
      const cash = await sell(t, 2);
      const card = await sell(t, 1, 'card');
      await loginAs(t, 'admin');
      await t.ok('devices.saveSettings', { printer: { ...getSetting(t.ctx, 'printer'), paper: paper as 58 | 80, columns } });
      const emulator = t.ctx.printer.emulator;
      const q = { period: period(), filter: {} };
      const money = (k: number) => formatMoney(k).replace('.', '\\.');
      const before = emulator.lastJob()?.id ?? 0;
      const outcome = await t.ok('reports.print', report === 'shift' ? { report } : { report, query: q });
      expect(outcome.printed).toBe(true);
      // The bytes the printer got, decoded by the emulator.
      const text = (await emulator.nextJob(before)).decoded.text;
      for (const l of text) expect(l.length, `«${l}»`).toBeLessThanOrEqual(columns);
      expect(text.map((l) => l.trim())).toContain('*** УЧЕБНЫЙ РЕЖИМ ***');
      /** The figure `label` under the row named `row`, flush right at the paper's width. */
      const under = (row: string, label: string) => {
        const i = text.indexOf(row);
        expect(i, `${row} on paper`).toBeGreaterThan(-1);
        return text.slice(i + 1).find((l) => l.startsWith(`  ${label} `));
      };
      if (report === 'goods') {
        expect(text.join('\n')).toContain('РЕАЛИЗАЦИЯ В РАЗРЕЗЕ');
        expect(under('Итого', 'Итого')).toMatch(new RegExp(`^  Итого +${money(cash + card)}$`));
        expect(under('Итого', 'Итого')).toHaveLength(columns);
      }
      if (report === 'payments') {
        expect(under('Наличные', 'Итого')).toMatch(new RegExp(`^  Итого +${money(cash)}$`));
        expect(under('Банковская карта', 'Итого')).toMatch(new RegExp(`^  Итого +${money(card)}$`));
      }
      if (report === 'cashiers') {
        const name = t.ctx.db.value<string>("SELECT name FROM users WHERE role = 'cashier'")!;
        expect(under(name, 'Чеков')).toMatch(/^ {2}Чеков +2$/);
        expect(under(name, 'Итого')).toMatch(new RegExp(`^  Итого +${money(cash + card)}$`));
      }
      if (report === 'hours') expect(under('Итого', 'Чеков')).toMatch(/ 2$/);
      if (report === 'sections') expect(under('Итого', 'Продажи')).toMatch(new RegExp(` ${money(cash + card)}$`));
      if (report === 'shift') {
        expect(text.join('\n')).toContain('ТЕКУЩАЯ СМЕНА');
        expect(under('Выручка', 'Сумма')).toMatch(new RegExp(`^  Сумма +${money(cash + card)}$`));
        expect(under('Продажи', 'Количество')).toMatch(/ 2$/);
      }
    },
  );

  it('refuses a cashier and a period report without its period, printing nothing', async () => {
    const t = till();
    await cashierOnShift(t);
    const emulator = t.ctx.printer.emulator;
    const before = emulator.lastJob()?.id ?? 0;
    const refused = await t.call('reports.print', { report: 'shift' });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    await loginAs(t, 'admin');
    const bad = await t.call('reports.print', { report: 'goods' });
    expect(bad.ok ? null : bad.error.message).toMatch(/Укажите период отчёта/);
    expect(emulator.lastJob()?.id ?? 0).toBe(before);
  });
});

describe('as files', () => {
  let t: TestTill;
  beforeAll(async () => {
    t = makeTill({ outbox: FAST_OUTBOX });
    await cashierOnShift(t);
    await sell(t, 3);
    await sell(t, 2, 'card');
    await loginAs(t, 'admin');
    return () => t.dispose();
  });

  it.each(
    (['goods', 'payments', 'cashiers', 'hours', 'sections', 'shift'] as ReportKind[]).flatMap((report) =>
      (['csv', 'xlsx'] as const).map((format) => ({ report, format })),
    ),
  )('$report as $format reads back to the tables the screen shows', async ({ report, format }) => {
    const q = { period: period(), filter: {} };
    // The screen's figures, read here without the worker (the same functions the worker runs).
    const data = report === 'shift' ? currentShiftFigures(t.ctx) : READ[report](t.ctx.db, q);
    const tables = reportTables(report, data as never);
    const out = report === 'shift' ? { report } : { report, query: q };
    // What a file must hold: each table's columns, then its rows and total, money in roubles.
    const want = tables.map((tb) => [
      tb.columns.map((c) => c.title),
      ...[...tb.rows, ...(tb.total ? [tb.total] : [])].map((r) =>
        r.map((v, i) => (v === '' || typeof v === 'string' ? v : tb.columns[i]!.kind === 'money' ? v / 100 : tb.columns[i]!.kind === 'quantity' ? v / 1000 : v)),
      ),
    ]);
    expect(want[0]!.length).toBeGreaterThan(1);
    const file = await t.ok('reports.export', { out, format });

    if (format === 'csv') {
      const text = Buffer.from(file.base64, 'base64').toString('utf8');
      expect(text.startsWith('\uFEFF'), report).toBe(true);
      const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
      const num = (v: unknown) => (typeof v === 'string' && /^-?\d+(,\d+)?$/.test(v) ? Number(v.replace(',', '.')) : v);
      const fromCsv: unknown[][][] = [];
      for (const row of parsed.slice(1)) {
        if (row.length === 1 && tables.some((tb) => tb.title === row[0])) fromCsv.push([]);
        else fromCsv.at(-1)!.push(fromCsv.at(-1)!.length === 0 ? row : row.map(num));
      }
      expect(fromCsv, `${report} csv`).toEqual(want.map((tb) => tb.map((r, i) => (i === 0 ? r : r.map(num)))));

      return;
    }
    expect(file.fileName).toMatch(/\.xlsx$/);
    const xlsx = file;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    expect(
      book.worksheets.map((s) => s.name),
      report,
    ).toEqual(tables.map((tb) => tb.title));
    const fromXlsx = book.worksheets.map((sheet, k) => {
      const rows: unknown[][] = [];
      const width = want[k]![0]!.length;
      sheet.eachRow((r) => rows.push(Array.from({ length: width }, (_, i) => (r.values as unknown[])[i + 1] ?? '')));
      return rows.slice(1);
    });
    expect(fromXlsx, `${report} xlsx`).toEqual(want);
  });
});

describe('the documents of the till’s mode', () => {
  it('after going live a day that began in training counts its working sales alone; back in training its training ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-working-sko-'));
    const sko = await startSkoEmulator({ dataDir: dir, training: false });
    cleanup.push(async () => {
      await sko.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    });
    const t = till();
    await cashierOnShift(t);
    const training = (await sell(t, 3)) + (await sell(t, 1, 'card'));
    await t.ok('shift.zReport', { cashOutAll: true });
    await t.outbox.drain(5_000);
    await loginAs(t, 'admin');
    await t.ok('golive.toWorking', { url: sko.baseUrl, deviceCode: 'DEV-119000702', pin: '4826', publicKey: sko.publicKeyPem, caCertificate: null });

    await loginAs(t, 'cashier');
    await t.ok('shift.open');
    const working = await sell(t, 2);
    await loginAs(t, 'admin');
    const q = { period: period(), filter: {} };
    expect(training).not.toBe(working);
    // The day's ids: training shift, then the working one — the training range is cut off, the fast path stands.
    expect(spanOf(t.ctx.db, q.period).ordered).toBe(true);

    const cashier = t.ctx.db.value<number>("SELECT id FROM users WHERE role = 'cashier'")!;
    const expectOnly = (net: number, checks: number, label: string) => {
      // The fast path (no filter) and the plain join (a cashier filter) alike; the functions the worker runs.
      for (const filter of [{}, { cashierId: cashier }]) {
        const c = { ...q, filter };
        const how = `${label} ${JSON.stringify(filter)}`;
        expect(goodsReport(t.ctx.db, c).totals.net, `${how} goods`).toBe(net);
        expect(paymentsReport(t.ctx.db, c).totals.amount, `${how} payments`).toBe(net);
        expect(cashiersReport(t.ctx.db, c).totals, `${how} cashiers`).toMatchObject({ net, salesCount: checks });
        expect(hoursReport(t.ctx.db, c).totals, `${how} hours`).toMatchObject({ net, salesCount: checks });
        expect(sectionsReport(t.ctx.db, c).totals.amount, `${how} sections`).toBe(net);
      }
    };
    expectOnly(working, 1, 'working');
    // And through the router, as the screen asks (the worker reads the mode from the file).
    expect((await t.ok('reports.payments', q)).totals.amount).toBe(working);

    // Back to training: the working shift in the middle of the day is left out (the slower exact path).
    await loginAs(t, 'cashier');
    await t.ok('shift.zReport', { cashOutAll: true });
    await t.outbox.drain(5_000);
    await loginAs(t, 'admin');
    await t.ok('golive.toTraining', { confirmed: true });
    await t.ok('setup.enterPin', { pin: '1234' });
    await loginAs(t, 'cashier');
    await t.ok('shift.open');
    const again = await sell(t, 1);
    await loginAs(t, 'admin');
    expect(spanOf(t.ctx.db, q.period).ordered).toBe(false);
    expectOnly(training + again, 3, 'training');
  });
});
