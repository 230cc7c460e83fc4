/**
 * The sale screen's work in main, through the router on a real SQLite file: scanner input
 * (Russian layout, DataMatrix, weight labels), PLU, the scale, editing lines, discounts, parked
 * checks, sum mode, and mixed payments through the payment terminal (approve / decline / timeout).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ean13CheckDigit } from '../../common/barcode.js';
import { latinToRuLayout } from '../../common/keyboard-layout.js';
import { GS } from '../../common/marking.js';
import { lineAmount, vatOf } from '../../main/domain/money.js';
import type { PaymentTerminal, TerminalForm } from '../../main/devices/terminal/terminal.js';
import { importItems } from '../../main/services/catalogue.js';
import { cashierOnShift, cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';

const MILK = '4810268001055'; // 2.89, VAT 10 %
const WATER = '4810076000110';
const SNEAKERS = '4810203007012'; // marked, 189.00
const BANANAS_PLU = '4011'; // 4.49 per kg
const mark = (serial: string, gtin = `0${SNEAKERS}`) => `]d201${gtin}21${serial}${GS}93dGVzdA`;
const label = (first12: string) => first12 + String(ean13CheckDigit(first12));

let till: TestTill;
afterEach(() => till?.dispose());

async function shiftOpen(options: Parameters<typeof makeTill>[0] = {}): Promise<TestTill> {
  till = makeTill(options);
  await cashierOnShift(till);
  await till.outbox.kick();
  return till;
}

describe('adding goods', () => {
  it('takes a scan with its Enter suffix, a PLU with a quantity and a weight label; an unknown code adds nothing', async () => {
    await shiftOpen();
    let check = await till.ok('sale.scan', { code: `${MILK}\r\n` });
    expect(check.lines).toMatchObject([{ name: expect.stringContaining('Молоко'), barcode: MILK, quantity: 1000, amount: 289 }]);

    check = await till.ok('sale.addItem', { plu: BANANAS_PLU, quantity: 1235 });
    expect(check.lines[1]).toMatchObject({ name: 'Бананы', quantity: 1235, unit: 'кг', amount: lineAmount(449, 1235) });

    const weightLabel = label('220401101500'); // item 04011, 1.500 kg
    check = await till.ok('sale.scan', { code: weightLabel });
    expect(check.lines[2]).toMatchObject({ name: 'Бананы', quantity: 1500, barcode: weightLabel, amount: lineAmount(449, 1500) });
    expect(check.total).toBe(289 + lineAmount(449, 1235) + lineAmount(449, 1500));

    const before = till.fingerprint();
    expect(await till.call('sale.scan', { code: '4810000000018' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Товар со штрихкодом 4810000000018 не найден' },
    });
    expect(await till.call('sale.scan', { code: '4810268001056' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/контрольная цифра/) },
    });
    expect(await till.call('sale.scan', { code: label('229999901000') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await till.call('sale.addItem', { plu: BANANAS_PLU })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { weightRequired: true } } });
    expect(await till.call('sale.addItem', { barcode: MILK, quantity: 1500 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(till.fingerprint()).toBe(before);
  });

  it('finds an item stored as an EAN-13 when the scanner sends its UPC-A, and the other way round', async () => {
    await shiftOpen();
    const upc = '036000291452'; // a UPC-A; the same code as an EAN-13 is 0036000291452
    importItems(till.ctx, [
      { code: '9001', name: 'Жевательная резинка', barcodes: [`0${upc}`], price: 150, vatRate: 2000, unit: 'шт', section: 1, category: '', marked: false },
      { code: '9002', name: 'Батарейки AA', barcodes: ['042100005264'], price: 990, vatRate: 2000, unit: 'шт', section: 1, category: '', marked: false },
    ]);
    expect((await till.ok('sale.scan', { code: upc })).lines.at(-1)).toMatchObject({ name: 'Жевательная резинка', barcode: upc });
    expect((await till.ok('sale.scan', { code: '0042100005264' })).lines.at(-1)).toMatchObject({ name: 'Батарейки AA' });
  });

  it('charges exactly the amount printed on a price label, whatever price × weight would give', async () => {
    await shiftOpen();
    await loginAs(till, 'admin');
    await till.ok('settings.saveWorkflow', { weightBarcode: { prefixes: ['22'], itemDigits: 5, valueDigits: 5, value: 'price' } });
    await loginAs(till, 'cashier');
    // Cheese at 27.90 per kg; the scale printed 10.00 on the label: 358.4 g, 358 g × 27.90 would be 9.99.
    const cheese = label('220200201000');
    const check = await till.ok('sale.scan', { code: cheese });
    expect(check.lines[0]).toMatchObject({ name: expect.stringContaining('Сыр'), quantity: 358, price: 2790, baseAmount: 1000, amount: 1000 });
    expect(lineAmount(2790, 358)).not.toBe(1000);
    expect(await till.call('sale.setQuantity', { lineId: check.lines[0]!.id, quantity: 500 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/этикетки/) },
    });
    const paid = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 1000 }] });
    const stored = await till.ok('documents.get', { id: paid.document.id });
    expect(stored.lines[0]).toMatchObject({ quantity: 358, price: 2790, amount: 1000, vat: vatOf(1000, 1000) });
    expect((await till.outbox.drain(10_000)).pending).toBe(0); // the СКО takes it as it is
  });

  it('weighs on the scale: only a stable weight goes into the check', async () => {
    await shiftOpen({ devices: { simulatedSettleMs: 300 } });
    await till.ok('scale.simulate', { grams: 750 });
    const swinging = await till.call('sale.addItem', { plu: BANANAS_PLU, weigh: true });
    expect(swinging).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR' } });
    expect((await till.ok('sale.current')).lines).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 700));
    const check = await till.ok('sale.addItem', { plu: BANANAS_PLU, weigh: true });
    expect(check.lines).toMatchObject([{ name: 'Бананы', quantity: 750, amount: lineAmount(449, 750) }]);
  });

  it('wants a DataMatrix for marked goods, keeps it on the line, and refuses the same code twice', async () => {
    await shiftOpen();
    expect(await till.call('sale.scan', { code: SNEAKERS })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { markRequired: true } } });

    // Typed by a keyboard-wedge scanner in the Russian layout (the GS is lost that way).
    const typed = latinToRuLayout(`]d201${`0${SNEAKERS}`}21SN0001`);
    let check = await till.ok('sale.scan', { code: typed });
    expect(check.lines).toMatchObject([{ name: expect.stringContaining('Кроссовки'), markCode: `01${`0${SNEAKERS}`}21SN0001`, quantity: 1000 }]);

    const before = till.fingerprint();
    expect(await till.call('sale.scan', { code: `01${`0${SNEAKERS}`}21SN0001` })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await till.call('sale.addItem', { barcode: SNEAKERS, markCode: mark('SN0001') })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await till.call('sale.addItem', { barcode: MILK, markCode: mark('SN0002') })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/другого товара/) },
    });
    expect(await till.call('sale.setQuantity', { lineId: check.lines[0]!.id, quantity: 2000 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(till.fingerprint()).toBe(before);

    check = await till.ok('sale.addItem', { barcode: SNEAKERS, markCode: mark('SN0002') });
    expect(check.lines.map((l) => l.markCode)).toEqual([`01${`0${SNEAKERS}`}21SN0001`, `01${`0${SNEAKERS}`}21SN0002${GS}93dGVzdA`]);
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: check.total }] });
    const stored = till.ctx.db.prepare('SELECT mark_code FROM document_lines WHERE document_id = ? ORDER BY line_no').pluck().all(document.id);
    expect(stored).toEqual(check.lines.map((l) => l.markCode));
    const outbox = JSON.parse(till.ctx.db.prepare('SELECT payload FROM outbox WHERE document_id = ?').pluck().get(document.id) as string) as {
      body: { lines: { markCode?: string }[] };
    };
    expect(outbox.body.lines.map((l) => l.markCode)).toEqual(check.lines.map((l) => l.markCode));
  });

  it('refuses a DataMatrix already sold on an earlier check until that check is returned', async () => {
    await shiftOpen();
    const first = await till.ok('sale.addItem', { barcode: SNEAKERS, markCode: mark('SN0007') });
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: first.total }] });

    const before = till.fingerprint();
    // Scanned again on a new check, with or without the GS part: the same unit.
    const again = await till.call('sale.scan', { code: `01${`0${SNEAKERS}`}21SN0007` });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/уже продан/) } });
    expect(await till.call('sale.addItem', { barcode: SNEAKERS, markCode: mark('SN0007') })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(till.fingerprint()).toBe(before);

    await till.ok('returns.byCheck', { documentId: document.id });
    const resold = await till.ok('sale.addItem', { barcode: SNEAKERS, markCode: mark('SN0007') });
    expect(resold.lines.map((l) => l.markCode)).toEqual([`01${`0${SNEAKERS}`}21SN0007${GS}93dGVzdA`]);
  });
});

describe('editing the open check', () => {
  it('changes quantities, applies line discounts and markups, a card discount spread exactly, and stores them', async () => {
    await shiftOpen();
    await till.ok('sale.addItem', { barcode: MILK });
    await till.ok('sale.addItem', { barcode: WATER });
    let check = await till.ok('sale.addItem', { plu: BANANAS_PLU, quantity: 1235 });
    const [milk, water, bananas] = check.lines;
    check = await till.ok('sale.setQuantity', { lineId: milk!.id, quantity: 3000 });
    expect(check.lines[0]).toMatchObject({ quantity: 3000, baseAmount: 867, amount: 867 });

    check = await till.ok('sale.lineDiscount', { lineId: milk!.id, adjustment: { kind: 'discount', by: 'percent', value: 1000 } });
    expect(check.lines[0]).toMatchObject({ lineDiscount: 87, amount: 780 }); // 86.7 → 87
    check = await till.ok('sale.lineDiscount', { lineId: water!.id, adjustment: { kind: 'markup', by: 'sum', value: 11 } });
    expect(check.lines[1]!.lineDiscount).toBe(-11);

    const before = till.fingerprint();
    expect(await till.call('sale.lineDiscount', { lineId: bananas!.id, adjustment: { kind: 'discount', by: 'percent', value: 6000 } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Скидка больше допустимой: не более 50 % суммы строки' },
    });
    expect(await till.call('sale.setQuantity', { lineId: 999, quantity: 1000 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(till.fingerprint()).toBe(before);

    // The card's series is in the directory (the admin registered it): 5 % off.
    await loginAs(till, 'admin');
    await till.ok('discountCards.add', { number: '7700', kind: 'prefix', name: 'Постоянный покупатель', percent: 500, amount: null });
    await loginAs(till, 'cashier');
    check = await till.ok('sale.checkDiscount', { card: '7700123456' });
    expect(check).toMatchObject({ discountCard: '7700123456', checkAdjustment: { kind: 'discount', by: 'percent', value: 500 } });
    expect(check.checkDiscount).toBe(Math.round(check.subtotal * 0.05));
    expect(check.lines.reduce((s, l) => s + l.amount, 0)).toBe(check.total);
    expect(check.lines.reduce((s, l) => s + l.checkDiscount, 0)).toBe(check.checkDiscount);
    for (const l of check.lines) expect(l.amount).toBeGreaterThanOrEqual(0);
    expect(check.vat.reduce((s, v) => s + v.vat, 0)).toBe(check.lines.reduce((s, l) => s + vatOf(l.amount, l.vatRate), 0));

    const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 5000 }] });
    expect(document.total).toBe(check.total);
    const detail = await till.ok('documents.get', { id: document.id });
    expect(detail.discountCard).toBe('7700123456');
    expect(detail.lines.map((l) => [l.amount, l.discount])).toEqual(check.lines.map((l) => [l.amount, l.lineDiscount + l.checkDiscount]));
    expect(detail.lines.reduce((s, l) => s + l.amount, 0)).toBe(detail.total);
    expect(detail.receipt.join('\n')).toMatch(/Скидка/);
    expect(detail.receipt.join('\n')).toMatch(/Дисконтная карта\s+7700123456/);
    expect((await till.ok('sale.current')).checkAdjustment).toBeNull(); // the next check starts clean
  });

  it('parks a check and resumes it later with its discount; the Z waits for parked checks', async () => {
    await shiftOpen();
    await till.ok('sale.addItem', { barcode: MILK, quantity: 2000 });
    const first = await till.ok('sale.checkDiscount', { adjustment: { kind: 'discount', by: 'sum', value: 78 } });
    let check = await till.ok('sale.park', { note: 'Покупатель вернётся' });
    expect(check).toMatchObject({ lines: [], total: 0, parkedCount: 1, checkAdjustment: null });
    const parked = await till.ok('sale.parked');
    expect(parked).toEqual([{ id: expect.any(Number), parkedAt: expect.any(String), note: 'Покупатель вернётся', lines: 1, total: first.total }]);

    await till.ok('sale.addItem', { barcode: WATER });
    const before = till.fingerprint();
    expect(await till.call('sale.resume', { id: parked[0]!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(till.fingerprint()).toBe(before);
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'card', amount: (await till.ok('sale.current')).total }] });
    expect(document.kind).toBe('sale');

    expect(await till.call('shift.zReport', { cashOutAll: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/отложенные/) },
    });
    check = await till.ok('sale.resume', { id: parked[0]!.id });
    expect(check).toMatchObject({ total: first.total, checkDiscount: 78, parkedCount: 0, lines: [{ quantity: 2000 }] });
    await till.ok('sale.pay', { payments: [{ form: 'cash', amount: check.total }] });
    await till.ok('shift.zReport', { cashOutAll: true });
  });
});

describe('sum mode (суммовой учёт)', () => {
  it('sells amounts on named sections and refuses catalogue goods; the Z shows the sections', async () => {
    till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    await till.ok('settings.saveWorkflow', { accountingMode: 'sum' });
    await loginAs(till, 'cashier');
    await till.ok('shift.open');
    const sections = await till.ok('sections.list');
    expect(sections.find((s) => s.code === 2)).toMatchObject({ name: 'Овощи и фрукты', vatRate: 1000 });

    await till.ok('sale.addSection', { section: 2, amount: 1250 });
    const check = await till.ok('sale.addSection', { section: 1, amount: 399, quantity: 3000 });
    expect(check.lines).toMatchObject([
      { itemId: null, name: 'Овощи и фрукты', section: 2, amount: 1250 },
      { itemId: null, name: 'Продовольственные товары', section: 1, amount: 1197 },
    ]);
    expect(await till.call('sale.addItem', { barcode: MILK })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await till.call('sale.addSection', { section: 200, amount: 100 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // The largest amount times the largest quantity would not even fit a float: refused, nothing written.
    const before = till.fingerprint();
    expect(await till.call('sale.addSection', { section: 1, amount: 100_000_000, quantity: 1_000_000_000 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Сумма строки больше 10000000.00: проверьте цену и количество' },
    });
    expect(await till.call('sale.setQuantity', { lineId: check.lines[0]!.id, quantity: 1_000_000_000 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(till.fingerprint()).toBe(before);
    await till.ok('sale.pay', { payments: [{ form: 'cash', amount: 5000 }] });
    const x = await till.ok('shift.xReport');
    expect(x.bySection).toEqual([
      { section: 1, name: 'Продовольственные товары', sales: 1197, returns: 0, amount: 1197 },
      { section: 2, name: 'Овощи и фрукты', sales: 1250, returns: 0, amount: 1250 },
    ]);
    await loginAs(till, 'admin');
    expect(await till.call('settings.saveWorkflow', { accountingMode: 'itemized' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

/** A terminal that answers as told, and remembers what it was asked. */
function scriptedTerminal(answers: Partial<Record<TerminalForm, 'approve' | 'decline' | 'timeout'>>) {
  const calls: string[] = [];
  let n = 0;
  const terminal: PaymentTerminal = {
    async purchase(form, amount) {
      calls.push(`purchase ${form} ${amount}`);
      const a = answers[form] ?? 'approve';
      if (a === 'approve') return { status: 'approved', reference: `R${++n}` };
      return a === 'decline' ? { status: 'declined', message: 'Недостаточно средств' } : { status: 'timeout' };
    },
    async refund(form, amount, reference) {
      calls.push(`refund ${form} ${amount} ${reference}`);
      return { status: 'approved', reference: `F${++n}` };
    },
    async cancel(form, reference) {
      calls.push(`cancel ${form} ${reference}`);
      return { status: 'approved', reference: `C${++n}` };
    },
    async check() {
      return { ok: true, message: 'ok' };
    },
  };
  return { terminal, calls };
}

