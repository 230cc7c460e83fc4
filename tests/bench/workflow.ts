/**
 * The cashier's workflow at shop scale, in process (the core with its real SQLite file, the
 * built-in СКО emulator on loopback and the receipt printer's emulator):
 *  - search-200k: `catalogue.search` through the router over a 200,000-item catalogue, typed as you
 *    type (1–8 letters of a name, a substring, the start of a barcode);
 *  - sale-add-item: `sale.addItem` by barcode through the router (validation, authorization, the
 *    service, the open check recomputed), on the 200,000-item catalogue;
 *  - check-close-cash: `sale.pay` in cash through the router: the document and its outbox row, the
 *    hand-off to the СКО (emulator on loopback, signed answer checked), the receipt laid out and its
 *    ESC/POS bytes sent to the printer emulator, the answer with the receipt;
 *  - x-report-5000 / z-report-5000: `shift.xReport` / `shift.zReport {cashOutAll}` through the router
 *    after a shift of 5,000 checks made through the services (the Z on copies of that shift's folder).
 * Run by `npm run bench` (tests/bench/run.ts), or alone: `tsx tests/bench/workflow.ts`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../../main/core.js';
import { ean13CheckDigit } from '../../common/barcode.js';
import { importItems, type ImportItem } from '../../main/services/catalogue.js';
import { documentView } from '../../main/services/documents.js';
import { addItem, payCheck } from '../../main/services/sale.js';
import { zReport } from '../../main/services/shift.js';
import type { ShiftReport } from '../../preload/contract/index.js';
import { seededRandom } from '../fixtures/seeded-random.js';
import { record, summarize, type BenchResult } from './report.js';
import { TEST_PASSWORD_COST } from '../fixtures/core.js';

const ITEMS = 200_000;
const CHECKS = 5_000;
const SEARCHES = 1_000;
const ADDS = 2_000;
const CLOSES = 300;
const X_REPORTS = 20;
const Z_REPORTS = 5;

const NOUNS = [
  'Молоко',
  'Кефир',
  'Сыр',
  'Хлеб',
  'Батон',
  'Масло',
  'Йогурт',
  'Сок',
  'Вода',
  'Чай',
  'Кофе',
  'Шоколад',
  'Конфеты',
  'Печенье',
  'Вафли',
  'Колбаса',
  'Сосиски',
  'Пельмени',
  'Крупа',
  'Макароны',
  'Мука',
  'Сахар',
  'Соль',
  'Майонез',
  'Кетчуп',
  'Творог',
  'Сметана',
  'Ряженка',
  'Квас',
  'Лимонад',
  'Шампунь',
  'Мыло',
  'Зубная паста',
  'Порошок',
  'Салфетки',
  'Бумага',
  'Губки',
  'Корм',
  'Чипсы',
  'Сухарики',
];
const BRANDS = [
  'Савушкин',
  'Брест-Литовск',
  'Бабушкина крынка',
  'Коммунарка',
  'Спартак',
  'Красный пищевик',
  'Минская фабрика',
  'Лидское',
  'Дарида',
  'Бонаква',
  'Гринфилд',
  'Якобс',
  'Мясной двор',
  'Золотая семечка',
  'Ряба',
  'Балтимор',
  'Столичные',
  'Нарочанский',
  'Минскхлебпром',
  'Слодыч',
  'Белая Русь',
  'Любимый',
  'Витебские',
  'Гродненские',
  'Полесье',
  'Молочный мир',
  'Рогачёвский',
  'Туровский',
  'Дзержинский',
  'Оршанский',
];
const KINDS = [
  'классический',
  'ванильный',
  'клубничный',
  'шоколадный',
  'сливочный',
  'лёгкий',
  'отборный',
  'домашний',
  'фермерский',
  'детский',
  'экстра',
  'премиум',
  'нежный',
  'ароматный',
  'традиционный',
  'особый',
  'светлый',
  'тёмный',
  'цельный',
  'пряный',
];
const SIZES = ['100 г', '200 г', '250 г', '400 г', '500 г', '900 г', '1 кг', '0,5 л', '1 л', '1,5 л'];

function barcodeOf(i: number): string {
  const first12 = `481${String(i).padStart(9, '0')}`;
  return first12 + String(ean13CheckDigit(first12));
}

export function generateCatalogue(count: number, seed = 20_261_120): ImportItem[] {
  const r = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    code: String(100_000 + i),
    name: `${r.pick(NOUNS)} ${r.pick(BRANDS)} ${r.pick(KINDS)} ${r.pick(SIZES)}`,
    barcodes: [barcodeOf(i)],
    price: r.int(15, 20_000),
    vatRate: r.pick([2000, 1000, 2000, 1000, 0, null] as const),
    unit: 'шт' as const,
    section: r.int(0, 3),
    category: '',
    marked: false,
  }));
}

async function ok(core: Core, method: string, input: unknown = {}): Promise<unknown> {
  const res = await core.router.call(method, input, true);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value;
}

async function login(core: Core, user: string, password: string): Promise<void> {
  await ok(core, 'auth.logout');
  await ok(core, 'auth.login', { login: user, password });
}

function time<T>(samples: number[], run: () => T): T {
  const t0 = performance.now();
  const v = run();
  samples.push(performance.now() - t0);
  return v;
}

async function timeAsync<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const v = await run();
  samples.push(performance.now() - t0);
  return v;
}

/** Queries as the cashier types them: growing prefixes of a name's words, a word's middle, a barcode start. */
function searchQueries(items: readonly ImportItem[], n: number): string[] {
  const r = seededRandom(7);
  const out: string[] = [];
  while (out.length < n) {
    const item = r.pick(items);
    const words = item.name.split(' ');
    const way = r.int(0, 3);
    if (way === 0) {
      const word = words[0]!;
      for (let k = 1; k <= Math.min(8, word.length) && out.length < n; k++) out.push(word.slice(0, k));
    } else if (way === 1) {
      const word = r.pick(words.filter((w) => w.length >= 5)) ?? words[0]!;
      out.push(word.slice(1, 1 + r.int(3, Math.min(6, word.length - 1))).toLowerCase());
    } else if (way === 2) {
      out.push(`${words[0]!.slice(0, 3).toLowerCase()} ${words[1]!.slice(0, 4).toLowerCase()}`);
    } else {
      out.push(item.barcodes[0]!.slice(0, r.int(6, 12)));
    }
  }
  return out;
}

