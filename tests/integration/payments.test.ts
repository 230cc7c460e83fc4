/**
 * Issue 14 «Payments»: the training simulator answers in training mode only; the standalone
 * terminal's slip (authorization code, RRN) on the document, the receipt, and asked back by a return
 * and an annulment; ОПЛАТИ «в едином цикле» against its emulator on loopback (a real HTTP server):
 * paid, cancelled by the cashier, declined in the app, timed out, and a gateway lost at the cancel.
 * Working mode is the setting flipped on a running till (the switch itself is the go-live work).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startOplatiEmulator, type OplatiEmulator } from '../../main/devices/oplati/emulator.js';
import { setSetting, getSetting } from '../../main/services/settings.js';
import type { EventName, PayQr } from '../../preload/contract/index.js';
import { cashierOnShift, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';

let till: TestTill | null = null;
let emulator: OplatiEmulator | null = null;
afterEach(async () => {
  till?.dispose();
  till = null;
  await emulator?.close();
  emulator = null;
});

async function cashierWithCheck(options: Parameters<typeof makeTill>[0] = {}) {
  till = makeTill(options);
  await cashierOnShift(till);
  const [a] = await pieceBarcodes(till, 1);
  const check = await till.ok('sale.addItem', { barcode: a! });
  return { till, total: check.total };
}

const documents = (t: TestTill) => t.ctx.db.prepare("SELECT count(*) FROM documents WHERE kind IN ('sale', 'return', 'annulment')").pluck().get() as number;
const ops = (t: TestTill) => t.ctx.db.prepare('SELECT kind, form, state, reference, of_reference FROM terminal_ops ORDER BY id').all();

/** Sets the terminal kind as the admin does on the settings screen, then back to the cashier. */
async function useTerminal(t: TestTill, kind: 'none' | 'standalone') {
  await loginAs(t, 'admin');
  const s = await t.ok('settings.workflow');
  await t.ok('settings.saveWorkflow', { paymentTerminal: { ...s.paymentTerminal, kind } });
  await loginAs(t, 'cashier');
}

describe('the training simulator answers in training mode only', () => {
  it('a working till without a terminal refuses card and ОПЛАТИ in Russian, writing nothing; in training the simulator takes the card', async () => {
    const { till: t, total } = await cashierWithCheck();
    expect((await t.ok('terminal.routes')).card).toBe('simulator');
    setSetting(t.ctx, 'trainingMode', false);
    expect(await t.ok('terminal.routes')).toEqual({ card: 'off', oplati: 'off' });
    const before = t.fingerprint();
    for (const form of ['card', 'oplati'] as const) {
      const r = await t.call('sale.pay', { payments: [{ form, amount: total }] });
      expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { form } } });
      if (!r.ok) expect(r.error.message).toMatch(form === 'card' ? /^Оплата картой невозможна: платёжный терминал не подключён/ : /^Оплата ОПЛАТИ невозможна/);
    }
    // A card part next to cash is refused as well, before anything reaches a terminal.
    const mixed = await t.call('sale.pay', {
      payments: [
        { form: 'cash', amount: 1 },
        { form: 'card', amount: total - 1 },
      ],
    });
    expect(mixed.ok).toBe(false);
    expect(t.fingerprint()).toBe(before);
    expect(ops(t)).toEqual([]);
    expect(documents(t)).toBe(0);

    setSetting(t.ctx, 'trainingMode', true);
    const paid = await t.ok('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect(paid.document.kind).toBe('sale');
    expect(ops(t)).toMatchObject([{ kind: 'purchase', form: 'card', state: 'settled', reference: expect.stringMatching(/^SIM-P-/) }]);
  });
});

