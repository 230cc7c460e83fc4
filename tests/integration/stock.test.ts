/**
 * Stock through the router on a real SQLite file: the admin's receipt, write-off and inventory
 * count; balances that move with sales, returns and annulments in the document's transaction; the
 * negative balance policy; the statements on screen, on the printer emulator and as CSV / XLSX.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';
import { statementPageRows, statementRows } from '../../main/services/stock/statements.js';
import { pieceItem } from '../fixtures/goods.js';

const MILK = '4810268001055'; // «1001», 2.89
const KEFIR = '4810268003271'; // «1003», 2.49

let till: TestTill;
let now = new Date('2026-12-01T09:00:00Z');
afterEach(() => till?.dispose());

/** A till with its cashier; the admin logged in, stock turned on with `negative`. */
async function stockTill(negative: 'allow' | 'warn' | 'refuse' | null = 'allow'): Promise<TestTill> {
  now = new Date('2026-12-01T09:00:00Z');
  till = makeTill({ clock: () => now });
  await cashierReady(till);
  await loginAs(till, 'admin');
  if (negative) await till.ok('stock.saveSettings', { enabled: true, negative });
  return till;
}

const itemId = (code: string) => till.ctx.db.prepare('SELECT id FROM items WHERE code = ?').pluck().get(code) as number;
const balance = (code: string) =>
  (till.ctx.db.prepare('SELECT quantity FROM stock_balances WHERE item_id = ?').pluck().get(itemId(code)) as number | undefined) ?? null;

async function asCashierOnShift(): Promise<void> {
  await loginAs(till, 'cashier');
  if (!(await till.ok('shift.current'))) await till.ok('shift.open');
}

async function sell(...codes: string[]): Promise<number> {
  for (const c of codes) await till.ok('sale.scan', { code: c });
  const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 10_000 }] });
  return document.id;
}

describe('stock off (the default)', () => {
  it('moves nothing when a check is sold and refuses stock documents in Russian, writing nothing', async () => {
    await stockTill(null);
    expect(await till.ok('stock.settings')).toEqual({ enabled: false, negative: 'allow' });
    const before = till.fingerprint();
    const res = await till.call('stock.receipt', { supplier: 'Савушкин продукт', lines: [{ itemId: itemId('1001'), quantity: 5000, price: 190 }] });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/Учёт остатков выключен/) } });
    expect(till.fingerprint()).toBe(before);
    await asCashierOnShift();
    await sell(MILK);
    expect(till.ctx.db.prepare('SELECT count(*) FROM stock_balances').pluck().get()).toBe(0);
    expect(till.ctx.db.prepare('SELECT count(*) FROM stock_fiscal_documents').pluck().get()).toBe(0);
  });
});