export async function workflowBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-workflow-'));
  const copies: string[] = [];
  let core = createCore({ dataDir: dir, log: () => {}, passwordCost: TEST_PASSWORD_COST });
  try {
    await ok(core, 'setup.enterPin', { pin: '1234' });
    await ok(core, 'auth.login', { login: 'admin', password: '1111' });
    await ok(core, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
    await ok(core, 'users.create', { login: 'bench', name: 'Кассир', cashierId: '100083608.94@4ek.by', role: 'cashier', password: '7391' });
    await login(core, 'bench', '7391');
    await ok(core, 'auth.changePassword', { oldPassword: '7391', newPassword: '5823' });

    const items = generateCatalogue(ITEMS);
    let t0 = performance.now();
    importItems(core.ctx, items);
    console.log(`catalogue: ${ITEMS} items imported in one transaction in ${Math.round(performance.now() - t0)} ms`);
    await ok(core, 'shift.open');

    // search-200k
    const searchSamples: number[] = [];
    let found = 0;
    for (const query of searchQueries(items, SEARCHES)) {
      const list = (await timeAsync(searchSamples, () => ok(core, 'catalogue.search', { query, limit: 20 }))) as unknown[];
      found += list.length;
    }
    if (found === 0) throw new Error('search found nothing');

    // sale-add-item: 20 lines a check, then the check is cancelled (untimed).
    const addSamples: number[] = [];
    const r = seededRandom(11);
    for (let i = 0; i < ADDS; i++) {
      const barcode = barcodeOf(r.int(0, ITEMS - 1));
      await timeAsync(addSamples, () => ok(core, 'sale.addItem', { barcode }));
      if (i % 20 === 19) await ok(core, 'sale.cancel');
    }
    await ok(core, 'sale.cancel');

    // check-close-cash: 3 lines (untimed), then the cash payment through the router.
    await core.ctx.fiscal.drain(60_000);
    const closeSamples: number[] = [];
    for (let i = 0; i < CLOSES; i++) {
      let total = 0;
      for (let k = 0; k < 3; k++) total = ((await ok(core, 'sale.addItem', { barcode: barcodeOf(r.int(0, ITEMS - 1)) })) as { total: number }).total;
      const paid = (await timeAsync(closeSamples, () => ok(core, 'sale.pay', { payments: [{ form: 'cash', amount: Math.ceil(total / 1000) * 1000 }] }))) as {
        document: { fiscal: unknown };
        print: { printed: boolean; message: string | null };
      };
      if (paid.document.fiscal === null) throw new Error('check-close-cash: the СКО did not answer within the wait');
      if (!paid.print.printed) throw new Error(`check-close-cash: receipt not printed: ${paid.print.message}`);
    }

    // A shift of 5,000 checks through the services (1–5 lines, cash / card / mixed).
    t0 = performance.now();
    for (let i = 0; i < CHECKS - CLOSES; i++) {
      const lines = r.int(1, 5);
      let total = 0;
      for (let k = 0; k < lines; k++) total = addItem(core.ctx, { barcode: barcodeOf(r.int(0, ITEMS - 1)), quantity: 1000 * r.int(1, 3) }).total;
      const way = i % 4;
      const payments =
        way === 0
          ? [{ form: 'card' as const, amount: total }]
          : way === 1 && total > 100
            ? [
                { form: 'card' as const, amount: 100 },
                { form: 'cash' as const, amount: total - 100 },
              ]
            : [{ form: 'cash' as const, amount: total }];
      await payCheck(core.ctx, payments);
      if (i % 250 === 249) await core.ctx.fiscal.drain(120_000); // stay inside the offline limit (500 queued)
    }
    console.log(`shift: ${CHECKS} checks in ${Math.round(performance.now() - t0)} ms; delivering to the СКО emulator…`);
    t0 = performance.now();
    const left = await core.ctx.fiscal.drain(600_000);
    if (left.pending > 0) throw new Error(`${left.pending} documents not delivered`);
    console.log(`delivered in ${Math.round(performance.now() - t0)} ms`);

    const xSamples: number[] = [];
    for (let i = 0; i < X_REPORTS; i++) {
      const x = (await timeAsync(xSamples, () => ok(core, 'shift.xReport'))) as { salesCount: number };
      if (x.salesCount !== CHECKS) throw new Error(`X counted ${x.salesCount} sales, not ${CHECKS}`);
    }

    // Z closes the shift: measured on copies of the shift's folder (database and СКО journal).
    // Through the router (what the cashier waits for, the СКО's answer included), and the till's
    // own part (the Z service with its receipt, no СКО round trip) on further copies.
    await core.ctx.fiscal.drain(60_000);
    core.close();
    for (let i = 0; i < 2 * Z_REPORTS; i++) {
      const copy = mkdtempSync(join(tmpdir(), 'kassa-bench-z-'));
      cpSync(dir, copy, { recursive: true });
      copies.push(copy);
    }
    const zSamples: number[] = [];
    const zTillSamples: number[] = [];
    for (const [i, copy] of copies.entries()) {
      core = createCore({ dataDir: copy, log: () => {}, passwordCost: TEST_PASSWORD_COST });
      await ok(core, 'auth.login', { login: 'bench', password: '5823' });
      await core.ctx.fiscal.drain(60_000);
      const z =
        i < Z_REPORTS
          ? ((await timeAsync(zSamples, () => ok(core, 'shift.zReport', { cashOutAll: true }))) as ShiftReport)
          : time(zTillSamples, () => {
              const report = zReport(core.ctx, { cashOutAll: true });
              documentView(core.ctx, report.document.id);
              return report;
            });
      if (z.salesCount !== CHECKS || z.cashInDrawer !== 0) throw new Error('Z does not add up');
      core.close();
    }
    core = createCore({ dataDir: dir, log: () => {}, passwordCost: TEST_PASSWORD_COST }); // for the finally below

    const size = `${ITEMS.toLocaleString('en')}-item catalogue`;
    return [
      summarize(
        'search-200k',
        'ms',
        searchSamples,
        `${size}; catalogue.search through the router (in process), ${SEARCHES} as-you-type queries: prefixes, substrings, barcode starts`,
      ),
      summarize('sale-add-item', 'ms', addSamples, `${size}; sale.addItem by barcode through the router (in process), 20 lines a check, ${ADDS} adds`),
      summarize(
        'check-close-cash',
        'ms',
        closeSamples,
        `${size}; sale.pay cash through the router (in process): document + outbox, СКО emulator on loopback (signed answer), ESC/POS bytes to the printer emulator; 3 lines, ${CLOSES} checks`,
      ),
      summarize(
        'x-report-5000',
        'ms',
        xSamples,
        `shift of ${CHECKS} checks (cash/card/mixed, 1–5 lines); shift.xReport through the router incl. СКО hand-off and printing; ${X_REPORTS} reports`,
      ),
      summarize(
        'z-report-5000',
        'ms',
        zSamples,
        `shift of ${CHECKS} checks; shift.zReport {cashOutAll} through the router incl. the cash out, the СКО emulator's answer (waited ≤ 3 s) and printing; ${Z_REPORTS} copies of the shift`,
      ),
      summarize(
        'z-report-5000-till',
        'ms',
        zTillSamples,
        `shift of ${CHECKS} checks; the till's part of the Z: zReport {cashOutAll} service (figures, cash out, Z document, close) + its receipt, no СКО round trip; ${Z_REPORTS} copies`,
      ),
    ];
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    for (const c of copies) rmSync(c, { recursive: true, force: true, maxRetries: 10 });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  record(await workflowBench());
  process.exit(0);
}
