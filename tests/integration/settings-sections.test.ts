/**
 * What the admin sets up through the settings screen, through the router on a real SQLite file
 * with the training СКО: the workflow settings (one transaction, audited, refused whole), the
 * requisites (УНП by its check digit, locked once the СКО filled them), the sections directory
 * (a section's VAT rate is what sum-mode sales get) and the filtered, paged lists of shifts and checks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowSettings } from '../../preload/contract/index.js';
import { vatOf } from '../../main/domain/money.js';
import { adminReady, cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';

const MILK = '4810268001055'; // 2.89

let till: TestTill;
afterEach(() => till?.dispose());

function auditOf(t: TestTill, action: string): { user_id: number | null; details: Record<string, unknown> }[] {
  return (t.ctx.db.prepare('SELECT user_id, details FROM audit_log WHERE action = ? ORDER BY id').all(action) as { user_id: number | null; details: string }[]).map(
    (r) => ({
      user_id: r.user_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }),
  );
}

describe('workflow settings', () => {
  it('saves everything the screen sends in one go and audits each changed value before and after', async () => {
    till = makeTill();
    await adminReady(till);
    const before = await till.ok('settings.workflow');
    expect(before.maxShiftHours).toBe(24);
    const wanted: WorkflowSettings = {
      ...before,
      accountingMode: 'sum',
      currencies: ['BYN', 'USD'],
      annulment: { kinds: ['sale'], scope: 'lastCheck', sameDay: false, maxMinutes: 30 },
      weightBarcode: { prefixes: ['27', '28'], itemDigits: 6, valueDigits: 4, value: 'price' },
      discounts: { maxLinePercent: 1500, maxCheckPercent: 1000, allowMarkup: false, cardPercent: 300 },
      maxShiftHours: 12,
    };
    expect(await till.ok('settings.saveWorkflow', wanted)).toEqual(wanted);
    expect(await till.ok('settings.workflow')).toEqual(wanted);

    const [entry] = auditOf(till, 'settings.workflow');
    expect(entry?.user_id).toBe((await till.ok('app.status')).user!.id);
    expect(entry?.details).toEqual({
      changed: ['accountingMode', 'weightBarcode', 'currencies', 'annulment', 'discounts', 'maxShiftHours'],
      before: {
        accountingMode: 'itemized',
        weightBarcode: before.weightBarcode,
        currencies: before.currencies,
        annulment: before.annulment,
        discounts: before.discounts,
        maxShiftHours: 24,
      },
      after: {
        accountingMode: 'sum',
        weightBarcode: wanted.weightBarcode,
        currencies: ['BYN', 'USD'],
        annulment: wanted.annulment,
        discounts: wanted.discounts,
        maxShiftHours: 12,
      },
    });
    // The same settings again change nothing and leave no new audit entry.
    const unchanged = till.fingerprint();
    await till.ok('settings.saveWorkflow', wanted);
    expect(till.fingerprint()).toBe(unchanged);
  });

  it('refuses a weight label layout that is not 13 digits, or a prefix outside 20–29, naming the field, and changes nothing', async () => {
    till = makeTill();
    await adminReady(till);
    const settings = await till.ok('settings.workflow');
    const before = till.fingerprint();
    const cases: [WorkflowSettings['weightBarcode'], (string | number)[], RegExp][] = [
      [{ ...settings.weightBarcode, itemDigits: 6, valueDigits: 5 }, ['weightBarcode', 'valueDigits'], /вместе — 10 цифр/],
      [{ ...settings.weightBarcode, prefixes: ['20', '48'] }, ['weightBarcode', 'prefixes', 1], /от 20 до 29/],
      [{ ...settings.weightBarcode, prefixes: ['21', '21'] }, ['weightBarcode', 'prefixes'], /повторяются/],
    ];
    for (const [weightBarcode, path, message] of cases) {
      const res = await till.call('settings.saveWorkflow', { ...settings, currencies: ['BYN'], weightBarcode });
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringMatching(message), details: { issues: [{ path, message: expect.stringMatching(message) }] } },
      });
    }
    // Both mistakes at once are both named, so the admin fixes them in one go.
    const both = await till.call('settings.saveWorkflow', { weightBarcode: { ...settings.weightBarcode, prefixes: ['48'], itemDigits: 6 } });
    expect(both.ok || both.error.details).toEqual({
      issues: [
        { path: ['weightBarcode', 'prefixes', 0], message: 'Префикс весовой этикетки — от 20 до 29' },
        { path: ['weightBarcode', 'valueDigits'], message: 'Код товара и вес вместе — 10 цифр (2 префикс + 10 + 1 контрольная)' },
      ],
    });
    expect(till.fingerprint()).toBe(before);
  });

  it('refuses the whole save when the accounting mode cannot change with the shift open', async () => {
    till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    await loginAs(till, 'admin');
    const settings = await till.ok('settings.workflow');
    const before = till.fingerprint();
    const res = await till.call('settings.saveWorkflow', { ...settings, accountingMode: 'sum', currencies: ['BYN'], maxShiftHours: 8 });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { issues: [{ path: ['accountingMode'] }] } } });
    expect(till.fingerprint()).toBe(before); // the currencies and the shift length did not go through either
    expect((await till.ok('settings.workflow')).currencies).toEqual(settings.currencies);
  });

  it('applies a shorter maximum shift length to the open shift at once', async () => {
    let now = new Date('2026-11-20T08:00:00Z');
    till = makeTill({ clock: () => now });
    await cashierReady(till);
    await till.ok('shift.open');
    now = new Date('2026-11-20T11:00:00Z');
    await till.ok('sale.addItem', { barcode: MILK }); // 3 h into a 24 h shift
    await loginAs(till, 'admin');
    await till.ok('settings.saveWorkflow', { maxShiftHours: 2 });
    await loginAs(till, 'cashier');
    expect(await till.call('sale.addItem', { barcode: MILK })).toMatchObject({
      ok: false,
      error: { code: 'SHIFT_TOO_LONG', message: 'Смена длится дольше 2 ч. Закройте её Z-отчётом.' },
    });
    expect((await till.ok('app.status')).shift?.tooLong).toBe(true);
    await loginAs(till, 'admin');
    expect(await till.call('settings.saveWorkflow', { maxShiftHours: 0 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Смена — не короче 1 ч' },
    });
  });
});

describe('requisites', () => {
  it('saves the requisites the admin typed, with the УНП checked, and prints them on the next receipt', async () => {
    till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    expect(await till.ok('settings.requisites')).toMatchObject({ fromSko: false, requisites: { unp: '192608414' } });
    const typed = {
      organization: 'ЧУП «Гастроном у Немиги»',
      unp: '100582333',
      registrationNumber: '219000555',
      tradeObject: 'Гастроном № 5',
      address: 'г. Минск, ул. Немига, 3',
    };
    expect(await till.ok('settings.saveRequisites', typed)).toEqual({ fromSko: false, requisites: typed });
    expect(auditOf(till, 'requisites.saved').map((a) => a.details.changed)).toEqual([['organization', 'unp', 'registrationNumber', 'tradeObject', 'address']]);

    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    const { total } = await till.ok('sale.addItem', { barcode: MILK });
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: total }] });
    const receipt = document.receipt.join('\n');
    for (const v of Object.values(typed)) expect(receipt).toContain(v);
  });

  it('refuses an УНП whose check digit is wrong, next to the field, and changes nothing', async () => {
    till = makeTill();
    await adminReady(till);
    const { requisites } = await till.ok('settings.requisites');
    const before = till.fingerprint();
    const res = await till.call('settings.saveRequisites', { ...requisites, unp: '192608415' });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'УНП «192608415» неверный: не сходится контрольная цифра или формат', details: { issues: [{ path: ['unp'] }] } },
    });
    expect(await till.call('settings.saveRequisites', { ...requisites, unp: '1926084' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'УНП — 9 знаков' },
    });
    expect(await till.call('settings.saveRequisites', { ...requisites, address: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Введите адрес торгового объекта' },
    });
    expect(till.fingerprint()).toBe(before);
  });

  it('locks organisation, УНП and registration number once filled from the СКО; trade object and address stay editable', async () => {
    till = makeTill();
    await adminReady(till);
    const filled = await till.ok('settings.fillRequisitesFromSko');
    expect(await till.ok('settings.requisites')).toEqual({ fromSko: true, requisites: filled });
    const before = till.fingerprint();
    const res = await till.call('settings.saveRequisites', { ...filled, unp: '100582333', organization: 'ООО «Другое»' });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { issues: [{ path: ['organization'] }, { path: ['unp'] }] } } });
    expect(till.fingerprint()).toBe(before);
    const moved = await till.ok('settings.saveRequisites', { ...filled, tradeObject: 'Павильон № 2', address: 'г. Минск, пр. Независимости, 10' });
    expect(moved).toEqual({ fromSko: true, requisites: { ...filled, tradeObject: 'Павильон № 2', address: 'г. Минск, пр. Независимости, 10' } });
  });
});

describe('sections directory', () => {
  it('adds a section, renames it and sets its VAT rate; refuses a taken code and an empty name', async () => {
    till = makeTill();
    await adminReady(till);
    const added = await till.ok('sections.add', { code: 10, name: '  Хлеб  ', vatRate: 1000 });
    expect(added).toEqual({ code: 10, name: 'Хлеб', vatRate: 1000, hidden: false, used: false });
    expect(await till.ok('sections.update', { code: 10, name: 'Хлеб и выпечка', vatRate: null, hidden: false })).toEqual({
      code: 10,
      name: 'Хлеб и выпечка',
      vatRate: null,
      hidden: false,
      used: false,
    });
    const before = till.fingerprint();
    expect(await till.call('sections.add', { code: 1, name: 'Ещё одна', vatRate: 2000 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Код 1 уже занят секцией «Продовольственные товары»', details: { issues: [{ path: ['code'] }] } },
    });
    expect(await till.call('sections.add', { code: 11, name: ' ', vatRate: 2000 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Введите название секции' },
    });
    expect(await till.call('sections.add', { code: 256, name: 'Табак', vatRate: 2000 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Код секции — от 0 до 255' },
    });
    expect(await till.call('sections.add', { code: 12, name: 'Табак', vatRate: 1800 as never })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Ставка НДС — 20, 10, 0, 25 % или без НДС' },
    });
    expect(await till.call('sections.update', { code: 99, name: 'Нет такой', vatRate: 2000, hidden: false })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(till.fingerprint()).toBe(before);
    expect(auditOf(till, 'sections.update')[0]?.details).toEqual({
      code: 10,
      before: { name: 'Хлеб', vatRate: 1000, hidden: false },
      after: { name: 'Хлеб и выпечка', vatRate: null, hidden: false },
    });
  });

  it('sells on a section at 10 % in sum mode: 10 % VAT on the check and in the X-report', async () => {
    till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    await till.ok('settings.saveWorkflow', { accountingMode: 'sum' });
    await till.ok('sections.update', { code: 1, name: 'Продовольственные товары', vatRate: 1000, hidden: false });
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    expect((await till.ok('sections.list')).find((s) => s.code === 1)).toEqual({ code: 1, name: 'Продовольственные товары', vatRate: 1000 });
    await till.ok('sale.addSection', { section: 1, amount: 1100 });
    const check = await till.ok('sale.addSection', { section: 3, amount: 1200 });
    expect(check.vat).toHaveLength(2);
    expect(check.vat).toEqual(
      expect.arrayContaining([
        { vatRate: 1000, vat: vatOf(1100, 1000) },
        { vatRate: 2000, vat: vatOf(1200, 2000) },
      ]),
    );
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 2300 }] });
    const detail = await till.ok('documents.get', { id: document.id });
    expect(detail.lines.map((l) => [l.section, l.vatRate, l.vat])).toEqual([
      [1, 1000, 100],
      [3, 2000, 200],
    ]);
    const receipt = document.receipt.join('\n');
    expect(receipt).toMatch(/в т\.ч\. НДС 10%\s+1\.00/);
    expect(receipt).toMatch(/в т\.ч\. НДС 20%\s+2\.00/);
    const x = await till.ok('shift.xReport');
    expect(x.byVatRate.find((r) => r.vatRate === 1000)).toMatchObject({ sales: 1100, salesVat: 100 });
    expect(x.byVatRate.find((r) => r.vatRate === 2000)).toMatchObject({ sales: 1200, salesVat: 200 });
    expect(x.document.receipt.join('\n')).toMatch(/НДС 10%/);
  });

  it('keeps the rate of a sale made before the section changed', async () => {
    till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    await till.ok('settings.saveWorkflow', { accountingMode: 'sum' });
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    await till.ok('sale.addSection', { section: 2, amount: 600 });
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 600 }] });
    await loginAs(till, 'admin');
    await till.ok('sections.update', { code: 2, name: 'Овощи', vatRate: 2000, hidden: false });
    const detail = await till.ok('documents.get', { id: document.id });
    expect(detail.lines[0]).toMatchObject({ vatRate: 1000, vat: 55, name: 'Овощи и фрукты' }); // 6.00 at 10 %, as sold
  });

  it('removes a section nothing refers to, only hides one a check uses, and keeps one section for sale', async () => {
    till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    await till.ok('settings.saveWorkflow', { accountingMode: 'sum' });
    await till.ok('sections.add', { code: 50, name: 'Сезонный товар', vatRate: 2000 });
    await till.ok('sections.add', { code: 51, name: 'Ошибочная', vatRate: 2000 });
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    await till.ok('sale.addSection', { section: 50, amount: 500 });
    await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 500 }] });

    await loginAs(till, 'admin');
    expect((await till.ok('sections.directory')).filter((s) => s.code >= 50)).toEqual([
      { code: 50, name: 'Сезонный товар', vatRate: 2000, hidden: false, used: true },
      { code: 51, name: 'Ошибочная', vatRate: 2000, hidden: false, used: false },
    ]);
    await till.ok('sections.remove', { code: 51 });
    const before = till.fingerprint();
    expect(await till.call('sections.remove', { code: 50 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Секция «Сезонный товар» уже есть в чеках или в каталоге: её можно только скрыть' },
    });
    expect(await till.call('sections.remove', { code: 51 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(till.fingerprint()).toBe(before);
    await till.ok('sections.update', { code: 50, name: 'Сезонный товар', vatRate: 2000, hidden: true });
    expect((await till.ok('sections.directory')).map((s) => s.code)).toEqual([0, 1, 2, 3, 50]);
    expect((await till.ok('sections.list')).map((s) => s.code)).toEqual([0, 1, 2, 3]);
    // A hidden section is closed for sale in main too, not only missing from the screen.
    await loginAs(till, 'cashier');
    const hiddenBefore = till.fingerprint();
    expect(await till.call('sale.addSection', { section: 50, amount: 100 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/скрыта/) },
    });
    expect(till.fingerprint()).toBe(hiddenBefore);
    await loginAs(till, 'admin');

    // Goods of the sample catalogue use 0–3; hide all but the last, and the last stays.
    for (const code of [0, 1, 2]) await till.ok('sections.update', { code, name: `Секция ${code}`, vatRate: 2000, hidden: true });
    const lastOne = till.fingerprint();
    expect(await till.call('sections.update', { code: 3, name: 'Секция 3', vatRate: 2000, hidden: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Должна остаться хотя бы одна секция для продажи' },
    });
    expect(till.fingerprint()).toBe(lastOne);
    expect((await till.ok('sections.list')).map((s) => s.code)).toEqual([3]);
  });
});

describe('lists of shifts and checks', () => {
  it('filters shifts by number and by opening date, and pages them', async () => {
    let now = new Date('2026-03-02T06:00:00Z');
    till = makeTill({ clock: () => now });
    await cashierReady(till);
    for (let day = 2; day <= 6; day++) {
      now = new Date(`2026-03-0${day}T06:00:00Z`);
      await till.ok('shift.open');
      now = new Date(`2026-03-0${day}T16:00:00Z`);
      await till.ok('shift.zReport', { cashOutAll: true });
    }
    expect((await till.ok('shifts.list', { number: 3 })).items.map((s) => s.number)).toEqual([3]);
    expect(await till.ok('shifts.list', { number: 9 })).toEqual({ items: [], total: 0 });
    const inRange = await till.ok('shifts.list', { from: '2026-03-03', to: '2026-03-05' });
    expect(inRange.items.map((s) => s.number)).toEqual([4, 3, 2]);
    const first = await till.ok('shifts.list', { limit: 2 });
    const second = await till.ok('shifts.list', { limit: 2, offset: 2 });
    expect([first.total, first.items.map((s) => s.number), second.items.map((s) => s.number)]).toEqual([5, [5, 4], [3, 2]]);
    expect(await till.call('shifts.list', { from: '2026-03-05', to: '2026-03-03' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Дата «с» позже даты «по»' },
    });
  });

  it('filters checks by amount, inclusive, together with the kind', async () => {
    till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
    for (const n of [1, 2, 3]) {
      await till.ok('sale.addItem', { barcode: MILK, quantity: n * 1000 });
      await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 289 * n }] });
    }
    await till.ok('cash.in', { amount: 578 });
    const totals = async (input: Parameters<TestTill['ok']>[1]) => (await till.ok('documents.list', input as never)).items.map((d) => [d.kind, d.total]);
    expect(await totals({ minTotal: 578, maxTotal: 867 })).toEqual([
      ['cash_in', 578],
      ['sale', 867],
      ['sale', 578],
    ]);
    expect(await totals({ kind: 'sale', minTotal: 578 })).toEqual([
      ['sale', 867],
      ['sale', 578],
    ]);
    expect(await totals({ kind: 'sale', maxTotal: 289 })).toEqual([['sale', 289]]);
    expect(await till.call('documents.list', { minTotal: 900, maxTotal: 100 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Сумма «от» больше суммы «до»' },
    });
  });
});