describe('standalone terminal («автономный терминал»)', () => {
  it('keeps the typed authorization code and RRN on the document and prints them; its return asks for the code and takes its own', async () => {
    const { till: t, total } = await cashierWithCheck();
    await useTerminal(t, 'standalone');
    setSetting(t.ctx, 'trainingMode', false); // the standalone terminal works in working mode too
    expect((await t.ok('terminal.routes')).card).toBe('standalone');

    const before = t.fingerprint();
    const noSlip = await t.call('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect(noSlip).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { slipRequired: true } } });
    const badSlip = await t.call('sale.pay', { payments: [{ form: 'card', amount: total, slip: { authCode: '12 34' } }] });
    expect(badSlip).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(t.fingerprint()).toBe(before);

    const sale = await t.ok('sale.pay', { payments: [{ form: 'card', amount: total, slip: { authCode: 'A7K2Q9', rrn: '433512345678' } }] });
    expect(sale.document.receipt.join('\n')).toMatch(/Код авторизации\s+A7K2Q9/);
    expect(sale.document.receipt.join('\n')).toMatch(/RRN\s+433512345678/);
    const detail = await t.ok('documents.get', { id: sale.document.id });
    expect(detail.payments).toEqual([{ form: 'card', amount: total, authCode: 'A7K2Q9', rrn: '433512345678' }]);
    // The receipt that went to the printer (the built-in emulator) is the same text.
    const copy = await t.ok('documents.copy', { id: sale.document.id });
    expect(copy.receipt.join('\n')).toContain('A7K2Q9');

    // The return asks for the sale's code (read off the receipt) and the refund's own slip.
    const beforeReturn = t.fingerprint();
    const asked = await t.call('returns.byCheck', { documentId: sale.document.id });
    expect(asked).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { cardRefundRequired: true } } });
    if (!asked.ok) expect(asked.error.message).toContain('код авторизации оплаты');
    const wrong = await t.call('returns.byCheck', { documentId: sale.document.id, cardRefund: { originalCode: 'A7K2Q8', slip: { authCode: 'R55501' } } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!wrong.ok) expect(wrong.error.message).toMatch(/не совпадает с кодом оплаты/);
    expect(t.fingerprint()).toBe(beforeReturn);

    const ret = await t.ok('returns.byCheck', { documentId: sale.document.id, cardRefund: { originalCode: 'a7k2q9', slip: { authCode: 'R55501' } } });
    expect(ret.document.receipt.join('\n')).toMatch(/Код авторизации\s+R55501/);
    const retDetail = await t.ok('documents.get', { id: ret.document.id });
    expect(retDetail.payments).toEqual([{ form: 'card', amount: total, authCode: 'R55501' }]);
    expect(ops(t)).toMatchObject([
      { kind: 'purchase', form: 'card', state: 'settled' },
      { kind: 'refund', form: 'card', state: 'settled', of_reference: expect.stringContaining('A7K2Q9') },
    ]);
  });

  it('tells the cashier to cancel the card on the bank’s terminal when another form of the check fails', async () => {
    const { till: t, total } = await cashierWithCheck({ terminalOptions: { oplatiWaitMs: 5_000, oplatiPollMs: 20 } });
    await useTerminal(t, 'standalone');
    await t.ok('terminal.simulate', { mode: 'decline' }); // the training ОПЛАТИ customer declines in the app
    const r = await t.call('sale.pay', {
      payments: [
        { form: 'card', amount: 100, slip: { authCode: 'B00417' } },
        { form: 'oplati', amount: total - 100 },
      ],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'PAYMENT_DECLINED' } });
    if (!r.ok) expect(r.error.message).toMatch(/Отмените на терминале банка оплату картой \(код авторизации B00417\)/);
    expect(documents(t)).toBe(0);
  });

  it('an annulment of a card payment asks for the sale’s code and keeps the cancel’s', async () => {
    const { till: t, total } = await cashierWithCheck();
    await useTerminal(t, 'standalone');
    const sale = await t.ok('sale.pay', { payments: [{ form: 'card', amount: total, slip: { authCode: '004512' } }] });
    const before = t.fingerprint();
    const asked = await t.call('documents.annul', { documentId: sale.document.id });
    expect(asked).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { cardRefundRequired: true } } });
    const wrong = await t.call('documents.annul', { documentId: sale.document.id, cardRefund: { originalCode: '004513', slip: { authCode: '77' } } });
    expect(wrong.ok).toBe(false);
    expect(t.fingerprint()).toBe(before);
    const annulled = await t.ok('documents.annul', { documentId: sale.document.id, cardRefund: { originalCode: '004512', slip: { authCode: 'C00077' } } });
    expect(annulled.document.kind).toBe('annulment');
    expect(ops(t)).toMatchObject([
      { kind: 'purchase', state: 'settled' },
      { kind: 'cancel', state: 'settled', reference: expect.stringContaining('C00077'), of_reference: expect.stringContaining('004512') },
    ]);
  });
});

