/**
 * The payment terminal of a till's core (card, ОПЛАТИ): chosen per payment from the settings and
 * the mode — the training simulator and the ОПЛАТИ emulator answer in training mode only; a working
 * till takes card and ОПЛАТИ only through a configured terminal and gateway (issue 14). Core may be
 * given one adapter for everything (tests). One operation at a time: while the customer is at the
 * terminal, the check cannot change.
 */
import { startOplatiEmulator, type OplatiEmulator } from '../devices/oplati/emulator.js';
import { createOplatiTerminal } from '../devices/oplati/adapter.js';
import { httpOplatiGateway, type OplatiGateway } from '../devices/oplati/protocol.js';
import { decodeRef, encodeRef } from '../devices/terminal/reference.js';
import { createSaTerminal, type SaTerminal } from '../devices/terminal/sa-terminal.js';
import { createSimulatedTerminal } from '../devices/terminal/simulator.js';
import { createStandaloneTerminal } from '../devices/terminal/standalone.js';
import type { PaymentTerminal, TerminalExtra, TerminalForm, TerminalOutcome } from '../devices/terminal/terminal.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { CardSlip, PayQr, PaymentRoutes, UnknownOpOutcome, UnknownTerminalOp } from '../../preload/contract/index.js';
import type { Ctx, Terminal } from './context.js';
import { getSetting } from './settings.js';

export type TerminalOptions = {
  /** How long ОПЛАТИ waits for the customer, and how often it asks (tests make them short; default: the settings). */
  readonly oplatiWaitMs?: number;
  readonly oplatiPollMs?: number;
};

const NO_CARD_TERMINAL =
  'Оплата картой невозможна: платёжный терминал не подключён, а учебный терминал работает только в учебном режиме. ' +
  'Выберите терминал в «Настройки → Работа кассира» или примите другую оплату.';
const NO_OPLATI =
  'Оплата ОПЛАТИ невозможна: подключение к ОПЛАТИ не настроено, а учебная ОПЛАТИ работает только в учебном режиме. ' +
  'Настройте ОПЛАТИ в «Настройки → Работа кассира» или примите другую оплату.';