describe('stock documents and the fiscal documents', () => {
  it('receipt → sale → return → annulment move the balances to the unit, each in its document', async () => {
    await stockTill('allow');
    const receipt = await till.ok('stock.receipt', {
      supplier: 'ОАО «Савушкин продукт»',
      lines: [
        { itemId: itemId('1001'), quantity: 10_000, price: 190 },
        { itemId: itemId('1003'), quantity: 4000, price: 165 },
      ],
    });
    expect(receipt).toMatchObject({ kind: 'receipt', number: 1, supplier: 'ОАО «Савушкин продукт»', amount: 10 * 190 + 4 * 165, author: 'Администратор' });
    expect(receipt.lines.map((l) => [l.code, l.quantity, l.price])).toEqual([
      ['1001', 10_000, 190],
      ['1003', 4000, 165],
    ]);
    expect([balance('1001'), balance('1003')]).toEqual([10_000, 4000]);

    await asCashierOnShift();
    now = new Date('2026-12-01T10:00:00Z');
    const saleId = await sell(MILK, MILK, KEFIR);
    expect([balance('1001'), balance('1003')]).toEqual([8000, 3000]);

    await till.ok('returns.byCheck', { documentId: saleId, lines: [{ lineNo: 1, quantity: 1000 }] });
    expect(balance('1001')).toBe(9000);

    // A second sale, annulled: its goods come back.
    const second = await sell(KEFIR);
    expect(balance('1003')).toBe(2000);
    await till.ok('documents.annul', { documentId: second });
    expect(balance('1003')).toBe(3000);

    await loginAs(till, 'admin');
    const statement = await till.ok('stock.statement', { query: { kind: 'balances', date: '2026-12-01', groupBy: 'item' } });
    expect(statement.rows.map((r) => [r.code, r.closing, r.amount])).toEqual([
      ['1003', 3000, 3 * 249],
      ['1001', 9000, 9 * 289],
    ]);
    expect(statement).toMatchObject({ total: 2, amount: 3 * 249 + 9 * 289, title: 'Ведомость остатков на конец 01.12.2026' });
    // Computed in a worker thread, not on the till's own (a statement over 200,000 items takes seconds).
    expect((await till.ok('tasks.list', {}))[0]).toMatchObject({ job: 'stock.statementPage', state: 'done', label: statement.title });

    // The day before nothing had come yet; the turnover of the day adds up.
    const before = await till.ok('stock.statement', { query: { kind: 'balances', date: '2026-11-30', groupBy: 'item' } });
    expect(before.rows.map((r) => r.closing)).toEqual([0, 0]);
    const turnover = await till.ok('stock.statement', { query: { kind: 'turnover', from: '2026-12-01', to: '2026-12-01', groupBy: 'item' } });
    const milk = turnover.rows.find((r) => r.code === '1001')!;
    expect(milk).toMatchObject({ opening: 0, in: 11_000, out: 2000, closing: 9000 }); // receipt 10 + return 1; sold 2
    const kefir = turnover.rows.find((r) => r.code === '1003')!;
    expect(kefir).toMatchObject({ opening: 0, in: 5000, out: 2000, closing: 3000 }); // receipt 4 + annulled 1; sold 1 + 1
  });

  it('writes off with a reason and counts stock: the counted balance replaces the one on record, the difference is kept', async () => {
    await stockTill('allow');
    await till.ok('stock.receipt', { supplier: 'Поставщик', lines: [{ itemId: itemId('1001'), quantity: 10_000, price: 190 }] });
    const off = await till.ok('stock.writeOff', { reason: 'Истёк срок годности', lines: [{ itemId: itemId('1001'), quantity: 2000 }] });
    expect(off).toMatchObject({ kind: 'write_off', number: 1, reason: 'Истёк срок годности' });
    expect(balance('1001')).toBe(8000);
    const count = await till.ok('stock.inventory', {
      note: 'Декабрь',
      lines: [
        { itemId: itemId('1001'), counted: 7000 },
        { itemId: itemId('1003'), counted: 2000 },
      ],
    });
    expect(count.lines.map((l) => [l.code, l.book, l.quantity])).toEqual([
      ['1001', 8000, 7000],
      ['1003', 0, 2000],
    ]);
    expect([balance('1001'), balance('1003')]).toEqual([7000, 2000]);
    const list = await till.ok('stock.documents', {});
    expect(list.items.map((d) => [d.kind, d.number])).toEqual([
      ['inventory', 1],
      ['write_off', 1],
      ['receipt', 1],
    ]);
    const turnover = await till.ok('stock.statement', { query: { kind: 'turnover', from: '2026-12-01', to: '2026-12-01', groupBy: 'item' } });
    expect(turnover.rows.find((r) => r.code === '1001')).toMatchObject({ in: 10_000, out: 3000, closing: 7000 });
  });

  it('keeps posted documents as they are: the database refuses a change or a deletion', async () => {
    await stockTill('allow');
    const doc = await till.ok('stock.receipt', { supplier: 'Поставщик', lines: [{ itemId: itemId('1001'), quantity: 1000, price: 100 }] });
    expect(() => till.ctx.db.prepare('UPDATE stock_document_lines SET quantity = 5000 WHERE document_id = ?').run(doc.id)).toThrow(/append-only/);
    expect(() => till.ctx.db.prepare('DELETE FROM stock_documents WHERE id = ?').run(doc.id)).toThrow(/append-only/);
  });

  it('refuses bad documents in Russian and writes nothing: a fraction of a piece, an item twice, an unknown item', async () => {
    await stockTill('allow');
    const before = till.fingerprint();
    const cases: [string, unknown, RegExp][] = [
      ['stock.receipt', { supplier: 'П', lines: [{ itemId: itemId('1001'), quantity: 1500, price: 100 }] }, /штучный товар/],
      [
        'stock.writeOff',
        {
          reason: 'Бой',
          lines: [
            { itemId: itemId('1001'), quantity: 1000 },
            { itemId: itemId('1001'), quantity: 1000 },
          ],
        },
        /уже есть в документе/,
      ],
      ['stock.inventory', { lines: [{ itemId: 999_999, counted: 1000 }] }, /не найден/],
      ['stock.receipt', { supplier: '', lines: [{ itemId: itemId('1001'), quantity: 1000, price: 100 }] }, /поставщика/],
      ['stock.writeOff', { reason: 'x', lines: [{ itemId: itemId('1001'), quantity: 1000 }] }, /причину/],
    ];
    for (const [method, input, message] of cases) {
      const res = await till.call(method as 'stock.receipt', input as never);
      expect(res.ok, method).toBe(false);
      if (!res.ok) expect(res.error.message).toMatch(message);
    }
    expect(till.fingerprint()).toBe(before);
  });

  it('is the admin’s: a cashier is refused and nothing changes', async () => {
    await stockTill('allow');
    await asCashierOnShift();
    const before = till.fingerprint();
    for (const [method, input] of [
      ['stock.receipt', { supplier: 'П', lines: [{ itemId: itemId('1001'), quantity: 1000, price: 100 }] }],
      ['stock.saveSettings', { enabled: false, negative: 'allow' }],
      ['stock.statement', { query: { kind: 'balances', date: '2026-12-01', groupBy: 'item' } }],
    ] as const) {
      expect(await till.call(method, input as never)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(till.fingerprint()).toBe(before);
  });
});

describe('the negative balance policy', () => {
  it('refuse: the line is refused naming the item and its balance; a check that got short by paying time is not sold', async () => {
    await stockTill('refuse');
    await till.ok('stock.receipt', { supplier: 'П', lines: [{ itemId: itemId('1001'), quantity: 1000, price: 190 }] });
    await asCashierOnShift();
    await till.ok('sale.scan', { code: MILK });
    const res = await till.call('sale.scan', { code: MILK });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/Молоко Савушкин 3,2% 1 л».*на остатке 1 шт/) } });
    expect((await till.ok('sale.current')).lines).toHaveLength(1);

    // Meanwhile the admin writes the last one off: paying is refused, no document, the check stays.
    await loginAs(till, 'admin');
    await till.ok('stock.writeOff', { reason: 'Бой при выкладке', lines: [{ itemId: itemId('1001'), quantity: 1000 }] });
    await loginAs(till, 'cashier');
    const documents = till.ctx.db.prepare('SELECT count(*) FROM documents').pluck().get();
    const pay = await till.call('sale.pay', { payments: [{ form: 'cash', amount: 500 }] });
    expect(pay).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/на остатке 0 шт/) } });
    expect(till.ctx.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(documents);
    expect(balance('1001')).toBe(0);
    expect((await till.ok('sale.current')).lines).toHaveLength(1);
  });

  it('warn: the cashier is told, and the sale goes through below zero', async () => {
    await stockTill('warn');
    await asCashierOnShift();
    const check = await till.ok('sale.scan', { code: KEFIR });
    expect(check.stockWarning).toMatch(/Кефир Савушкин 2,5% 0,9 л».*на остатке 0 шт/);
    await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 500 }] });
    expect(balance('1003')).toBe(-1000);
    await loginAs(till, 'admin');
    const s = await till.ok('stock.statement', { query: { kind: 'balances', date: '2026-12-01', groupBy: 'item' } });
    expect(s.rows).toMatchObject([{ code: '1003', closing: -1000, amount: -249 }]);
  });

  it('allow: no warning, the balance just goes below zero', async () => {
    await stockTill('allow');
    await asCashierOnShift();
    const check = await till.ok('sale.scan', { code: KEFIR });
    expect(check.stockWarning).toBeUndefined();
    await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 500 }] });
    expect(balance('1003')).toBe(-1000);
  });
});