/** The till's terminal adapter, given to its core; the test swaps the bank behind it between payments. */
function swappableTerminal(first: PaymentTerminal) {
  let bank = first;
  const terminal: PaymentTerminal = {
    purchase: (form, amount) => bank.purchase(form, amount),
    refund: (form, amount, reference) => bank.refund(form, amount, reference),
    cancel: (form, reference) => bank.cancel(form, reference),
    check: () => bank.check(),
  };
  return { terminal, use: (next: PaymentTerminal) => void (bank = next) };
}

describe('payment', () => {
  it('takes cash with change, card, gift certificate, ОПЛАТИ and other forms in one check', async () => {
    await shiftOpen();
    await till.ok('sale.addItem', { barcode: MILK, quantity: 10_000 }); // 28.90
    const payments = [
      { form: 'card' as const, amount: 1000 },
      { form: 'gift' as const, amount: 500 },
      { form: 'oplati' as const, amount: 300 },
      { form: 'noncash' as const, amount: 200 },
      { form: 'advance' as const, amount: 100 },
      { form: 'cash' as const, amount: 1000 },
    ];
    const { document, change } = await till.ok('sale.pay', { payments });
    expect(change).toBe(210);
    const detail = await till.ok('documents.get', { id: document.id });
    expect(detail.payments).toEqual(payments);
    expect(detail.change).toBe(210);
    const refs = till.ctx.db.prepare('SELECT form, terminal_ref FROM document_payments WHERE document_id = ? ORDER BY id').all(document.id) as {
      form: string;
      terminal_ref: string | null;
    }[];
    expect(refs.filter((r) => r.terminal_ref !== null).map((r) => r.form)).toEqual(['card', 'oplati']); // only these went through the terminal
  });

  it('refuses over-payment by non-cash and change from non-cash, writing nothing', async () => {
    await shiftOpen();
    const { total } = await till.ok('sale.addItem', { barcode: MILK });
    const before = till.fingerprint();
    expect(await till.call('sale.pay', { payments: [{ form: 'gift', amount: total + 1 }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Безналичная оплата больше суммы чека' },
    });
    expect(
      await till.call('sale.pay', {
        payments: [
          { form: 'card', amount: total - 1 },
          { form: 'oplati', amount: 2 },
        ],
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(till.fingerprint()).toBe(before);
  });

  it('leaves the check open and unpaid when the terminal declines or does not answer, and gives back what it took', async () => {
    const { terminal, calls } = scriptedTerminal({ card: 'approve', oplati: 'decline' });
    const bank = swappableTerminal(terminal);
    await shiftOpen({ terminal: bank.terminal });
    const { total } = await till.ok('sale.addItem', { barcode: MILK, quantity: 3000 });
    const before = till.fingerprint({ except: ['terminal_ops'] });
    const journal = () => till.ctx.db.prepare('SELECT kind, purpose, form, state FROM terminal_ops ORDER BY id').all();
    const declined = await till.call('sale.pay', {
      payments: [
        { form: 'card', amount: 500 },
        { form: 'oplati', amount: total - 500 },
      ],
    });
    expect(declined).toMatchObject({ ok: false, error: { code: 'PAYMENT_DECLINED', message: expect.stringMatching(/Недостаточно средств.*Чек не оплачен/) } });
    expect(calls).toEqual(['purchase card 500', `purchase oplati ${total - 500}`, 'cancel card R1']);
    expect(till.fingerprint({ except: ['terminal_ops'] })).toBe(before);
    // Only the terminal's journal speaks of it: taken, declined, given back.
    expect(journal()).toEqual([
      { kind: 'purchase', purpose: 'sale', form: 'card', state: 'reversed' },
      { kind: 'purchase', purpose: 'sale', form: 'oplati', state: 'declined' },
      { kind: 'cancel', purpose: 'undo', form: 'card', state: 'settled' },
    ]);
    expect((await till.ok('sale.current')).total).toBe(total);

    const silent = scriptedTerminal({ card: 'timeout' });
    bank.use(silent.terminal);
    expect(await till.call('sale.pay', { payments: [{ form: 'card', amount: total }] })).toMatchObject({
      ok: false,
      error: { code: 'DEVICE_ERROR', details: { terminal: 'timeout' } },
    });
    expect(till.fingerprint({ except: ['terminal_ops'] })).toBe(before);
    expect(journal().at(-1)).toEqual({ kind: 'purchase', purpose: 'sale', form: 'card', state: 'timeout' });

    bank.use(scriptedTerminal({}).terminal);
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect(document.total).toBe(total);
  });

  it('gives card money back on the terminal: a return refunds against the purchase, an annulment cancels it', async () => {
    const { terminal, calls } = scriptedTerminal({});
    const bank = swappableTerminal(terminal);
    await shiftOpen({ terminal: bank.terminal });
    const first = await till.ok('sale.addItem', { barcode: MILK, quantity: 2000 });
    const sale = await till.ok('sale.pay', { payments: [{ form: 'card', amount: first.total }] });
    const back = await till.ok('returns.byCheck', { documentId: sale.document.id, lines: [{ lineNo: 1, quantity: 1000 }] });
    expect(back.refunds).toEqual([{ form: 'card', amount: 289 }]);
    expect(calls.slice(-1)).toEqual(['refund card 289 R1']);

    const second = await till.ok('sale.addItem', { barcode: WATER });
    const paid = await till.ok('sale.pay', { payments: [{ form: 'oplati', amount: second.total }] });
    const declining: PaymentTerminal = { ...terminal, cancel: async () => ({ status: 'declined', message: 'Операция уже закрыта банком' }) };
    bank.use(declining);
    const before = till.fingerprint({ except: ['terminal_ops'] });
    expect(await till.call('documents.annul', { documentId: paid.document.id })).toMatchObject({ ok: false, error: { code: 'PAYMENT_DECLINED' } });
    expect(till.fingerprint({ except: ['terminal_ops'] })).toBe(before);
    bank.use(terminal);
    await till.ok('documents.annul', { documentId: paid.document.id });
    expect(calls.slice(-1)).toEqual([`cancel oplati R${3}`]);
  });

  it('drives the training terminal simulator from the settings: decline, then timeout, then approve', async () => {
    await shiftOpen();
    await loginAs(till, 'admin');
    const settings = await till.ok('settings.workflow');
    await till.ok('settings.saveWorkflow', { paymentTerminal: { ...settings.paymentTerminal, timeoutMs: 150 } });
    await loginAs(till, 'cashier');
    const { total } = await till.ok('sale.addItem', { barcode: MILK });
    await till.ok('terminal.simulate', { mode: 'decline' });
    expect(await till.call('sale.pay', { payments: [{ form: 'card', amount: total }] })).toMatchObject({ ok: false, error: { code: 'PAYMENT_DECLINED' } });
    await till.ok('terminal.simulate', { mode: 'timeout' });
    const t0 = Date.now();
    expect(await till.call('sale.pay', { payments: [{ form: 'card', amount: total }] })).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR' } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(await till.ok('terminal.check')).toMatchObject({ ok: false });
    await till.ok('terminal.simulate', { mode: 'approve' });
    expect(await till.ok('terminal.check')).toMatchObject({ ok: true });
    await till.ok('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect((await till.ok('sale.current')).lines).toHaveLength(0);
  });
});