/** The till's payment terminal, built by core: `given` for every form, or per payment from the settings. */
export function createTerminal(ctx: Pick<Ctx, 'db'>, given?: PaymentTerminal, options: TerminalOptions = {}): Terminal {
  const simulator = createSimulatedTerminal(() => getSetting(ctx, 'paymentTerminal'));
  const standalone = createStandaloneTerminal();
  // The integrated terminal keeps its connection settings; a new address makes a new adapter.
  let sa: { key: string; adapter: SaTerminal } | null = null;
  const integrated = (): SaTerminal => {
    const t = getSetting(ctx, 'paymentTerminal');
    const key = `${t.host}:${t.port}:${t.timeoutMs}`;
    if (sa?.key !== key) {
      void sa?.adapter.close();
      sa = { key, adapter: createSaTerminal({ host: t.host, port: t.port, timeoutMs: t.timeoutMs }) };
    }
    return sa.adapter;
  };
  // Training ОПЛАТИ: the built-in emulator on loopback, started at the first ОПЛАТИ payment; its
  // «customer» pays, declines or never answers as the training terminal's mode says.
  let emulator: Promise<OplatiEmulator> | null = null;
  let emulatorGateway: OplatiGateway | null = null;
  const trainingGateway: OplatiGateway = {
    async create(req) {
      emulator ??= startOplatiEmulator({
        payer: () => {
          const t = getSetting(ctx, 'paymentTerminal');
          return { answer: t.mode === 'approve' ? 'pays' : t.mode === 'decline' ? 'declines' : 'never', delayMs: t.delayMs };
        },
      });
      emulatorGateway ??= httpOplatiGateway((await emulator).url);
      return emulatorGateway.create(req);
    },
    status: (id) => emulatorGateway!.status(id),
    cancel: (id) => emulatorGateway!.cancel(id),
    refund: (id, amount) => emulatorGateway!.refund(id, amount),
  };
  const oplatiConfig = () => {
    const o = getSetting(ctx, 'oplati');
    return {
      cashRegisterId: o.cashRegisterId || 'training',
      pollMs: options.oplatiPollMs ?? o.pollMs,
      waitMs: options.oplatiWaitMs ?? o.timeoutSeconds * 1000,
    };
  };
  const trainingOplati = createOplatiTerminal(() => trainingGateway, oplatiConfig);
  const workingOplati = createOplatiTerminal(() => httpOplatiGateway(getSetting(ctx, 'oplati').url), oplatiConfig);

  function route(form: TerminalForm): { adapter: PaymentTerminal } | { refused: string } {
    if (given) return { adapter: given };
    const training = getSetting(ctx, 'trainingMode');
    if (form === 'card') {
      const kind = getSetting(ctx, 'paymentTerminal').kind;
      if (kind === 'standalone') return { adapter: standalone };
      if (kind === 'integrated') return { adapter: integrated() };
      return training ? { adapter: simulator } : { refused: NO_CARD_TERMINAL };
    }
    if (training) return { adapter: trainingOplati };
    return getSetting(ctx, 'oplati').kind === 'gateway' ? { adapter: workingOplati } : { refused: NO_OPLATI };
  }

  // The card terminal as «Проверка связи с банком» and the Z's reconciliation see it.
  const card = (): PaymentTerminal | null => {
    const r = route('card');
    return 'adapter' in r ? r.adapter : null;
  };
  const facade: PaymentTerminal = {
    purchase: (form, amount, extra) => routed(form).purchase(form, amount, extra),
    refund: (form, amount, reference, extra) => routed(form).refund(form, amount, reference, extra),
    cancel: (form, reference, extra) => routed(form).cancel(form, reference, extra),
    check: () => card()?.check() ?? Promise.resolve({ ok: false, message: NO_CARD_TERMINAL }),
    lastOperation: (form) => routed(form).lastOperation?.(form) ?? Promise.resolve(null),
    reconcile: () => card()?.reconcile?.() ?? Promise.resolve({ ok: true, message: 'Сверка итогов не нужна: терминал не подключён к кассе' }),
  };
  function routed(form: TerminalForm): PaymentTerminal {
    const r = route(form);
    if ('refused' in r) throw new KassaError('CONFLICT', r.refused);
    return r.adapter;
  }
  return {
    adapter: facade,
    route,
    busy: false,
    waiting: null,
    async close() {
      await sa?.adapter.close();
      if (emulator) await (await emulator).close();
    },
  };
}

/** How card and ОПЛАТИ are taken now: what the payment screen shows. */
export function paymentRoutes(ctx: Ctx): PaymentRoutes {
  const card = ctx.terminal.route('card');
  const oplati = ctx.terminal.route('oplati');
  const kind = getSetting(ctx, 'paymentTerminal').kind;
  const training = getSetting(ctx, 'trainingMode');
  return {
    card: 'refused' in card ? 'off' : kind === 'none' ? 'simulator' : kind,
    oplati: 'refused' in oplati ? 'off' : training ? 'emulator' : 'gateway',
  };
}

/**
 * Refuses, before anything reaches a terminal, a payment this till cannot take: card or ОПЛАТИ in
 * working mode without a terminal / gateway, a standalone card payment without the slip's code.
 */
export function requirePaymentRoutes(ctx: Ctx, payments: readonly { form: string; slip?: CardSlip | undefined }[]): void {
  for (const p of payments) {
    if (p.form !== 'card' && p.form !== 'oplati') continue;
    const r = ctx.terminal.route(p.form);
    if ('refused' in r) throw new KassaError('CONFLICT', r.refused, { form: p.form });
    if (p.form === 'card' && isStandalone(ctx) && !p.slip) {
      throw new KassaError('VALIDATION', 'Автономный терминал: проведите оплату на терминале банка и введите код авторизации с его чека', {
        form: 'card',
        slipRequired: true,
      });
    }
  }
}

/** Card payments are run on the bank's own terminal and typed in (no core-given adapter). */
export function isStandalone(ctx: Ctx): boolean {
  return getSetting(ctx, 'paymentTerminal').kind === 'standalone';
}

