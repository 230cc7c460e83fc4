/**
 * «Отчёты» through the real UI on the web host at 1366×768: a generated month of a busy till
 * (tests/fixtures/year-db.ts) written into the host's own database, the admin chooses the period
 * and filters, and every report shows its table and chart with the figures the API gives.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/database.js';
import { generateYearDb, type YearDbSummary } from '../fixtures/year-db.js';
import { iso } from '../../renderer/features/reports/period.js';
import { expectText, kassa, launchBrowser, money, shot, startWebHost, text, visible, type WebHostProcess } from './helpers.js';

let browser: Browser;
let host: WebHostProcess;
let page: Page;
let year: YearDbSummary;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  host = await startWebHost();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(host.url);
  await visible(page.getByTestId('screen-setup'));
  await kassa(page, 'setup.enterPin', { pin: '1234' });
  await kassa(page, 'auth.login', { login: 'admin', password: '1111' });
  await kassa(page, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
  // Four weeks up to yesterday, the last shift still open, written beside the running host (WAL).
  const now = new Date();
  const start = iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 28));
  const db = openDatabase(join(host.dataDir, 'kassa.sqlite'));
  try {
    year = generateYearDb(db, { size: { days: 28, documentsPerDay: 120, items: 120 }, seed: 9, start, leaveLastShiftOpen: true });
  } finally {
    db.close();
  }
  await page.reload();
  await visible(page.getByTestId('screen-menu'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const ru = (isoDay: string) => `${isoDay.slice(8, 10)}.${isoDay.slice(5, 7)}.${isoDay.slice(0, 4)}`;

describe('«Отчёты» screen', () => {
  it('shows every report over a chosen period with its chart, the figures of the API, and the filters', async () => {
    await page.getByTestId('menu-reports').click();
    await visible(page.getByTestId('screen-reports'));
    await page.getByTestId('reports-from').fill(ru(year.firstDay));
    await page.getByTestId('reports-to').fill(ru(year.lastDay));
    const period = { from: year.firstDay, to: year.lastDay };

    // Goods: the table's totals are the report's; the top goods chart is drawn.
    const goods = await kassa(page, 'reports.goods', { period });
    await expectText(page.getByTestId('goods-total'), new RegExp(money(goods.totals.net).replace(/\s/g, '\\s')));
    expect(await page.getByTestId('goods-row').count()).toBe(goods.items.length);
    await visible(page.getByTestId('chart-top-goods').locator('canvas'));
    await shot(page, 'reports-goods');
    await page.getByTestId('goods-show-bottom').click();
    expect(await page.getByTestId('goods-row').count()).toBe(10);
    await expectText(page.getByTestId('goods-row').first(), new RegExp(goods.items.at(-1)!.name));
    await page.getByTestId('goods-show-all').click();

    // A cashier chosen: the figures follow the filter.
    const cashier = year.cashiers[1]!;
    await page.getByTestId('reports-cashier').selectOption(String(cashier.id));
    const theirs = await kassa(page, 'reports.goods', { period, filter: { cashierId: cashier.id } });
    expect(theirs.totals.net).toBeLessThan(goods.totals.net);
    await expectText(page.getByTestId('goods-total'), new RegExp(money(theirs.totals.net).replace(/\s/g, '\\s')));
    await shot(page, 'reports-goods-cashier');
    await page.getByTestId('reports-cashier').selectOption('');

    await page.getByTestId('reports-tab-payments').click();
    const payments = await kassa(page, 'reports.payments', { period });
    await expectText(page.getByTestId('forms-total'), new RegExp(money(payments.totals.amount).replace(/\s/g, '\\s')));
    expect(await page.getByTestId('days-table').locator('tbody tr').count()).toBe(payments.byDay.length);
    await visible(page.getByTestId('chart-by-day').locator('canvas'));
    await visible(page.getByTestId('chart-forms').locator('canvas'));
    await shot(page, 'reports-payments');
    await page.getByTestId('reports-tab-cashiers').click();
    const cashiers = await kassa(page, 'reports.cashiers', { period });
    await expectText(page.getByTestId('cashiers-total'), new RegExp(money(cashiers.totals.net).replace(/\s/g, '\\s')));
    expect(await page.getByTestId('cashiers-row').count()).toBe(cashiers.rows.length);
    await visible(page.getByTestId('chart-cashiers').locator('canvas'));
    await shot(page, 'reports-cashiers');

    await page.getByTestId('reports-tab-hours').click();
    const hours = await kassa(page, 'reports.hours', { period });
    await expectText(page.getByTestId('hours-total'), new RegExp(money(hours.totals.net).replace(/\s/g, '\\s')));
    await visible(page.getByTestId('chart-by-hour').locator('canvas'));
    await visible(page.getByTestId('chart-by-weekday').locator('canvas'));
    await shot(page, 'reports-hours');

    await page.getByTestId('reports-tab-sections').click();
    const sections = await kassa(page, 'reports.sections', { period });
    await visible(page.getByTestId('chart-sections').locator('canvas'));
    expect(await page.getByTestId('sections-table').locator('tbody tr').count()).toBe(sections.bySection.length);
    expect(await page.getByTestId('vat-table').locator('tbody tr').count()).toBe(sections.byVatRate.length);
    await visible(page.getByTestId('chart-sections').locator('canvas'));
    await shot(page, 'reports-sections');

    // The open shift, as an X would give it — and no X is made.
    await page.getByTestId('reports-tab-shift').click();
    const shift = await kassa(page, 'reports.currentShift', {});
    expect(shift).not.toBeNull();
    await expectText(page.getByTestId('shift-table'), new RegExp(money(shift!.netTotal).replace(/\s/g, '\\s')));
    await visible(page.getByTestId('chart-shift-forms').locator('canvas'));
    await expectText(page.getByTestId('shift-table'), /Выручка/);
    await shot(page, 'reports-current-shift');
    const list = await kassa(page, 'documents.list', { kind: 'x_report', shiftNumber: shift!.shiftNumber, limit: 10, offset: 0 });
    expect(list.total).toBeLessThanOrEqual(1); // the generator's own X at mid-shift at most

    // A preset: last month's days.
    await page.getByTestId('reports-tab-payments').click();
    await page.getByTestId('reports-preset-lastMonth').click();
    await visible(page.getByTestId('days-table'));
    const first = await text(page.getByTestId('days-table').locator('tbody tr').first());
    const now = new Date();
    expect(first).toContain(`01.${String(((now.getMonth() + 11) % 12) + 1).padStart(2, '0')}`);
    expect(errors).toEqual([]);
  });

  it('saves every report as CSV and XLSX holding the tables on screen, and prints the report and its table only', async () => {
    await page.getByTestId('reports-from').fill(ru(year.firstDay));
    await page.getByTestId('reports-to').fill(ru(year.lastDay));
    const TABLES = {
      goods: ['goods', 'categories'],
      payments: ['forms', 'days'],
      cashiers: ['cashiers'],
      hours: ['hours', 'weekdays'],
      sections: ['sections', 'vat'],
      shift: ['shift'],
    };
    const norm = (rows: unknown[][]) =>
      rows.map((r) => r.map((v) => (typeof v === 'string' && /^-?\d+([.,]\d+)?$/.test(v) ? Number(v.replace(',', '.')) : (v ?? ''))));
    for (const [report, ids] of Object.entries(TABLES)) {
      await page.getByTestId(`reports-tab-${report}`).click();
      await visible(page.getByTestId(`${ids[0]}-table`));
      const screen: unknown[][][] = [];
      for (const id of ids)
        screen.push(
          norm(
            await page.getByTestId(`${id}-table`).evaluate((t) =>
              // By column: a narrow column is shown inside its neighbour on screen, each value in its data-col span.
              [...t.querySelectorAll('thead tr, tbody tr, tfoot tr')].map((r) =>
                [...r.querySelectorAll<HTMLElement>('[data-col]')]
                  .sort((a, b) => Number(a.dataset.col) - Number(b.dataset.col))
                  .map((c) => c.textContent?.trim() ?? ''),
              ),
            ),
          ),
        );
      const [csvFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`reports-csv-${report}`).click()]);
      const csv = readFileSync(await csvFile.path(), 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const tables: unknown[][][] = [];
      for (const row of Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true }).data.slice(1)) {
        if (row.length === 1) tables.push([]);
        else tables.at(-1)!.push(row);
      }
      expect(tables.map(norm), `${report} CSV`).toEqual(screen);

      const [xlsxFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`reports-xlsx-${report}`).click()]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(await xlsxFile.path());
      const sheets = book.worksheets.map((sheet, k) => {
        const rows: unknown[][] = [];
        const width = screen[k]![0]!.length;
        sheet.eachRow((r) =>
          rows.push(
            Array.from({ length: width }, (_, i) => {
              const v = (r.values as unknown[])[i + 1];
              return typeof v === 'number' ? v : (v ?? '');
            }),
          ),
        );
        return norm(rows.slice(1));
      });
      expect(sheets, `${report} XLSX`).toEqual(screen);
    }

    // The web host's «Печать»: the browser's print, whose stylesheet leaves the report's heading and tables alone.
    await page.getByTestId('reports-tab-payments').click();
    await visible(page.getByTestId('forms-table'));
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.getByTestId('reports-browser-print-payments').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('chart-by-day').isVisible()).toBe(false);
    expect(await page.getByTestId('reports-preset-lastMonth').isVisible()).toBe(false);
    expect(await page.getByTestId('reports-csv-payments').isVisible()).toBe(false);
    await visible(page.getByTestId('days-table'));
    await expectText(page.locator('h2.print-only'), /Выручка по способам оплаты/);
    await shot(page, 'reports-print-payments');
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });
});