describe('statements out of the till', () => {
  async function stocked(): Promise<void> {
    await stockTill('allow');
    await till.ok('stock.receipt', {
      supplier: 'П',
      lines: [
        { itemId: itemId('1001'), quantity: 12_000, price: 190 },
        { itemId: itemId('1003'), quantity: 3000, price: 165 },
      ],
    });
  }

  it('answers a page as the same rows of the whole statement, in the same order, with its count and amount', async () => {
    await stockTill('allow');
    // 56 sample goods in their categories, and a few with equal names: the order of equals is the read order, as a stable sort keeps it.
    for (let i = 0; i < 4; i++) await till.ok('goods.create', { ...pieceItem(`77${i}`, 'Батон нарезной', 150), vatRate: 1000 });
    const lines = till.ctx.db.prepare('SELECT id FROM items ORDER BY id DESC').pluck().all() as number[];
    await till.ok('stock.receipt', { supplier: 'П', lines: lines.map((id, i) => ({ itemId: id, quantity: 1000 * (i + 1), price: 100 })) });
    now = new Date('2026-12-02T09:00:00Z');
    await loginAs(till, 'admin'); // a day later the session has idled out
    await till.ok('stock.writeOff', { reason: 'Бой', lines: lines.slice(0, 9).map((id) => ({ itemId: id, quantity: 1000 })) });
    for (const query of [
      { kind: 'balances', date: '2026-12-01', groupBy: 'item' },
      { kind: 'turnover', from: '2026-12-01', to: '2026-12-02', groupBy: 'item' },
      { kind: 'balances', date: '2026-12-02', groupBy: 'category' },
    ] as const) {
      const all = statementRows(till.ctx, query);
      expect(all.rows.length).toBeGreaterThan(query.groupBy === 'item' ? 59 : 3);
      for (const [offset, limit] of [
        [0, 1],
        [0, 5],
        [3, 7],
        [10, 100],
        [55, 10],
        [59, 1],
        [200, 10],
      ] as const) {
        expect(statementPageRows(till.ctx, query, { offset, limit })).toEqual({
          rows: all.rows.slice(offset, offset + limit),
          total: all.rows.length,
          amount: all.amount,
        });
      }
    }
  });

  it('groups by category', async () => {
    await stocked();
    const s = await till.ok('stock.statement', { query: { kind: 'balances', date: '2026-12-01', groupBy: 'category' } });
    expect(s.rows).toMatchObject([{ code: '', name: 'Молочные продукты', closing: 15_000, amount: 12 * 289 + 3 * 249 }]);
  });

  it('prints on the receipt printer (the emulator) within its columns', async () => {
    await stocked();
    const outcome = await till.ok('stock.printStatement', { query: { kind: 'balances', date: '2026-12-01', groupBy: 'item' } });
    expect(outcome.printed).toBe(true);
    const preview = await till.ok('printer.preview');
    const text = preview!.text.join('\n');
    expect(text).toMatch(/ВЕДОМОСТЬ ОСТАТКОВ/);
    expect(text).toMatch(/1001 Молоко Савушкин/);
    expect(text).toMatch(/12 шт\s+34\.68/);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(42);
  });

  it('exports CSV (BOM, «;», decimal comma) and XLSX with the same figures', async () => {
    await stocked();
    const query = { kind: 'turnover', from: '2026-12-01', to: '2026-12-01', groupBy: 'item' } as const;
    const csv = await till.ok('stock.exportStatement', { query, format: 'csv' });
    expect(csv.fileName).toBe('oboroty-2026-12-01-2026-12-01.csv');
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[1]).toBe('Код;Товар;Ед.;Категория;Начальный остаток;Приход;Расход;Конечный остаток;Сумма в ценах продажи');
    expect(lines).toContain('1001;Молоко Савушкин 3,2% 1 л;шт;Молочные продукты;0,000;12,000;0,000;12,000;34,68');

    const xlsx = await till.ok('stock.exportStatement', { query, format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['1001', 'Молоко Савушкин 3,2% 1 л', 'шт', 'Молочные продукты', 0, 12, 0, 12, 34.68]);
  });
});