/** The code the cashier read off the sale's receipt must be the one the sale was paid with (when the till kept one). */
export function requireOriginalCode(originalRef: string | null, typed: string): void {
  const kept = originalRef ? decodeRef(originalRef).authCode : null;
  if (kept !== null && kept.toUpperCase() !== typed.trim().toUpperCase()) {
    throw new KassaError('VALIDATION', `Код авторизации ${typed} не совпадает с кодом оплаты картой на чеке продажи: проверьте код на чеке`, {
      form: 'card',
    });
  }
}

/** The cashier stops waiting for the customer (ОПЛАТИ): the operation under way cancels at the gateway. */
export function cancelWaiting(ctx: Ctx): { cancelled: boolean } {
  const w = ctx.terminal.waiting;
  if (!w || w.signal.aborted) return { cancelled: false };
  w.abort();
  return { cancelled: true };
}

/** Runs `work` while the terminal holds the check; a second payment or a change of the check is refused meanwhile. */
export async function withTerminal<T>(ctx: Pick<Ctx, 'terminal'>, work: () => Promise<T>): Promise<T> {
  if (ctx.terminal.busy) throw new KassaError('CONFLICT', 'Идёт оплата на терминале: дождитесь её окончания');
  ctx.terminal.busy = true;
  try {
    return await work();
  } finally {
    ctx.terminal.busy = false;
  }
}

/** Refuses a change of the open check while the customer pays for it on the terminal. */
export function requireTerminalIdle(ctx: Ctx): void {
  if (ctx.terminal.busy) throw new KassaError('CONFLICT', 'Идёт оплата на терминале: чек нельзя менять');
}

// ─── The journal: a crash between the bank and the document loses no money ───────────────────

export type TerminalPurpose = 'sale' | 'return' | 'annulment' | 'undo' | 'recovery';
export type TerminalOp = {
  readonly kind: 'purchase' | 'refund' | 'cancel';
  readonly purpose: TerminalPurpose;
  readonly form: TerminalForm;
  readonly amount: number;
  /** refund: the purchase it gives back; cancel: the operation it cancels (as stored). */
  readonly ofReference?: string | null;
  /** Standalone terminal: what the cashier typed from the slip. */
  readonly slip?: CardSlip | null;
  /** ОПЛАТИ: the QR to show while the customer pays (null: the wait is over). */
  readonly onQr?: (qr: PayQr | null) => void;
};

type OpRow = {
  id: number;
  kind: TerminalOp['kind'];
  purpose: TerminalPurpose;
  form: TerminalForm;
  amount: number;
  of_reference: string | null;
  state: string;
  reference: string | null;
};

const stamp = (ctx: Ctx) => ctx.clock().toISOString();

/**
 * Asks the terminal, with the journal row committed as pending before (synchronous=FULL: it is
 * money) and its outcome right after. Never throws for the terminal's answer; an adapter that
 * throws leaves the row `unknown` (the bank may or may not have taken the money). A form this
 * till cannot take is refused before the row is written.
 */
export async function terminalOp(ctx: Ctx, op: TerminalOp): Promise<{ opId: number; outcome: TerminalOutcome }> {
  const routed = ctx.terminal.route(op.form);
  if ('refused' in routed) throw new KassaError('CONFLICT', routed.refused, { form: op.form });
  const terminal = routed.adapter;
  const at = stamp(ctx);
  const opId = Number(
    ctx.db.run(
      "INSERT INTO terminal_ops (kind, purpose, form, amount, of_reference, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
      op.kind,
      op.purpose,
      op.form,
      op.amount,
      op.ofReference ?? null,
      at,
      at,
    ).lastInsertRowid,
  );
  const waiting = new AbortController();
  ctx.terminal.waiting = waiting;
  const extra: TerminalExtra = { opId, slip: op.slip ?? null, signal: waiting.signal, ...(op.onQr && { onQr: op.onQr }) };
  // The bank knows an operation by its own reference: the stored one may carry the slip's code too.
  const of = op.ofReference ? decodeRef(op.ofReference).reference : null;
  let outcome: TerminalOutcome;
  try {
    outcome =
      op.kind === 'purchase'
        ? await terminal.purchase(op.form, op.amount, extra)
        : op.kind === 'refund'
          ? await terminal.refund(op.form, op.amount, of, extra)
          : await terminal.cancel(op.form, of ?? '', extra);
  } catch (err) {
    ctx.db.run("UPDATE terminal_ops SET state = 'unknown', message = ?, updated_at = ? WHERE id = ?", String(err), stamp(ctx), opId);
    throw new KassaError('DEVICE_ERROR', 'Терминал сообщил об ошибке: проверьте на терминале, прошла ли операция', { terminal: 'error' });
  } finally {
    if (ctx.terminal.waiting === waiting) ctx.terminal.waiting = null;
  }
  if (outcome.status === 'approved') outcome = { ...outcome, reference: encodeRef(outcome) };
  ctx.db.run(
    'UPDATE terminal_ops SET state = ?, reference = ?, message = ?, updated_at = ? WHERE id = ?',
    outcome.status,
    outcome.status === 'approved' ? outcome.reference : null,
    outcome.status === 'declined' ? outcome.message : null,
    stamp(ctx),
    opId,
  );
  return { opId, outcome };
}