describe('ОПЛАТИ «в едином цикле» against the gateway emulator on loopback', () => {
  /** A working till whose ОПЛАТИ gateway is the emulator; the customer acts through `emulator`. */
  async function oplatiTill(wait = { oplatiWaitMs: 20_000, oplatiPollMs: 20 }) {
    emulator = await startOplatiEmulator();
    const r = await cashierWithCheck({ terminalOptions: wait });
    await loginAs(r.till, 'admin');
    await r.till.ok('settings.saveWorkflow', { oplati: { kind: 'gateway', url: emulator.url, cashRegisterId: 'K-0042', pollMs: 1000, timeoutSeconds: 60 } });
    await loginAs(r.till, 'cashier');
    setSetting(r.till.ctx, 'trainingMode', false);
    const seen: { event: EventName; payload: unknown }[] = [];
    r.till.onEvent((event, payload) => {
      if (event === 'payment.qr' || event === 'customer.check') seen.push({ event, payload });
    });
    return { ...r, emulator, seen };
  }

  it('shows the QR for the amount on the screen and the customer window, and fiscalizes once the customer paid', async () => {
    const { till: t, total, emulator: gw, seen } = await oplatiTill();
    expect((await t.ok('terminal.routes')).oplati).toBe('gateway');
    const created = gw.nextPayment();
    const paying = t.call('sale.pay', { payments: [{ form: 'oplati', amount: total }] });
    const payment = await created;
    expect(payment).toMatchObject({ amount: total, cashRegisterId: 'K-0042', status: 'pending' });
    expect(documents(t)).toBe(0); // nothing fiscal while the customer has not paid
    gw.pay(payment.id);
    const r = await paying;
    expect(r.ok).toBe(true);
    expect(documents(t)).toBe(1);
    expect(ops(t)).toMatchObject([{ kind: 'purchase', form: 'oplati', state: 'settled', reference: payment.id }]);
    const qrs = seen.filter((s) => s.event === 'payment.qr').map((s) => s.payload as PayQr | null);
    expect(qrs[0]).toMatchObject({ amount: total, payload: expect.stringContaining(payment.id) });
    expect(qrs[0]!.modules.length).toBeGreaterThanOrEqual(21); // a real QR matrix, version 1 or more
    expect(qrs.at(-1)).toBeNull(); // taken off the screen once paid
    expect(seen.some((s) => s.event === 'customer.check' && (s.payload as { payQr?: PayQr | null }).payQr?.amount === total)).toBe(true);
  });

  it('the cashier cancels the wait: cancelled at ОПЛАТИ, no document, the check stays open', async () => {
    const { till: t, total, emulator: gw } = await oplatiTill();
    const created = gw.nextPayment();
    const paying = t.call('sale.pay', { payments: [{ form: 'oplati', amount: total }] });
    const payment = await created;
    expect(await t.ok('terminal.cancelWait')).toEqual({ cancelled: true });
    const r = await paying;
    expect(r).toMatchObject({ ok: false, error: { code: 'PAYMENT_DECLINED' } });
    if (!r.ok) expect(r.error.message).toContain('оплата отменена кассиром');
    expect(gw.payments.get(payment.id)!.status).toBe('cancelled');
    expect(documents(t)).toBe(0);
    expect((await t.ok('sale.current')).total).toBe(total);
    expect(ops(t)).toMatchObject([{ kind: 'purchase', form: 'oplati', state: 'declined' }]);
    expect(await t.ok('terminal.cancelWait')).toEqual({ cancelled: false }); // nothing waits any more
  });

  it('the customer declines in the app: no document', async () => {
    const { till: t, total, emulator: gw } = await oplatiTill();
    const created = gw.nextPayment();
    const paying = t.call('sale.pay', { payments: [{ form: 'oplati', amount: total }] });
    gw.decline((await created).id);
    const r = await paying;
    expect(r).toMatchObject({ ok: false, error: { code: 'PAYMENT_DECLINED' } });
    expect(documents(t)).toBe(0);
  });

  it('times out: the payment is cancelled at ОПЛАТИ and nothing is fiscalized', async () => {
    const { till: t, total, emulator: gw } = await oplatiTill({ oplatiWaitMs: 300, oplatiPollMs: 50 });
    const created = gw.nextPayment();
    const r = await t.call('sale.pay', { payments: [{ form: 'oplati', amount: total }] });
    const payment = await created;
    expect(r).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR', details: { terminal: 'timeout' } } });
    if (!r.ok) expect(r.error.message).toContain('покупатель не оплатил QR-код за отведённое время');
    expect(gw.payments.get(payment.id)!.status).toBe('cancelled');
    expect(documents(t)).toBe(0);
    expect(ops(t)).toMatchObject([{ state: 'timeout' }]);
  });

  it('the gateway is lost when the cashier cancels: the operation stays unknown for the admin, no document', async () => {
    const { till: t, total, emulator: gw } = await oplatiTill();
    const created = gw.nextPayment();
    const paying = t.call('sale.pay', { payments: [{ form: 'oplati', amount: total }] });
    await created;
    gw.dropRequests(true);
    await t.ok('terminal.cancelWait');
    const r = await paying;
    expect(r).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR', details: { terminal: 'error' } } });
    expect(documents(t)).toBe(0);
    expect(ops(t)).toMatchObject([{ form: 'oplati', state: 'unknown' }]);
  });

  it('refunds an ОПЛАТИ sale at the gateway', async () => {
    const { till: t, total, emulator: gw } = await oplatiTill();
    const created = gw.nextPayment();
    const paying = t.call('sale.pay', { payments: [{ form: 'oplati', amount: total }] });
    const payment = await created;
    gw.pay(payment.id);
    const sale = await paying;
    if (!sale.ok) throw new Error(sale.error.message);
    await t.ok('returns.byCheck', { documentId: sale.value.document.id });
    expect(gw.payments.get(payment.id)).toMatchObject({ status: 'refunded', refunded: total });
    expect(getSetting(t.ctx, 'oplati').kind).toBe('gateway');
  });
});
