/**
 * The payment terminal of a till's core (card, ОПЛАТИ): the simulator of the settings unless core
 * is given a real adapter (or a test's). One operation at a time: while the customer is at the
 * terminal, the check cannot change.
 */
import { createSimulatedTerminal } from '../devices/terminal/simulator.js';
import type { PaymentTerminal, TerminalForm, TerminalOutcome } from '../devices/terminal/terminal.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { UnknownOpOutcome, UnknownTerminalOp } from '../../preload/contract/index.js';
import type { Ctx, Terminal } from './context.js';
import { getSetting } from './settings.js';

/** The till's payment terminal, built by core: `adapter`, or the simulator of the settings. */
export function createTerminal(ctx: Pick<Ctx, 'db'>, adapter?: PaymentTerminal): Terminal {
  return { adapter: adapter ?? createSimulatedTerminal(() => getSetting(ctx, 'paymentTerminal')), busy: false };
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
  /** refund: the purchase it gives back; cancel: the operation it cancels. */
  readonly ofReference?: string | null;
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
 * throws leaves the row `unknown` (the bank may or may not have taken the money).
 */
export async function terminalOp(ctx: Ctx, op: TerminalOp): Promise<{ opId: number; outcome: TerminalOutcome }> {
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
  const terminal = ctx.terminal.adapter;
  let outcome: TerminalOutcome;
  try {
    outcome =
      op.kind === 'purchase'
        ? await terminal.purchase(op.form, op.amount)
        : op.kind === 'refund'
          ? await terminal.refund(op.form, op.amount, op.ofReference ?? null)
          : await terminal.cancel(op.form, op.ofReference ?? '');
  } catch (err) {
    ctx.db.run("UPDATE terminal_ops SET state = 'unknown', message = ?, updated_at = ? WHERE id = ?", String(err), stamp(ctx), opId);
    throw new KassaError('DEVICE_ERROR', 'Терминал сообщил об ошибке: проверьте на терминале, прошла ли операция', { terminal: 'error' });
  }
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
  for (const row of rows) {
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
