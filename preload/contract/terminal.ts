/**
 * The payment terminal (card, ОПЛАТИ).
 */
import { z } from 'zod';
import { ADMIN, BOTH, CASHIER, command, Empty, Id, query, Reason } from './method.js';
import { Kopecks } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const TerminalMode = z.enum(['approve', 'decline', 'timeout']);
export type TerminalMode = z.infer<typeof TerminalMode>;

/**
 * How card payments reach the bank. `none`: no terminal — the training simulator answers in
 * training mode, and a working till refuses card payments. `standalone` («автономный терминал»):
 * the bank's own terminal, the cashier types the authorization code from its slip. `integrated`:
 * the till drives the terminal over TCP (INPAS SA protocol, main/devices/terminal/sa-protocol.ts).
 */
export const TerminalKind = z.enum(['none', 'standalone', 'integrated']);
export type TerminalKind = z.infer<typeof TerminalKind>;

export const PaymentTerminalSettings = lazy(() =>
  z
    .object({
      // Tills saved before terminals had kinds stored 'simulator': that is «no terminal».
      kind: z.preprocess((k) => (k === 'simulator' ? 'none' : k), TerminalKind),
      /** What the training simulator answers. */
      mode: TerminalMode,
      /** How long the till waits for the terminal before «не ответил». */
      timeoutMs: z.number().int().min(100, 'Ожидание терминала — от 0,1 с').max(180_000, 'Ожидание терминала — до 3 минут'),
      /** Time the simulated customer spends at the terminal. */
      delayMs: z.number().int().min(0, 'Задержка — от 0 с').max(10_000, 'Задержка — до 10 с'),
      /** Integrated terminal: its address on the shop's network (or the ECR port of the bank's software). */
      host: z.string().trim().max(200, 'Адрес — не длиннее 200 символов').default(''),
      port: z.number().int().min(0).max(65_535, 'Порт — от 1 до 65535').default(0),
    })
    .strict()
    .superRefine((t, c) => {
      if (t.kind !== 'integrated') return;
      if (!/^[A-Za-z0-9.:[\]-]+$/.test(t.host)) c.addIssue({ code: 'custom', path: ['host'], message: 'Укажите адрес терминала (IP или имя)' });
      if (t.port < 1) c.addIssue({ code: 'custom', path: ['port'], message: 'Укажите порт терминала (1–65535)' });
    }),
);
export type PaymentTerminalSettings = z.infer<typeof PaymentTerminalSettings>;

/**
 * ОПЛАТИ «в едином цикле»: the till asks the ОПЛАТИ gateway for a payment of the amount, shows its
 * QR, polls until the customer paid it in the app. `none`: a working till refuses ОПЛАТИ (training
 * always uses the built-in emulator).
 */
export const OplatiSettings = lazy(() =>
  z
    .object({
      kind: z.enum(['none', 'gateway']),
      /** The gateway's address (https; plain http only on loopback). */
      url: z.string().trim().max(500, 'Адрес — не длиннее 500 символов'),
      /** The till's registration in ОПЛАТИ (issued with the contract). */
      cashRegisterId: z.string().trim().max(100, 'Номер кассы — не длиннее 100 символов'),
      /** How often the till asks whether the customer paid. */
      pollMs: z.number().int().min(200, 'Опрос — не чаще 0,2 с').max(10_000, 'Опрос — не реже 10 с'),
      /** How long the QR waits for the customer before the payment is cancelled. */
      timeoutSeconds: z.number().int().min(10, 'Ожидание оплаты — от 10 с').max(600, 'Ожидание оплаты — до 10 минут'),
    })
    .strict()
    .superRefine((o, c) => {
      if (o.kind !== 'gateway') return;
      let url: URL | null = null;
      try {
        url = new URL(o.url);
      } catch {
        url = null;
      }
      const loopback = url !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)))
        c.addIssue({ code: 'custom', path: ['url'], message: 'Адрес ОПЛАТИ — https://… (http только на этом компьютере)' });
      if (o.cashRegisterId === '') c.addIssue({ code: 'custom', path: ['cashRegisterId'], message: 'Укажите номер кассы в ОПЛАТИ' });
    }),
);
export type OplatiSettings = z.infer<typeof OplatiSettings>;

