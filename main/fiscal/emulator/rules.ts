/**
 * What the emulated СКО refuses: the shift and numbering rules, and totals that do not add up.
 * Runs inside the transaction that would store the document.
 */
import type { DocumentRequest, SkoKind } from '../protocol.js';
import { ERROR_CODES } from '../protocol.js';
import type { Journal } from './journal.js';

export type Refusal = { readonly status: 409 | 422; readonly code: string; readonly message: string };

type ShiftRow = { number: number; opened_at: string; closed_at: string | null };

const sum = (xs: readonly { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);

const refuse = (code: string, message: string, status: 409 | 422 = 422): Refusal => ({ status, code, message });

type DocRow = { kind: string; shift_number: number; number_in_shift: number; total: number };

function documentAt(db: Journal, tillId: string, shiftNumber: number, numberInShift: number): DocRow | undefined {
  return db.one<DocRow>(
    'SELECT kind, shift_number, number_in_shift, total FROM documents WHERE till_id = ? AND shift_number = ? AND number_in_shift = ?',
    tillId,
    shiftNumber,
    numberInShift,
  );
}

/** Index lookups on the reference columns (journal.ts): never a scan of the shift's requests. */
function annulled(db: Journal, tillId: string, doc: DocRow): boolean {
  return (
    db
      .prepare("SELECT EXISTS (SELECT 1 FROM documents WHERE till_id = ? AND kind = 'annulment' AND ref_shift = ? AND ref_number = ?)")
      .pluck()
      .get(tillId, doc.shift_number, doc.number_in_shift) === 1
  );
}

export function openShiftOf(db: Journal, tillId: string): ShiftRow | undefined {
  return db.one<ShiftRow>('SELECT number, opened_at, closed_at FROM shifts WHERE till_id = ? AND closed_at IS NULL', tillId);
}

/** Null when the document may be accepted. */
export function refusalOf(db: Journal, tillId: string, kind: SkoKind, req: DocumentRequest): Refusal | null {
  const open = openShiftOf(db, tillId);
  if (kind === 'shift_open') {
    if (open) return refuse(ERROR_CODES.shiftAlreadyOpen, `Смена ${open.number} ещё не закрыта в СКО`);
    const last = db.value<number | null>('SELECT max(number) FROM shifts WHERE till_id = ?', tillId) ?? null;
    if (last !== null && req.shiftNumber !== last + 1) {
      return refuse(ERROR_CODES.shiftNumber, `Ожидалась смена ${last + 1}, получена ${req.shiftNumber}`);
    }
    if (req.numberInShift !== 1) return refuse(ERROR_CODES.numbering, 'Открытие смены — документ № 1 смены');
    return null;
  }
  if (!open || open.number !== req.shiftNumber) {
    return refuse(ERROR_CODES.shiftNotOpen, `Смена ${req.shiftNumber} не открыта в СКО`);
  }
  if (req.numberInShift < 2) return refuse(ERROR_CODES.numbering, 'Номер 1 в смене — открытие смены');
  const taken = db.value<string>(
    'SELECT idempotency_key FROM documents WHERE till_id = ? AND shift_number = ? AND number_in_shift = ?',
    tillId,
    req.shiftNumber,
    req.numberInShift,
  );
  if (taken !== undefined) {
    return refuse(ERROR_CODES.numberTaken, `Документ № ${req.numberInShift} смены ${req.shiftNumber} уже принят под другим ключом`, 409);
  }
  if (Date.parse(req.createdAt) < Date.parse(open.opened_at)) {
    return refuse(ERROR_CODES.numbering, 'Документ составлен раньше открытия смены');
  }

  if ('lines' in req && sum(req.lines) !== req.total) return refuse(ERROR_CODES.totals, 'Сумма строк не равна итогу документа');
  if (kind === 'sale' && 'change' in req) {
    const paid = sum(req.payments);
    const cash = sum(req.payments.filter((p) => p.form === 'cash'));
    if (paid - req.change !== req.total) return refuse(ERROR_CODES.totals, 'Оплата за вычетом сдачи не равна итогу');
    if (req.change > cash) return refuse(ERROR_CODES.totals, 'Сдача больше оплаты наличными');
  }
  if (kind === 'return' && 'original' in req) {
    if (sum(req.payments) !== req.total) return refuse(ERROR_CODES.totals, 'Возвращено не столько, сколько по документу');
    if (req.original) {
      const original = documentAt(db, tillId, req.original.shiftNumber, req.original.numberInShift);
      if (!original || original.kind !== 'sale') return refuse(ERROR_CODES.original, 'Возвращаемый чек не найден в СКО');
      if (annulled(db, tillId, original)) return refuse(ERROR_CODES.original, 'Возвращаемый чек аннулирован');
      const returned = db.value<number>(
        "SELECT coalesce(sum(total), 0) FROM documents WHERE till_id = ? AND kind = 'return' AND ref_shift = ? AND ref_number = ?",
        tillId,
        original.shift_number,
        original.number_in_shift,
      )!;
      if (returned + req.total > original.total) return refuse(ERROR_CODES.original, 'Возврат больше суммы чека с учётом прежних возвратов');
    }
  }
  if (kind === 'annulment' && 'annulled' in req) {
    const target = documentAt(db, tillId, req.annulled.shiftNumber, req.annulled.numberInShift);
    if (!target) return refuse(ERROR_CODES.original, 'Аннулируемый документ не найден в СКО');
    if (target.kind !== 'sale' && target.kind !== 'return') return refuse(ERROR_CODES.original, 'Аннулировать можно только чек или возврат');
    if (target.shift_number !== open.number) return refuse(ERROR_CODES.original, 'Аннулировать можно только в той же смене');
    if (annulled(db, tillId, target)) return refuse(ERROR_CODES.original, 'Документ уже аннулирован');
    const later = db.value<number>(
      "SELECT count(*) FROM documents WHERE till_id = ? AND shift_number = ? AND number_in_shift > ? AND kind IN ('sale', 'return', 'annulment')",
      tillId,
      open.number,
      target.number_in_shift,
    )!;
    if (later > 0) return refuse(ERROR_CODES.original, 'Аннулировать можно только последний чек смены');
    if (req.total !== target.total) return refuse(ERROR_CODES.totals, 'Сумма аннулирования не равна сумме документа');
  }
  if ((kind === 'cash_in' || kind === 'cash_out') && req.total <= 0) return refuse(ERROR_CODES.totals, 'Сумма внесения/изъятия должна быть больше нуля');
  if (kind === 'z_report' && 'report' in req) {
    const seen = db.one<{ n: number; last: number }>(
      'SELECT count(*) AS n, coalesce(max(number_in_shift), 0) AS last FROM documents WHERE till_id = ? AND shift_number = ?',
      tillId,
      open.number,
    )!;
    if (seen.n !== req.numberInShift - 1 || seen.last !== req.numberInShift - 1) {
      return refuse(ERROR_CODES.gaps, `Z-отчёт № ${req.numberInShift}: в СКО ${seen.n} документов смены из ${req.numberInShift - 1}`);
    }
    const standing = (k: 'sale' | 'return') =>
      db.one<{ n: number; total: number }>(
        `SELECT count(*) AS n, coalesce(sum(d.total), 0) AS total FROM documents d
           WHERE d.till_id = ? AND d.shift_number = ? AND d.kind = ?
             AND NOT EXISTS (SELECT 1 FROM documents a WHERE a.till_id = d.till_id AND a.kind = 'annulment'
                               AND a.ref_shift = d.shift_number AND a.ref_number = d.number_in_shift)`,
        tillId,
        open.number,
        k,
      )!;
    const sales = standing('sale');
    const returns = standing('return');
    const r = req.report;
    const mismatch =
      sales.n !== r.salesCount ||
      sales.total !== r.salesTotal ||
      (r.returnsCount !== undefined && r.returnsCount !== returns.n) ||
      (r.returnsTotal !== undefined && r.returnsTotal !== returns.total);
    if (mismatch) {
      return refuse(
        ERROR_CODES.reportMismatch,
        `Z-отчёт не сходится с журналом СКО: продаж ${r.salesCount} на ${r.salesTotal}, в СКО ${sales.n} на ${sales.total}` +
          (r.returnsCount !== undefined ? `; возвратов ${r.returnsCount} на ${r.returnsTotal ?? '?'}, в СКО ${returns.n} на ${returns.total}` : ''),
      );
    }
  }
  return null;
}
