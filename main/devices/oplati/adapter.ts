/**
 * ОПЛАТИ «в едином цикле» behind the payment-terminal interface: create the payment for the amount,
 * show its QR (screen and customer window), poll until the customer paid. Only a payment the
 * gateway says is paid is approved; a cancel by the cashier, a decline in the app or the end of the
 * wait cancels it at the gateway — and a payment that turns out paid at that moment is approved
 * after all (the customer's money is taken: the check must be fiscalized). A gateway that cannot
 * be reached at that point throws: the journal keeps the operation as unknown.
 */
import type { PayQr } from '../../../preload/contract/index.js';
import { encodeQr } from '../printer/emulator/qr.js';
import type { PaymentTerminal, TerminalExtra, TerminalOutcome } from '../terminal/terminal.js';
import type { OplatiGateway, StatusAnswer } from './protocol.js';

export type OplatiConfig = { readonly cashRegisterId: string; readonly pollMs: number; readonly waitMs: number };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** The QR as rows of modules ('1' dark), for the screen and the customer window. */
export function qrOf(amount: number, payload: string): PayQr {
  const matrix = encodeQr(new TextEncoder().encode(payload), 'M') ?? [];
  return { amount, payload, modules: matrix.map((row) => row.map((dark) => (dark ? '1' : '0')).join('')) };
}

const DECLINED: Readonly<Record<string, string>> = {
  declined: 'покупатель отклонил платёж в приложении',
  cancelled: 'платёж отменён в ОПЛАТИ',
  reversed: 'платёж отменён в ОПЛАТИ',
};

export function createOplatiTerminal(gateway: () => OplatiGateway, config: () => OplatiConfig): PaymentTerminal {
  let order = 0;
  async function purchase(amount: number, extra: TerminalExtra = {}): Promise<TerminalOutcome> {
    const { cashRegisterId, pollMs, waitMs } = config();
    const gw = gateway();
    let created;
    try {
      order += 1;
      created = await gw.create({ cashRegisterId, amount, orderNumber: `${extra.opId ?? Date.now()}-${order}` });
    } catch (err) {
      // Nothing was shown to the customer: no money can have moved.
      return { status: 'declined', message: `ОПЛАТИ недоступна (${String(err instanceof Error ? err.message : err)})` };
    }
    const id = created.paymentId;
    extra.onQr?.(qrOf(amount, created.qr));
    try {
      const deadline = Date.now() + waitMs;
      let last: StatusAnswer | null = null;
      while (Date.now() < deadline && !extra.signal?.aborted) {
        await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), extra.signal);
        if (extra.signal?.aborted) break;
        try {
          last = await gw.status(id);
        } catch {
          continue; // a lost poll: ask again until the wait is over
        }
        if (last.status === 'paid') return { status: 'approved', reference: id };
        if (last.status !== 'pending') return { status: 'declined', message: DECLINED[last.status] ?? `ОПЛАТИ: ${last.status}` };
      }
      // The cashier gave up or the wait is over: cancel, unless the customer paid at that moment.
      const after = await gw.cancel(id);
      if (after.status === 'paid') return { status: 'approved', reference: id };
      if (after.status === 'reversed') return { status: 'declined', message: 'платёж пришёл в последний момент и отменён в ОПЛАТИ' };
      return extra.signal?.aborted ? { status: 'declined', message: 'оплата отменена кассиром' } : { status: 'timeout' };
    } finally {
      extra.onQr?.(null);
    }
  }
  return {
    purchase: (form, amount, extra) => (form === 'oplati' ? purchase(amount, extra) : Promise.resolve({ status: 'declined', message: 'ОПЛАТИ не принимает карты' })),
    async refund(_form, amount, reference) {
      if (!reference) return { status: 'declined', message: 'ОПЛАТИ: нет номера исходного платежа' };
      const r = await gateway().refund(reference, amount);
      return r.status === 'refunded' && r.refundId
        ? { status: 'approved', reference: r.refundId }
        : { status: 'declined', message: r.message ?? 'ОПЛАТИ отказала в возврате' };
    },
    async cancel(_form, reference) {
      const r = await gateway().cancel(reference);
      return r.status === 'cancelled' || r.status === 'reversed'
        ? { status: 'approved', reference: `${reference}-cancel` }
        : { status: 'declined', message: r.message ?? `ОПЛАТИ: платёж ${r.status}` };
    },
    check: () => Promise.resolve({ ok: true, message: 'ОПЛАТИ' }),
  };
}