/** What the cashier types from the standalone terminal's slip: the authorization code and, where printed, the RRN. */
export const CardSlip = lazy(() =>
  z
    .object({
      authCode: z
        .string()
        .trim()
        .regex(/^[0-9A-Za-z]{2,12}$/, 'Код авторизации — 2–12 букв латиницы или цифр, как на чеке терминала'),
      rrn: z
        .string()
        .trim()
        .regex(/^[0-9]{6,20}$/, 'RRN — 6–20 цифр, как на чеке терминала')
        .nullable()
        .optional(),
    })
    .strict(),
);
export type CardSlip = z.infer<typeof CardSlip>;

/** A return or an annulment of a card payment on a standalone terminal: the original's code (from the receipt) and the refund's slip. */
export const CardRefundSlip = lazy(() =>
  z
    .object({
      originalCode: z
        .string()
        .trim()
        .regex(/^[0-9A-Za-z]{2,12}$/, 'Код авторизации оплаты — 2–12 букв латиницы или цифр, как на чеке продажи'),
      slip: CardSlip,
    })
    .strict(),
);
export type CardRefundSlip = z.infer<typeof CardRefundSlip>;

/** How this till takes card and ОПЛАТИ today (the payment screen asks for a slip, or shows a QR). */
export const PaymentRoutes = lazy(() =>
  z.object({
    card: z.enum(['simulator', 'standalone', 'integrated', 'off']),
    oplati: z.enum(['emulator', 'gateway', 'off']),
  }),
);
export type PaymentRoutes = z.infer<typeof PaymentRoutes>;

/** The ОПЛАТИ payment the customer is asked to pay now: its QR as rows of modules ('1' dark). */
export const PayQr = lazy(() => z.object({ amount: Kopecks, payload: z.string(), modules: z.array(z.string()) }));
export type PayQr = z.infer<typeof PayQr>;

/** A terminal operation the till never learnt the end of (it stopped while the bank answered). */
export const UnknownTerminalOp = lazy(() =>
  z.object({
    id: z.number().int(),
    kind: z.enum(['purchase', 'refund', 'cancel']),
    purpose: z.string(),
    form: z.enum(['card', 'oplati']),
    amount: z.number().int(),
    createdAt: z.string(),
    message: z.string().nullable(),
  }),
);
export type UnknownTerminalOp = z.infer<typeof UnknownTerminalOp>;

/** What the admin found out at the terminal or from the bank: cancelled there, or never charged. */
export const UnknownOpOutcome = z.enum(['cancelled', 'not_charged']);
export type UnknownOpOutcome = z.infer<typeof UnknownOpOutcome>;

export const terminalMethods = {
  /** «Проверка связи с банком»: asks the payment terminal whether it answers. */
  'terminal.check': query(
    Empty,
    lazy(() => z.object({ ok: z.boolean(), message: z.string() })),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** Training mode only: what the simulated payment terminal answers next (approve / decline / timeout). */
  /** Operations left unknown after a stop of the till, for the admin to settle with the bank. */
  'terminal.unknownOps': query(
    Empty,
    lazy(() => z.array(UnknownTerminalOp)),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** The admin settles one: approved and cancelled at the terminal, or not charged (audited with the note). */
  'terminal.settleUnknown': command(
    lazy(() => z.object({ opId: Id, outcome: UnknownOpOutcome, note: Reason }).strict()),
    lazy(() => z.array(UnknownTerminalOp)),
    {
      kind: 'user',
      roles: ADMIN,
      shift: 'any',
    },
  ),
  'terminal.simulate': command(
    lazy(() => z.object({ mode: TerminalMode }).strict()),
    z.null(),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** How card and ОПЛАТИ are taken on this till now (by the settings and the working mode). */
  'terminal.routes': query(Empty, PaymentRoutes, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** The cashier stops waiting for the customer's ОПЛАТИ payment: it is cancelled at ОПЛАТИ, the check stays open. */
  'terminal.cancelWait': command(
    Empty,
    lazy(() => z.object({ cancelled: z.boolean() })),
    { kind: 'user', roles: CASHIER, shift: 'open' },
  ),
  /** «Сверка итогов» on the integrated terminal (also done before the Z report). */
  'terminal.reconcile': command(
    Empty,
    lazy(() => z.object({ ok: z.boolean(), message: z.string() })),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
} as const;

export const terminalEvents = {
  /** The ОПЛАТИ QR to show while the customer pays (null: the wait is over). */
  'payment.qr': lazy(() => PayQr.nullable()),
} as const;