/** Marks approved operations as paid for by `documentId`: call inside the document's transaction. */
export function settleTerminalOps(ctx: Ctx, opIds: readonly number[], documentId: number | null): void {
  const settle = ctx.db.prepare("UPDATE terminal_ops SET state = 'settled', document_id = ?, updated_at = ? WHERE id = ? AND state = 'approved'");
  for (const id of opIds) {
    if (settle.run(documentId, stamp(ctx), id).changes !== 1) throw new KassaError('CONFLICT', 'Операция терминала уже учтена другим документом');
  }
}

/** Cancels an approved operation that no document will pay for; true when the terminal did. */
export async function reverseTerminalOp(ctx: Ctx, opId: number, purpose: 'undo' | 'recovery' = 'undo'): Promise<boolean> {
  const row = ctx.db.one<OpRow>('SELECT * FROM terminal_ops WHERE id = ?', opId);
  if (!row || row.state !== 'approved' || !row.reference) return false;
  const { opId: cancelId, outcome } = await terminalOp(ctx, { kind: 'cancel', purpose, form: row.form, amount: row.amount, ofReference: row.reference });
  if (outcome.status !== 'approved') return false;
  ctx.db.transaction(() => {
    ctx.db.run("UPDATE terminal_ops SET state = 'reversed', updated_at = ? WHERE id = ?", stamp(ctx), opId);
    settleTerminalOps(ctx, [cancelId], null);
  })();
  return true;
}

/** An annulment's approved cancel of `reference` that no annulment document settled yet. */
export function pendingAnnulmentCancel(ctx: Ctx, reference: string): number | null {
  return (
    ctx.db.value<number>(
      "SELECT id FROM terminal_ops WHERE kind = 'cancel' AND purpose = 'annulment' AND state = 'approved' AND of_reference = ? ORDER BY id DESC LIMIT 1",
      reference,
    ) ?? null
  );
}

export type TerminalRecovery = { readonly reversed: number; readonly unknown: number; readonly annulmentsToFinish: number; readonly failed: number };

/**
 * At start: what a crash left between the terminal and a document. A purchase or refund the bank
 * approved but no document recorded is cancelled on the terminal (the open check is still there to
 * pay again). An annulment's cancel stays: annulling the document again finishes it without a
 * second cancel. A question the terminal never answered is marked unknown: the cashier checks it.
 */
