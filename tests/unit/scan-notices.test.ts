/**
 * A scan takes the last notices away with its answer, not when it is sent: the answer comes within
 * a frame, and a notice removed at once (the «Чек отменён» before the first scan of the next check)
 * started Chromium's frames, so the new line, ready a few ms later, waited for the next one. Other
 * commands still clear them as they are sent (a payment's answer may take seconds).
 *
 * The renderer's store and actions as shipped; `window.kassa` is a stand-in whose answers the test
 * gives (main's side of a scan is covered by the sale tests and the E2E specs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenCheck } from '../../preload/contract/index.js';
import { ean13CheckDigit } from '../../common/barcode.js';

type Pending = { method: string; resolve: (v: unknown) => void };
const waiting: Pending[] = [];
const answerLater = (method: string) => () => new Promise((resolve) => waiting.push({ method, resolve }));

beforeAll(() => {
  (globalThis as { window?: unknown }).window = {
    kassa: {
      sale: { scan: answerLater('sale.scan'), cancel: answerLater('sale.cancel') },
      on: () => () => undefined,
    },
    addEventListener: () => undefined,
  };
});
afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
});

const body = '481000000001';
const barcode = body + ean13CheckDigit(body);

const checkWithOneLine: OpenCheck = {
  lines: [
    {
      id: 1,
      itemId: 7,
      name: 'Батон нарезной',
      barcode,
      quantity: 1000,
      unit: 'шт',
      price: 189,
      baseAmount: 189,
      lineDiscount: 0,
      checkDiscount: 0,
      amount: 189,
      vatRate: 1000,
      section: 0,
      adjustment: null,
      markCode: null,
    },
  ],
  subtotal: 189,
  checkAdjustment: null,
  discountCard: null,
  checkDiscount: 0,
  total: 189,
  vat: [{ vatRate: 1000, vat: 17 }],
  parkedCount: 0,
};

/** The request sent to main (the store sends it a few microtasks after the dispatch). */
async function sent(method: string): Promise<Pending> {
  for (let i = 0; i < 100 && waiting.length === 0; i++) await new Promise((r) => setTimeout(r, 0));
  const p = waiting.shift();
  expect(p?.method).toBe(method);
  return p!;
}

/** The renderer's modules, imported once the stand-in `window.kassa` is in place. */
async function renderer() {
  const [{ store, call }, { noticeShown }, { addScanned }] = await Promise.all([
    import('../../renderer/app/store.js'),
    import('../../renderer/app/notices.js'),
    import('../../renderer/features/sale/actions.js'),
  ]);
  return { store, call, noticeShown, addScanned };
}

describe('the notices of a scan', () => {
  it('stay on screen while the scan is on its way and go with its answer, in the task that brings the line', async () => {
    const { store, noticeShown, addScanned } = await renderer();
    store.dispatch(noticeShown('success', 'Чек отменён'));

    const added = store.dispatch(addScanned(barcode, null));
    const scan = await sent('sale.scan');
    expect(store.getState().notices.items.map((n) => n.text)).toEqual(['Чек отменён']);

    // Both in the task that brings the answer (no other task, so no frame, comes between them).
    let nextTask = false;
    const seen: string[] = [];
    const off = store.subscribe(() => {
      const s = store.getState();
      seen.push(`${s.sale.check?.lines.length ?? 0} lines, ${s.notices.items.length} notices${nextTask ? ', a task later' : ''}`);
    });
    scan.resolve({ ok: true, value: checkWithOneLine });
    setTimeout(() => (nextTask = true), 0);
    expect(await added).toBe(true);
    off();
    expect(store.getState().notices.items).toEqual([]);
    expect(store.getState().sale.check?.lines.map((l) => l.name)).toEqual(['Батон нарезной']);
    expect(seen.filter((s) => s.includes('notices'))).toContain('1 lines, 0 notices');
    expect(seen.filter((s) => s.includes('a task later'))).toEqual([]);
  });

  it('an error answer replaces the last notice', async () => {
    const { store, noticeShown, addScanned } = await renderer();
    store.dispatch(noticeShown('error', 'Весы не отвечают'));

    const added = store.dispatch(addScanned(barcode, null));
    const scan = await sent('sale.scan');
    expect(store.getState().notices.items.map((n) => n.text)).toEqual(['Весы не отвечают']);
    scan.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Товар со штрихкодом ${barcode} не найден` } });
    expect(await added).toBe(false);
    expect(store.getState().notices.items.map((n) => n.text)).toEqual([`Товар со штрихкодом ${barcode} не найден`]);
  });

  it('a command that is no scan still clears them as it is sent', async () => {
    const { store, noticeShown, call } = await renderer();
    store.dispatch(noticeShown('error', 'Весы не отвечают'));

    const cancelled = store.dispatch(call('sale.cancel'));
    const cancel = await sent('sale.cancel');
    expect(store.getState().notices.items).toEqual([]);
    cancel.resolve({ ok: true, value: { ...checkWithOneLine, lines: [], subtotal: 0, total: 0, vat: [] } });
    expect((await cancelled).ok).toBe(true);
  });
});
