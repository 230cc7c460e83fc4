/**
 * Annulment of an erroneous sale or return, within the limits of the settings. A card or ОПЛАТИ
 * payment of the document is reversed on the terminal first; then the annulment is one document.
 */
import type { CardRefundSlip, FiscalDocument, PaymentForm, PrintOutcome } from '../../preload/contract/index.js';
import { annulmentProblem } from '../domain/annulment.js';
import { KassaError } from '../domain/errors.js';
import { formatMoney } from '../../common/money.js';
import { isTerminalForm } from '../devices/terminal/terminal.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { moveForAnnulment } from './stock/moves.js';
import { annulmentOf, appendDocument } from './documents.js';
import { handOver } from './hand-over.js';
import { drawerAmount } from './shift-report.js';
import { getSetting } from './settings.js';
import { requireOpenShift } from './shift.js';
import { isStandalone, pendingAnnulmentCancel, requireOriginalCode, requirePaymentRoutes, settleTerminalOps, terminalOp, withTerminal } from './terminal.js';
import { requireUser } from './users.js';

type Target = { id: number; kind: FiscalDocument['kind']; shift_id: number; number_in_shift: number; created_at: string; total: number; change: number };

function check(ctx: Ctx, documentId: number): Target {
  const shift = requireOpenShift(ctx);
  const doc = ctx.db.one<Target>('SELECT id, kind, shift_id, number_in_shift, created_at, total, change FROM documents WHERE id = ?', documentId);
  if (!doc) throw new KassaError('NOT_FOUND', 'Документ не найден');
  const last = ctx.db.value<number>('SELECT max(number_in_shift) FROM documents WHERE shift_id = ?', doc.shift_id)!;
  const laterChecks = ctx.db.value<number>(
    "SELECT count(*) FROM documents WHERE shift_id = ? AND number_in_shift > ? AND kind IN ('sale', 'return', 'annulment')",
    doc.shift_id,
    doc.number_in_shift,
  )!;
  const returns = ctx.db.value<number>(
    `SELECT count(*) FROM documents r WHERE r.kind = 'return' AND r.refers_to_id = ?
         AND NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = r.id)`,
    doc.id,
  )!;
  const problem = annulmentProblem(
    {
      kind: doc.kind,
      createdAt: new Date(doc.created_at),
      inOpenShift: doc.shift_id === shift.id,
      isLastOfShift: doc.number_in_shift === last,
      isLastCheckOfShift: laterChecks === 0,
      alreadyAnnulled: annulmentOf(ctx, doc.id) !== null,
      hasReturns: returns > 0,
    },
    getSetting(ctx, 'annulment'),
    ctx.clock(),
  );
  if (problem) throw new KassaError('CONFLICT', problem);
  if (doc.kind === 'sale') {
    // The sale's cash goes back to the customer from the drawer.
    const cash = ctx.db.value<number>("SELECT coalesce(sum(amount), 0) FROM document_payments WHERE document_id = ? AND form = 'cash'", doc.id)!;
    const held = drawerAmount(ctx, shift.id, 'BYN');
    if (cash - doc.change > held)
      throw new KassaError('CONFLICT', `В кассе только ${formatMoney(held)} BYN: вернуть покупателю ${formatMoney(cash - doc.change)} нельзя`);
  }
  return doc;
}

/**
 * Annuls `documentId`. Every check is made before the terminal is asked; the terminal's cancels
 * are journaled, so if the document then cannot be written (or the till stops) the cancels stay
 * on record and annulling again finishes the job without asking the bank twice. The annulment then
 * goes to the СКО and prints.
 */
export async function annulDocument(
  ctx: Ctx,
  documentId: number,
  reason: string | undefined,
  cardRefund?: CardRefundSlip,
): Promise<{ document: FiscalDocument; print: PrintOutcome }> {
  const user = requireUser(ctx);
  check(ctx, documentId);
  const onTerminal = ctx.db
    .all<{
      form: PaymentForm;
      amount: number;
      terminal_ref: string | null;
    }>('SELECT form, amount, terminal_ref FROM document_payments WHERE document_id = ? ORDER BY id', documentId)
    .filter((p) => isTerminalForm(p.form));
  // Before the terminal is asked: a form this till cannot reverse, a standalone card payment without the sale's code.
  const card = onTerminal.find((p) => p.form === 'card');
  if (card && isStandalone(ctx)) {
    if (!cardRefund) {
      throw new KassaError('VALIDATION', 'Аннулирование оплаты картой: введите код авторизации с чека продажи и код отмены с чека терминала', {
        form: 'card',
        cardRefundRequired: true,
      });
    }
    requireOriginalCode(card.terminal_ref, cardRefund.originalCode);
  }
  requirePaymentRoutes(
    ctx,
    onTerminal.map((p) => ({ form: p.form, ...(p.form === 'card' && cardRefund && { slip: cardRefund.slip }) })),
  );
  const id = await withTerminal(ctx, async () => {
    const cancels: number[] = [];
    for (const p of onTerminal) {
      if (!isTerminalForm(p.form)) continue;
      const earlier = p.terminal_ref ? pendingAnnulmentCancel(ctx, p.terminal_ref) : null;
      if (earlier !== null) {
        cancels.push(earlier); // cancelled by an annulment that did not finish
        continue;
      }
      const { opId, outcome } = await terminalOp(ctx, {
        kind: 'cancel',
        purpose: 'annulment',
        form: p.form,
        amount: p.amount,
        ofReference: p.terminal_ref,
        slip: p.form === 'card' ? (cardRefund?.slip ?? null) : null,
      });
      const partly = cancels.length > 0 ? ' Отменённое на терминале учтено: повторите аннулирование, второй раз его не отменим.' : '';
      if (outcome.status === 'declined')
        throw new KassaError('PAYMENT_DECLINED', `Терминал не отменил операцию: ${outcome.message}. Документ не аннулирован.${partly}`);
      if (outcome.status === 'timeout')
        throw new KassaError('DEVICE_ERROR', `Терминал не ответил. Документ не аннулирован — повторите.${partly}`, { terminal: 'timeout' });
      cancels.push(opId);
    }
    try {
      return ctx.db.transaction(() => {
        const target = check(ctx, documentId);
        const shift = requireOpenShift(ctx);
        const id = appendDocument(ctx, { kind: 'annulment', shift, user, total: target.total, refersToId: target.id, reason: reason ?? null });
        moveForAnnulment(ctx, id, target.id);
        settleTerminalOps(ctx, cancels, id);
        audit(ctx, 'document.annulled', { documentId: target.id, kind: target.kind, total: target.total, reason: reason ?? null });
        return id;
      })();
    } catch (err) {
      if (cancels.length === 0 || !(err instanceof KassaError)) throw err;
      throw new KassaError(
        err.code,
        `${err.message}. Оплата на терминале уже отменена: устраните причину и аннулируйте документ снова — терминал второй раз не спросим.`,
        err.details,
      );
    }
  });
  return handOver(ctx, id);
}