export async function recoverTerminalOps(ctx: Ctx): Promise<TerminalRecovery> {
  const rows = ctx.db.all<OpRow>("SELECT * FROM terminal_ops WHERE state IN ('pending', 'approved') ORDER BY id");
  let reversed = 0;
  let unknown = 0;
  let annulmentsToFinish = 0;
  let failed = 0;
  for (const found of rows) {
    const row = found.state === 'pending' ? await askLastOperation(ctx, found) : found;
    if (row.state === 'declined') continue;
    if (row.state === 'pending') {
      ctx.db.transaction(() => {
        ctx.db.run("UPDATE terminal_ops SET state = 'unknown', message = 'касса перезапущена во время операции', updated_at = ? WHERE id = ?", stamp(ctx), row.id);
        audit(ctx, 'terminal.unknown', { opId: row.id, kind: row.kind, form: row.form, amount: row.amount });
      })();
      unknown += 1;
    } else if (row.kind === 'cancel' && row.purpose === 'annulment') {
      annulmentsToFinish += 1;
    } else if (row.kind === 'cancel') {
      // An undo the bank approved just before the crash: the operation it undid is reversed.
      ctx.db.transaction(() => {
        ctx.db.run("UPDATE terminal_ops SET state = 'reversed', updated_at = ? WHERE reference = ? AND state = 'approved'", stamp(ctx), row.of_reference);
        settleTerminalOps(ctx, [row.id], null);
      })();
    } else if (await reverseTerminalOp(ctx, row.id, 'recovery')) {
      audit(ctx, 'terminal.reversed', { opId: row.id, kind: row.kind, form: row.form, amount: row.amount, reference: row.reference });
      reversed += 1;
    } else {
      audit(ctx, 'terminal.reverse_failed', { opId: row.id, kind: row.kind, form: row.form, amount: row.amount, reference: row.reference });
      failed += 1;
    }
  }
  return { reversed, unknown, annulmentsToFinish, failed };
}

/**
 * A question the till sent but never heard the answer to: an integrated terminal says what its
 * last operation was («последняя операция»). Only an answer about this very row (the ECR number is
 * the row's id) settles it; anything else leaves it pending (then unknown).
 */
async function askLastOperation(ctx: Ctx, row: OpRow): Promise<OpRow> {
  const r = ctx.terminal.route(row.form);
  if (!('adapter' in r) || !r.adapter.lastOperation) return row;
  let last;
  try {
    last = await r.adapter.lastOperation(row.form);
  } catch {
    return row;
  }
  if (!last || last.opId !== row.id) return row;
  const o = last.outcome;
  const state = o.status === 'approved' ? 'approved' : 'declined';
  const reference = o.status === 'approved' ? encodeRef(o) : null;
  const message = o.status === 'declined' ? o.message : o.status === 'timeout' ? 'терминал: операция не завершена' : null;
  ctx.db.transaction(() => {
    ctx.db.run('UPDATE terminal_ops SET state = ?, reference = ?, message = ?, updated_at = ? WHERE id = ?', state, reference, message, stamp(ctx), row.id);
    audit(ctx, 'terminal.last_operation', { opId: row.id, kind: row.kind, form: row.form, amount: row.amount, state });
  })();
  return { ...row, state, reference };
}

/** Operations left `unknown` (the till stopped while the bank answered), oldest first. */
export function unknownTerminalOps(ctx: Ctx): UnknownTerminalOp[] {
  return ctx.db.all<UnknownTerminalOp>(
    "SELECT id, kind, purpose, form, amount, created_at AS createdAt, message FROM terminal_ops WHERE state = 'unknown' ORDER BY id",
  );
}

/**
 * The admin settles an unknown operation after checking the terminal's or the bank's journal:
 * `cancelled` — it was approved and has been cancelled there (the journal says reversed);
 * `not_charged` — the bank never took the money (declined). Audited with the admin's note.
 */
export function settleUnknownTerminalOp(ctx: Ctx, input: { opId: number; outcome: UnknownOpOutcome; note: string }): UnknownTerminalOp[] {
  ctx.db.transaction(() => {
    const row = ctx.db.one<{ state: string; kind: string; form: string; amount: number }>(
      'SELECT state, kind, form, amount FROM terminal_ops WHERE id = ?',
      input.opId,
    );
    if (!row) throw new KassaError('NOT_FOUND', 'Операция терминала не найдена');
    if (row.state !== 'unknown') throw new KassaError('CONFLICT', 'Эта операция терминала уже урегулирована');
    const state = input.outcome === 'cancelled' ? 'reversed' : 'declined';
    ctx.db.run('UPDATE terminal_ops SET state = ?, message = ?, updated_at = ? WHERE id = ?', state, input.note, stamp(ctx), input.opId);
    audit(ctx, 'terminal.settled', { opId: input.opId, kind: row.kind, form: row.form, amount: row.amount, outcome: input.outcome, note: input.note });
  })();
  return unknownTerminalOps(ctx);
}
