/**
 * CSV export of the reports (renderer/features/reports/csv.ts): UTF-8 with a BOM, `;`, a decimal
 * comma — read back with papaparse over a generated period, every figure equals the report's.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { goodsReport, paymentsReport, sectionsReport } from '../../main/services/reports/figures.js';
import { goodsCsv, paymentsCsv, sectionsCsv } from '../../renderer/features/reports/csv.js';
import { adminReady, makeTill } from '../fixtures/core.js';
import { generateYearDb } from '../fixtures/year-db.js';

const kopecks = (s: string) => {
  const m = /^(-?)(\d+),(\d{2})$/.exec(s);
  if (!m) throw new Error(`not money with a decimal comma: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

function read(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('reports as CSV', () => {
  it('reads back to the figures of the goods, payments and sections reports', async () => {
    using till = makeTill();
    await adminReady(till);
    const year = generateYearDb(till.ctx.db, { size: 'small', seed: 21 });
    const q = { period: { from: year.firstDay, to: year.lastDay }, filter: {} };

    const goods = goodsReport(till.ctx.db, q);
    const g = read(goodsCsv(goods));
    expect(g[0]).toEqual(['Код', 'Товар', 'Категория', 'Секция', 'Продано', 'Ед.', 'Сумма', 'Скидки', 'Возвращено', 'Возвраты', 'Итого']);
    expect(g.slice(1, -1).map((r) => [r[1], kopecks(r[6]!), kopecks(r[7]!), kopecks(r[9]!), kopecks(r[10]!)])).toEqual(
      goods.items.map((i) => [i.name, i.salesAmount, i.discount, i.returnsAmount, i.net]),
    );
    expect(kopecks(g.at(-1)![10]!)).toBe(goods.totals.net);
    const weighed = goods.items.findIndex((i) => i.unit === 'кг');
    expect(g[weighed + 1]![4]).toMatch(/^\d+(,\d{1,3})?$/);

    const payments = paymentsReport(till.ctx.db, q);
    const p = read(paymentsCsv(payments));
    expect(p.slice(1, -1).map((r) => [r[0], kopecks(r.at(-1)!)])).toEqual(payments.byDay.map((d) => [d.day, d.amount]));
    expect(kopecks(p.at(-1)!.at(-1)!)).toBe(payments.totals.amount);

    const sections = sectionsReport(till.ctx.db, q);
    const s = read(sectionsCsv(sections));
    expect(s.slice(1, 1 + sections.bySection.length).map((r) => [Number(r[0]), kopecks(r[4]!)])).toEqual(sections.bySection.map((x) => [x.section, x.amount]));
  });
});
