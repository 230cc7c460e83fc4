/**
 * The ОПЛАТИ gateway as the till speaks to it («в едином цикле»: the till creates the payment for the
 * check's amount, shows its QR, and polls until the customer paid it in the app).
 *
 * ОПЛАТИ's own cash-desk API is issued to the shop with the contract and is not public, so this is
 * the till's side of it, kept in one place: JSON over HTTPS, amounts in kopecks.
 *   POST {url}/v1/payments                 {cashRegisterId, amount, orderNumber} → {paymentId, qr}
 *   GET  {url}/v1/payments/{id}            → {paymentId, status}
 *   POST {url}/v1/payments/{id}/cancel     → {paymentId, status}   (pending → cancelled, paid → reversed)
 *   POST {url}/v1/payments/{id}/refund     {amount} → {paymentId, status: 'refunded', refundId}
 * The emulator (emulator.ts) answers exactly this; matching it to the contract's API is one file.
 */
import { z } from 'zod';
import { lazy } from '../../../common/lazy.js';

export const OplatiStatus = z.enum(['pending', 'paid', 'declined', 'cancelled', 'reversed', 'refunded']);
export type OplatiStatus = z.infer<typeof OplatiStatus>;

export const CreateRequest = lazy(() =>
  z.object({ cashRegisterId: z.string().min(1), amount: z.number().int().positive(), orderNumber: z.string().min(1).max(64) }).strict(),
);
export type CreateRequest = z.infer<typeof CreateRequest>;
export const CreateAnswer = lazy(() => z.object({ paymentId: z.string().min(1), qr: z.string().min(1) }));
export const StatusAnswer = lazy(() => z.object({ paymentId: z.string(), status: OplatiStatus, message: z.string().optional() }));
export type StatusAnswer = z.infer<typeof StatusAnswer>;
export const RefundRequest = lazy(() => z.object({ amount: z.number().int().positive() }).strict());
export const RefundAnswer = lazy(() => z.object({ paymentId: z.string(), status: OplatiStatus, refundId: z.string().optional(), message: z.string().optional() }));

/** The gateway as the adapter needs it; a network failure throws. */
export type OplatiGateway = {
  create(req: CreateRequest): Promise<z.infer<typeof CreateAnswer>>;
  status(paymentId: string): Promise<StatusAnswer>;
  cancel(paymentId: string): Promise<StatusAnswer>;
  refund(paymentId: string, amount: number): Promise<z.infer<typeof RefundAnswer>>;
};

/** The gateway over HTTP(S) at `url`, each request within `timeoutMs`. */
export function httpOplatiGateway(url: string, timeoutMs = 10_000): OplatiGateway {
  const base = url.replace(/\/+$/, '');
  async function ask<T>(schema: z.ZodType<T>, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`ОПЛАТИ: HTTP ${res.status} ${text.slice(0, 200)}`);
    return schema.parse(JSON.parse(text));
  }
  const id = (paymentId: string) => encodeURIComponent(paymentId);
  return {
    create: (req) => ask(CreateAnswer, 'POST', '/v1/payments', req),
    status: (paymentId) => ask(StatusAnswer, 'GET', `/v1/payments/${id(paymentId)}`),
    cancel: (paymentId) => ask(StatusAnswer, 'POST', `/v1/payments/${id(paymentId)}/cancel`, {}),
    refund: (paymentId, amount) => ask(RefundAnswer, 'POST', `/v1/payments/${id(paymentId)}/refund`, { amount }),
  };
}
