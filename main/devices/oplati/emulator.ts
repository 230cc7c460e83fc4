/**
 * The ОПЛАТИ emulator: a real HTTP server on loopback speaking protocol.ts. Training mode runs it
 * in-process (the «customer» pays, declines or never answers as the training terminal's mode says);
 * tests run it and steer each payment. A customer's app is the `payer` function or `pay()` / `decline()`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../http/read-body.js';
import { CreateRequest, RefundRequest, type OplatiStatus } from './protocol.js';

export type Payer = { readonly answer: 'pays' | 'declines' | 'never'; readonly delayMs: number };

export type EmulatedPayment = { id: string; amount: number; cashRegisterId: string; orderNumber: string; status: OplatiStatus; refunded: number };

export type OplatiEmulator = {
  readonly url: string;
  readonly payments: ReadonlyMap<string, EmulatedPayment>;
  /** The customer's app pays / declines the payment (false: it is not pending any more). */
  pay(id: string): boolean;
  decline(id: string): boolean;
  /** Resolves with the next payment the till creates. */
  nextPayment(): Promise<EmulatedPayment>;
  /** Requests to answer with a dropped connection (the gateway unreachable). */
  dropRequests(on: boolean): void;
  close(): Promise<void>;
};

export async function startOplatiEmulator(options: { payer?: () => Payer; port?: number } = {}): Promise<OplatiEmulator> {
  const payments = new Map<string, EmulatedPayment>();
  const timers = new Set<NodeJS.Timeout>();
  let waiting: ((p: EmulatedPayment) => void)[] = [];
  let dropping = false;
  const settle = (id: string, status: 'paid' | 'declined') => {
    const p = payments.get(id);
    if (!p || p.status !== 'pending') return false;
    p.status = status;
    return true;
  };

  function send(res: ServerResponse, code: number, body: unknown) {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (dropping) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean); // v1 payments [id] [verb]
    if (parts[0] !== 'v1' || parts[1] !== 'payments') return send(res, 404, { message: 'нет такого запроса' });
    const body = req.method === 'POST' ? await readBody(req, 64 * 1024) : null;
    const json = body ? (JSON.parse(body) as unknown) : {};
    if (parts.length === 2 && req.method === 'POST') {
      const r = CreateRequest.safeParse(json);
      if (!r.success) return send(res, 400, { message: 'неверный запрос' });
      const id = randomUUID();
      const p: EmulatedPayment = {
        id,
        amount: r.data.amount,
        cashRegisterId: r.data.cashRegisterId,
        orderNumber: r.data.orderNumber,
        status: 'pending',
        refunded: 0,
      };
      payments.set(id, p);
      const payer = options.payer?.() ?? { answer: 'never', delayMs: 0 };
      if (payer.answer !== 'never') {
        const t = setTimeout(() => {
          timers.delete(t);
          settle(id, payer.answer === 'pays' ? 'paid' : 'declined');
        }, payer.delayMs);
        timers.add(t);
      }
      const ready = waiting;
      waiting = [];
      for (const w of ready) w(p);
      // What the customer's app reads from the QR: the gateway's payment link.
      return send(res, 201, { paymentId: id, qr: `https://oplati.by/pay/${id}?amount=${(r.data.amount / 100).toFixed(2)}` });
    }
    const p = payments.get(parts[2] ?? '');
    if (!p) return send(res, 404, { message: 'платёж не найден' });
    if (parts.length === 3 && req.method === 'GET') return send(res, 200, { paymentId: p.id, status: p.status });
    if (parts[3] === 'cancel' && req.method === 'POST') {
      if (p.status === 'pending') p.status = 'cancelled';
      else if (p.status === 'paid') p.status = 'reversed';
      return send(res, 200, { paymentId: p.id, status: p.status });
    }
    if (parts[3] === 'refund' && req.method === 'POST') {
      const r = RefundRequest.safeParse(json);
      if (!r.success) return send(res, 400, { message: 'неверный запрос' });
      if ((p.status !== 'paid' && p.status !== 'refunded') || p.refunded + r.data.amount > p.amount)
        return send(res, 200, { paymentId: p.id, status: p.status, message: 'возврат больше оплаченного или платёж не оплачен' });
      p.refunded += r.data.amount;
      p.status = 'refunded';
      return send(res, 200, { paymentId: p.id, status: 'refunded', refundId: `${p.id}-r${p.refunded}` });
    }
    return send(res, 404, { message: 'нет такого запроса' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { message: 'ошибка эмулятора' }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    payments,
    pay: (id) => settle(id, 'paid'),
    decline: (id) => settle(id, 'declined'),
    nextPayment: () => new Promise((resolve) => waiting.push(resolve)),
    dropRequests(on) {
      dropping = on;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
