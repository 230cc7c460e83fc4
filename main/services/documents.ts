/**
 * Fiscal documents: appended with their lines, payments and outbox row in one transaction;
 * never changed afterwards (the database refuses it). The СКО answer is kept beside them.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentKind, FiscalDocument, PaymentForm, VatRate } from '../../preload/contract.js';
import { KassaError } from '../domain/errors.js';
import { renderReceipt } from '../domain/receipt.js';
import { vatOf } from '../domain/money.js';
import type { SkoDocument } from '../fiscal/gateway.js';
import type { Ctx } from './context.js';
import { getSetting, requisites } from './settings.js';
import type { User } from '../../preload/contract.js';

export type NewLine = {
  readonly itemId: number | null;
  readonly name: string;
  readonly barcode: string | null;
  readonly quantity: number;
  readonly unit: string;
  readonly price: number;
  readonly amount: number;
  readonly vatRate: VatRate;
  readonly section: number;
};

export type NewDocument = {
  readonly kind: DocumentKind;
  readonly shift: { readonly id: number; readonly number: number };
  readonly user: User;
  readonly total: number;
  readonly change?: number;
  readonly lines?: readonly NewLine[];
  readonly payments?: readonly { readonly form: PaymentForm; readonly amount: number }[];
  readonly report?: unknown;
};

/** Appends a document and queues it for the СКО. Must run inside the caller's transaction. */
export function appendDocument(ctx: Ctx, doc: NewDocument): number {
  if (!ctx.db.inTransaction) throw new Error('appendDocument must run inside a transaction');
  const now = ctx.clock().toISOString();
  const numberInShift =
    (ctx.db.prepare('SELECT coalesce(max(number_in_shift), 0) + 1 FROM documents WHERE shift_id = ?').pluck().get(doc.shift.id) as number);
  const key = randomUUID();
  const lines = doc.lines ?? [];
  const payments = doc.payments ?? [];
  const id = Number(
    ctx.db
      .prepare(
        `INSERT INTO documents (shift_id, number_in_shift, kind, created_at, user_id, cashier, total, change, idempotency_key, training, report)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        doc.shift.id, numberInShift, doc.kind, now, doc.user.id, doc.user.cashierId || doc.user.name, doc.total, doc.change ?? 0, key,
        getSetting(ctx, 'trainingMode') ? 1 : 0, doc.report === undefined ? null : JSON.stringify(doc.report),
      ).lastInsertRowid,
  );
  const insertLine = ctx.db.prepare(
    `INSERT INTO document_lines (document_id, line_no, item_id, name, barcode, quantity, unit, price, amount, vat_rate, vat, section)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  lines.forEach((l, i) =>
    insertLine.run(id, i + 1, l.itemId, l.name, l.barcode, l.quantity, l.unit, l.price, l.amount, l.vatRate, vatOf(l.amount, l.vatRate), l.section),
  );
  const insertPayment = ctx.db.prepare('INSERT INTO document_payments (document_id, form, amount) VALUES (?, ?, ?)');
  for (const p of payments) insertPayment.run(id, p.form, p.amount);

  const payload: SkoDocument = {
    idempotencyKey: key,
    kind: doc.kind,
    shiftNumber: doc.shift.number,
    numberInShift,
    createdAt: now,
    cashierId: doc.user.cashierId || doc.user.login,
    total: doc.total,
    body: { lines, payments, change: doc.change ?? 0, report: doc.report ?? null },
  };
  ctx.db
    .prepare('INSERT INTO outbox (document_id, idempotency_key, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, key, JSON.stringify(payload), now, now);
  return id;
}

type DocRow = {
  id: number; kind: DocumentKind; shift_number: number; number_in_shift: number; created_at: string; cashier: string;
  total: number; change: number; training: number; report: string | null;
  sko_doc_id: string | null; accepted_at: string | null; verify_url: string | null;
};

export function documentView(ctx: Ctx, id: number, options: { copy?: boolean } = {}): FiscalDocument {
  const row = ctx.db
    .prepare(
      `SELECT d.id, d.kind, s.number AS shift_number, d.number_in_shift, d.created_at, d.cashier, d.total, d.change, d.training, d.report,
              f.sko_doc_id, f.accepted_at, f.verify_url
       FROM documents d JOIN shifts s ON s.id = d.shift_id LEFT JOIN fiscal_answers f ON f.document_id = d.id
       WHERE d.id = ?`,
    )
    .get(id) as DocRow | undefined;
  if (!row) throw new KassaError('NOT_FOUND', 'Документ не найден');
  const lines = ctx.db
    .prepare('SELECT name, quantity, unit, price, amount, vat_rate AS vatRate, vat FROM document_lines WHERE document_id = ? ORDER BY line_no')
    .all(id) as { name: string; quantity: number; unit: string; price: number; amount: number; vatRate: VatRate; vat: number }[];
  const payments = ctx.db.prepare('SELECT form, amount FROM document_payments WHERE document_id = ? ORDER BY id').all(id) as { form: PaymentForm; amount: number }[];
  const vat = ctx.db
    .prepare('SELECT vat_rate AS vatRate, sum(vat) AS vat FROM document_lines WHERE document_id = ? GROUP BY vat_rate ORDER BY vat_rate DESC')
    .all(id) as { vatRate: VatRate; vat: number }[];
  const fiscal = row.sko_doc_id ? { skoDocId: row.sko_doc_id, acceptedAt: row.accepted_at!, verifyUrl: row.verify_url! } : null;
  const report = row.report ? (JSON.parse(row.report) as { summary?: [string, string][] }) : null;
  return {
    id: row.id,
    kind: row.kind,
    shiftNumber: row.shift_number,
    numberInShift: row.number_in_shift,
    createdAt: row.created_at,
    cashier: row.cashier,
    total: row.total,
    fiscal,
    receipt: renderReceipt({
      kind: row.kind,
      requisites: requisites(ctx),
      shiftNumber: row.shift_number,
      numberInShift: row.number_in_shift,
      createdAt: row.created_at,
      cashier: row.cashier,
      lines,
      total: row.total,
      vat: vat.filter((v) => v.vat !== 0),
      payments,
      change: row.change,
      summary: report?.summary ?? [],
      fiscal,
      training: row.training === 1,
      copy: options.copy ?? false,
    }),
  };
}
