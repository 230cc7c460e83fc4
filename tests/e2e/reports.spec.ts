/**
 * X and Z: totals by document kind, payment form, VAT rate and section, cash in the drawer per
 * currency, counts and first/last document numbers — each checked against the stored documents;
 * Z with «Изъять всё и закрыть»; the list of shifts and a copy of the Z marked «КОПИЯ».
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { vatByRate } from '../../main/domain/money.js';
import type { DocumentDetail } from '../../preload/contract/index.js';
import { cashierWithOpenShift, itemsByBarcode } from './flows.js';
import { expectText, kassa, money, shot, text, useTills, visible } from './helpers.js';

const tills = useTills();

/** The numbers in a table row, in order ("1.23" → 123). */
async function amounts(row: Locator): Promise<number[]> {
  const cells = await row.locator('td.num').allTextContents();
  return cells.map((c) => Math.round(Number(c.trim()) * 100));
}

describe('X and Z reports', () => {
  it('reports a shift of sales, a return and cash moves from its documents, then closes it emptying the drawer', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page);

    // The shift: a cash sale, a card sale, a return of part of the first, cash in BYN and USD.
    const [a, b, c] = await itemsByBarcode(page, 3);
    if (!a || !b || !c) throw new Error('three piece goods needed');
    await kassa(page, 'sale.addItem', { barcode: a.barcodes[0]!, quantity: 2000 });
    await kassa(page, 'sale.addItem', { barcode: c.barcodes[0]! });
    const s1 = await kassa(page, 'sale.pay', { payments: [{ form: 'cash', amount: 10_000 }] });
    await kassa(page, 'sale.addItem', { barcode: b.barcodes[0]! });
    const s2 = await kassa(page, 'sale.pay', { payments: [{ form: 'card', amount: b.price }] });
    const r1 = await kassa(page, 'returns.byCheck', { documentId: s1.document.id, lines: [{ lineNo: 1, quantity: 1000 }] });
    await kassa(page, 'cash.in', { amount: 5_000, currency: 'BYN' });
    await kassa(page, 'cash.in', { amount: 2_000, currency: 'USD' });
    const docs: DocumentDetail[] = [];
    for (const id of [s1.document.id, s2.document.id, r1.document.id]) docs.push(await kassa(page, 'documents.get', { id }));
    const [d1, d2, dr] = docs as [DocumentDetail, DocumentDetail, DocumentDetail];

    const salesTotal = d1.total + d2.total;
    const returnsTotal = dr.total;
    const cashOf = (d: DocumentDetail) => d.payments.filter((p) => p.form === 'cash').reduce((s, p) => s + p.amount, 0);
    const drawerBYN = cashOf(d1) - d1.change - cashOf(dr) + 5_000;

    // ── X ──
    await page.getByTestId('menu-x-report').click();
    await visible(page.locator('[data-testid="screen-report"][data-kind="x_report"]'));
    await expectText(page.getByTestId('report-sales-count'), '2');
    await expectText(page.getByTestId('report-sales-total'), money(salesTotal));
    await expectText(page.getByTestId('report-returns-count'), '1');
    await expectText(page.getByTestId('report-returns-total'), money(returnsTotal));
    await expectText(page.getByTestId('report-net-total'), money(salesTotal - returnsTotal));
    await expectText(page.getByTestId('report-cash'), money(drawerBYN));
    await expectText(page.getByTestId('report-drawer-BYN'), money(drawerBYN));
    await expectText(page.getByTestId('report-drawer-USD'), money(2_000));

    // By payment form: sales, returns, net.
    const cashRow = page.getByTestId('report-by-form').locator('[data-form="cash"]');
    expect(await amounts(cashRow)).toEqual([cashOf(d1) - d1.change, cashOf(dr), cashOf(d1) - d1.change - cashOf(dr)]);
    const cardRow = page.getByTestId('report-by-form').locator('[data-form="card"]');
    expect(await amounts(cardRow)).toEqual([d2.total, 0, d2.total]);

    // By VAT rate: the stored lines' amounts, and each document's VAT of its rate's total (not the lines' VATs).
    const rates = new Map<string, { sales: number; returns: number; vatS: number; vatR: number }>();
    for (const d of docs) {
      for (const r of vatByRate(d.lines)) {
        const e = rates.get(String(r.vatRate)) ?? { sales: 0, returns: 0, vatS: 0, vatR: 0 };
        if (d.kind === 'sale') {
          e.sales += r.amount;
          e.vatS += r.vat;
        } else {
          e.returns += r.amount;
          e.vatR += r.vat;
        }
        rates.set(String(r.vatRate), e);
      }
    }
    for (const [rate, e] of rates) {
      const row = page.getByTestId('report-by-vat').locator(`[data-vat="${rate}"]`);
      expect(await amounts(row)).toEqual([e.sales, e.returns, e.sales - e.returns, e.vatS - e.vatR]);
    }

    // By kind, counts, first and last numbers.
    const kinds = await page
      .getByTestId('report-by-kind')
      .locator('[data-kind]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(['shift_open', 'sale', 'return', 'cash_in', 'cash_in']);
    expect(await amounts(page.getByTestId('report-by-kind').locator('[data-kind="sale"]'))).toEqual([200, salesTotal]);
    // Cash in per currency: the USD is never added to the BYN.
    expect(await amounts(page.getByTestId('report-by-kind').locator('[data-kind="cash_in"][data-currency="BYN"]'))).toEqual([100, 5_000]);
    expect(await page.getByTestId('report-by-kind').locator('[data-kind="cash_in"][data-currency="USD"] td.num').allTextContents()).toEqual([
      '1',
      `${money(2_000)} USD`,
    ]);
    // The figures are of the documents stored before this report (the report is the next number).
    const before = (await kassa(page, 'documents.list', { limit: 100 })).items.filter((d) => d.kind !== 'x_report');
    await expectText(page.getByTestId('report-documents-count'), String(before.length));
    await expectText(page.getByTestId('report-first'), `№ ${Math.min(...before.map((d) => d.numberInShift))}`);
    await expectText(page.getByTestId('report-last'), `№ ${Math.max(...before.map((d) => d.numberInShift))}`);
    expect(await text(page.getByTestId('report-receipt'))).toContain('X-ОТЧЁТ');
    await shot(page, 'report-x');
    await page.getByTestId('report-back').click();

    // ── Z: the drawer is not empty, so «Изъять всё и закрыть» ──
    await page.getByTestId('menu-z-report').click();
    await visible(page.getByTestId('z-confirm'));
    await expectText(page.getByTestId('z-drawer-BYN'), `BYN ${money(drawerBYN)}`);
    await expectText(page.getByTestId('z-drawer-USD'), `USD ${money(2_000)}`);
    await expectText(page.getByTestId('z-confirm-ok'), 'Изъять всё и закрыть');
    await shot(page, 'report-z-confirm');
    await page.getByTestId('z-confirm-ok').click();
    await visible(page.locator('[data-testid="screen-report"][data-kind="z_report"]'));
    await expectText(page.getByTestId('report-sales-total'), money(salesTotal));
    await expectText(page.getByTestId('report-drawer-BYN'), money(0));
    await expectText(page.getByTestId('report-drawer-USD'), money(0));
    const moves = page.getByTestId('report-cash-moves');
    expect(await amounts(moves.locator('[data-currency="BYN"]'))).toEqual([5_000, drawerBYN, 0]);
    expect(await amounts(moves.locator('[data-currency="USD"]'))).toEqual([2_000, 2_000, 0]);
    expect(await text(page.getByTestId('report-receipt'))).toContain('Z-ОТЧЁТ');
    await shot(page, 'report-z');
    await page.getByTestId('report-back').click();
    await expectText(page.getByTestId('till-shift'), 'Смена закрыта');

    // ── The list of shifts and a copy of the Z ──
    await page.getByTestId('menu-documents').click();
    await page.getByTestId('documents-tab-shifts').click();
    const shiftRow = page.locator('[data-testid="shift-row"][data-shift-number="1"]');
    await visible(shiftRow);
    const shifts = await kassa(page, 'shifts.list', {});
    expect(shifts.items[0]?.closedAt).not.toBeNull();
    expect(await text(shiftRow)).toContain(money(shifts.items[0]!.salesTotal));
    await page.getByTestId('shift-zcopy-1').click();
    await visible(page.getByTestId('copy-dialog'));
    const copy = await text(page.getByTestId('copy-receipt'));
    expect(copy).toContain('КОПИЯ');
    expect(copy).toContain('Z-ОТЧЁТ');
    await shot(page, 'report-z-copy');
    expect(errors).toEqual([]);
  });
});
