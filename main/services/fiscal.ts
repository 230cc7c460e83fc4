/**
 * The СКО as the admin and the cashier see it: diagnostics, the PIN again after another login,
 * refused documents and «Отправить снова», one document's СКО side and «Сверить с СКО», the
 * offline policy and Z-wait settings, and requisites filled from the СКО.
 */
import { createRequire } from 'node:module';
import type { stdnum as stdnumModule } from 'stdnum';
import type {
  DocumentFiscalInfo,
  FiscalDiagnostics,
  FiscalQueue,
  FiscalSettings,
  RefusedDocument,
  Requisites,
  SkoComparison,
} from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { formatMoney } from '../../common/money.js';
import { oldestAgeMinutes, saleRefusal } from '../domain/offline-policy.js';
import { isSkoError, type SkoCopy, type SkoDocument } from '../fiscal/gateway.js';
import { appStatus } from './app.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { getSetting, setSetting } from './settings.js';

// stdnum (every country's numbers) loads when an УНП is first checked, not at start (cold start).
const load = createRequire(import.meta.url);
const unpValidator = () => (load('stdnum') as { stdnum: typeof stdnumModule }).stdnum.BY?.unp;

/** How long diagnostics wait for the round trip to the СКО. */
const PROBE_TIMEOUT_MS = 5_000;
/** After the PIN or «Отправить снова»: how long the answer waits for the queue to move. */
const BRIEF_WAIT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`СКО не ответил за ${ms / 1000} с`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits for what is in flight, at most `ms`; the outbox keeps trying after. */
async function briefly(ctx: Ctx, ms = BRIEF_WAIT_MS): Promise<void> {
  await withTimeout(ctx.fiscal.kick(), ms).catch(() => undefined);
}

export function fiscalSettings(ctx: Ctx): FiscalSettings {
  return {
    maxQueuedDocuments: getSetting(ctx, 'maxQueuedDocuments'),
    maxUnsentAgeHours: getSetting(ctx, 'maxUnsentAgeHours'),
    zWaitSeconds: getSetting(ctx, 'zWaitSeconds'),
  };
}

export function saveFiscalSettings(ctx: Ctx, patch: Partial<FiscalSettings>): FiscalSettings {
  const before = fiscalSettings(ctx);
  const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  ctx.db.transaction(() => {
    setSetting(ctx, 'maxQueuedDocuments', after.maxQueuedDocuments);
    setSetting(ctx, 'maxUnsentAgeHours', after.maxUnsentAgeHours);
    setSetting(ctx, 'zWaitSeconds', after.zWaitSeconds);
    audit(ctx, 'fiscal.settings', { before, after });
  })();
  return after;
}

export function refusedDocuments(ctx: Ctx, limit = 100): RefusedDocument[] {
  return ctx.db.all<RefusedDocument>(
    `SELECT d.id, d.kind, s.number AS shiftNumber, d.number_in_shift AS numberInShift, d.created_at AS createdAt, d.total,
              coalesce(o.reject_code, '') AS code, coalesce(o.last_error, '') AS message, o.rejected_at AS refusedAt, o.attempts
       FROM outbox o JOIN documents d ON d.id = o.document_id JOIN shifts s ON s.id = d.shift_id
       WHERE o.delivered_at IS NULL AND o.rejected_at IS NOT NULL ORDER BY o.id LIMIT ?`,
    limit,
  );
}

export async function fiscalStatus(ctx: Ctx): Promise<FiscalDiagnostics> {
  let reachable = false;
  let latencyMs: number | null = null;
  let probeError: string | null = null;
  try {
    latencyMs = Math.round((await withTimeout(ctx.sko.ping(), PROBE_TIMEOUT_MS)).latencyMs);
    reachable = true;
  } catch (err) {
    probeError = err instanceof Error ? err.message : String(err);
    // An answer that refuses us (token, PIN) still proves the СКО is there.
    reachable = isSkoError(err) && !['unreachable', 'timeout', 'dropped'].includes(err.kind);
  }
  const now = ctx.clock();
  const queue = ctx.fiscal.pending();
  const outbox = ctx.fiscal.state();
  const info = ctx.sko.info();
  const limits = fiscalSettings(ctx);
  return {
    training: ctx.sko.training,
    endpoint: info.endpoint,
    reachable,
    latencyMs,
    checkedAt: now.toISOString(),
    probeError,
    token: info.token,
    queue: { ...queue, oldestAgeMinutes: oldestAgeMinutes(queue, now), rejected: outbox.rejected, blocked: outbox.blocked, inFlight: outbox.inFlight },
    refused: refusedDocuments(ctx),
    needsPin: outbox.needsPin,
    limits,
    salesBlocked: saleRefusal(queue, now, limits),
    lastError: outbox.lastError,
    lastDeliveredAt: outbox.lastDeliveredAt,
    holdUntil: outbox.holdUntil,
  };
}

/**
 * The PIN again, by a logged-in user: after another installation logged in with this device
 * code (SESSION_REPLACED) or the СКО locked the till (LOCKED). The adapter binds again when its
 * session was replaced, the СКО unlocks, and the queue resumes at once.
 */
export async function unlockAgain(ctx: Ctx, pin: string): Promise<{ trainingMode: boolean; message: string; queue: FiscalQueue }> {
  const before = ctx.fiscal.state();
  const { message } = await ctx.sko.unlock(pin);
  ctx.db.transaction(() => {
    audit(ctx, 'sko.unlocked', { training: ctx.sko.training, again: true, needsPin: before.needsPin, lastError: before.lastError?.code ?? null });
  })();
  ctx.fiscal.resume();
  await briefly(ctx);
  ctx.emit('session.changed', appStatus(ctx));
  return { trainingMode: ctx.sko.training, message, queue: ctx.fiscal.queue() };
}

/**
 * «Отправить снова»: a refused document goes back in the queue and is sent again — the same
 * bytes under the same idempotency key — once its cause is fixed (docs/sko-protocol.md «Refused
 * documents»). Answers what became of it within a few seconds.
 */
export async function resendRefused(ctx: Ctx, documentId: number): Promise<DocumentFiscalInfo> {
  ctx.db.transaction(() => {
    const row = ctx.db.one<{ id: number; delivered_at: string | null; rejected_at: string | null; reject_code: string | null }>(
      'SELECT id, delivered_at, rejected_at, reject_code FROM outbox WHERE document_id = ?',
      documentId,
    );
    if (!row) throw new KassaError('NOT_FOUND', 'Документа нет в очереди СКО');
    if (row.delivered_at !== null) throw new KassaError('CONFLICT', 'Документ уже принят СКО');
    if (row.rejected_at === null) throw new KassaError('CONFLICT', 'Документ не отклонён: он в очереди и уйдёт в СКО сам');
    ctx.db.run('UPDATE outbox SET rejected_at = NULL, reject_code = NULL, next_attempt_at = ? WHERE id = ?', ctx.clock().toISOString(), row.id);
    audit(ctx, 'sko.document.resent', { documentId, code: row.reject_code });
  })();
  ctx.fiscal.resume();
  await briefly(ctx);
  return documentFiscal(ctx, documentId);
}

type FiscalRow = {
  id: number;
  outbox_id: number | null;
  payload: string | null;
  request_body: string | null;
  rejected_at: string | null;
  reject_code: string | null;
  last_error: string | null;
  attempts: number | null;
  sko_doc_id: string | null;
  accepted_at: string | null;
  verify_url: string | null;
  signature: string | null;
  key_id: string | null;
};

/** The СКО side of one document, its signature checked again now (check detail). */
export async function documentFiscal(ctx: Ctx, id: number): Promise<DocumentFiscalInfo> {
  const row = ctx.db.one<FiscalRow>(
    `SELECT d.id, o.id AS outbox_id, o.payload, o.request_body, o.rejected_at, o.reject_code, o.last_error, o.attempts,
              f.sko_doc_id, f.accepted_at, f.verify_url, f.signature, f.key_id
       FROM documents d LEFT JOIN outbox o ON o.document_id = d.id LEFT JOIN fiscal_answers f ON f.document_id = d.id WHERE d.id = ?`,
    id,
  );
  if (!row) throw new KassaError('NOT_FOUND', 'Документ не найден');
  const state: DocumentFiscalInfo['state'] =
    row.sko_doc_id !== null ? 'delivered' : row.outbox_id === null ? 'none' : row.rejected_at !== null ? 'refused' : 'waiting';
  let signature: DocumentFiscalInfo['signature'] = null;
  if (row.sko_doc_id !== null) {
    let problem: string | null;
    try {
      const doc = JSON.parse(row.payload ?? 'null') as SkoDocument;
      // Delivered before the bytes were kept: the same mapper builds the same request again.
      const body = row.request_body ?? (await ctx.sko.prepare(doc));
      problem = ctx.sko.verifyStored(doc, body, {
        skoDocId: row.sko_doc_id,
        acceptedAt: row.accepted_at ?? '',
        verifyUrl: row.verify_url ?? '',
        signature: row.signature ?? '',
        keyId: row.key_id ?? '',
      });
    } catch (err) {
      problem = `проверка невозможна: ${err instanceof Error ? err.message : String(err)}`;
    }
    signature = { verified: problem === null, problem };
  }
  return {
    documentId: row.id,
    state,
    skoDocId: row.sko_doc_id,
    acceptedAt: row.accepted_at,
    verifyUrl: row.verify_url,
    keyId: row.key_id || null,
    signature,
    refusal: row.rejected_at !== null ? { code: row.reject_code ?? '', message: row.last_error ?? '', at: row.rejected_at } : null,
    attempts: row.attempts ?? 0,
    lastError: row.rejected_at === null ? row.last_error : null,
  };
}

// ─── «Сверить с СКО» ──────────────────────────────────────────────────────────

type LocalDoc = {
  id: number;
  kind: string;
  shift_number: number;
  number_in_shift: number;
  created_at: string;
  total: number;
  change: number;
  currency: string;
  idempotency_key: string;
  cashier_id: string;
  ref_shift: number | null;
  ref_number: number | null;
  sko_doc_id: string | null;
  accepted_at: string | null;
};

type LocalLine = {
  name: string;
  barcode: string | null;
  quantity: number;
  unit: string;
  price: number;
  amount: number;
  vat_rate: number | null;
  section: number;
  discount: number;
  mark_code: string | null;
};

const LINE_FIELDS: readonly [keyof LocalLine, keyof SkoCopy['lines'][number], string][] = [
  ['name', 'name', 'название'],
  ['barcode', 'barcode', 'штрихкод'],
  ['quantity', 'quantity', 'количество'],
  ['unit', 'unit', 'единица'],
  ['price', 'price', 'цена'],
  ['amount', 'amount', 'сумма'],
  ['vat_rate', 'vatRate', 'ставка НДС'],
  ['section', 'section', 'секция'],
  ['discount', 'discount', 'скидка'],
  ['mark_code', 'markCode', 'код маркировки'],
];

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};
const MONEY: ReadonlySet<string> = new Set(['price', 'amount', 'discount']);

/** Every way the СКО's copy differs from the till's own document, in the admin's words. */
function differencesOf(local: LocalDoc, lines: readonly LocalLine[], payments: readonly { form: string; amount: number }[], copy: SkoCopy): string[] {
  const out: string[] = [];
  const cmp = (what: string, mine: unknown, theirs: unknown, money = false) => {
    if (mine === theirs) return;
    const f = (v: unknown) => (money && typeof v === 'number' ? formatMoney(v) : show(v));
    out.push(`${what}: в кассе ${f(mine)}, в СКО ${f(theirs)}`);
  };
  cmp('Вид документа', local.kind, copy.kind);
  cmp('Ключ документа', local.idempotency_key, copy.idempotencyKey);
  cmp('Время документа', local.created_at, copy.createdAt);
  cmp('Кассир', local.cashier_id, copy.cashierId);
  cmp('Итог', local.total, copy.total, true);
  if (local.sko_doc_id !== null) {
    cmp('Номер в СКО', local.sko_doc_id, copy.answer.skoDocId);
    cmp('Время приёма в СКО', local.accepted_at, copy.answer.acceptedAt);
  }
  if (local.kind === 'sale') cmp('Сдача', local.change, copy.change, true);
  if (local.kind === 'cash_in' || local.kind === 'cash_out') cmp('Валюта', local.currency, copy.currency);
  if (local.kind === 'return' || local.kind === 'annulment') {
    const mine = local.ref_shift === null ? null : `№ ${local.ref_number} смены ${local.ref_shift}`;
    const theirs = copy.refersTo ? `№ ${copy.refersTo.numberInShift} смены ${copy.refersTo.shiftNumber}` : null;
    cmp('Исходный документ', mine, theirs);
  }
  cmp('Строк', lines.length, copy.lines.length);
  lines.forEach((l, i) => {
    const c = copy.lines[i];
    if (!c) return;
    for (const [mine, theirs, what] of LINE_FIELDS) cmp(`Строка ${i + 1}, ${what}`, l[mine], c[theirs], MONEY.has(theirs));
  });
  cmp('Оплат', payments.length, copy.payments.length);
  payments.forEach((p, i) => {
    const c = copy.payments[i];
    if (!c) return;
    cmp(`Оплата ${i + 1}, форма`, p.form, c.form);
    cmp(`Оплата ${i + 1}, сумма`, p.amount, c.amount, true);
  });
  return out;
}

/** «Сверить с СКО»: the СКО's copy of the document by shift and number against the till's. */
export async function compareWithSko(ctx: Ctx, id: number): Promise<SkoComparison> {
  const local = ctx.db.one<LocalDoc>(
    `SELECT d.id, d.kind, s.number AS shift_number, d.number_in_shift, d.created_at, d.total, d.change, d.currency, d.idempotency_key,
              coalesce(nullif(u.cashier_id, ''), u.login) AS cashier_id,
              rs.number AS ref_shift, r.number_in_shift AS ref_number, f.sko_doc_id, f.accepted_at
       FROM documents d JOIN shifts s ON s.id = d.shift_id JOIN users u ON u.id = d.user_id
         LEFT JOIN documents r ON r.id = d.refers_to_id LEFT JOIN shifts rs ON rs.id = r.shift_id
         LEFT JOIN fiscal_answers f ON f.document_id = d.id
       WHERE d.id = ?`,
    id,
  );
  if (!local) throw new KassaError('NOT_FOUND', 'Документ не найден');
  const checkedAt = ctx.clock().toISOString();
  let copy: SkoCopy;
  try {
    copy = await withTimeout(ctx.sko.copy({ shiftNumber: local.shift_number, numberInShift: local.number_in_shift }), PROBE_TIMEOUT_MS);
  } catch (err) {
    if (isSkoError(err) && err.kind === 'not_found') {
      const why = local.sko_doc_id === null ? 'документ ещё не передан' : 'а касса хранит его ответ';
      return {
        documentId: id,
        matches: false,
        differences: [`В СКО нет документа № ${local.number_in_shift} смены ${local.shift_number} (${why})`],
        skoDocId: null,
        acceptedAt: null,
        checkedAt,
      };
    }
    throw new KassaError('FISCAL_UNAVAILABLE', `Копия из СКО не получена: ${err instanceof Error ? err.message : String(err)}`);
  }
  const lines = ctx.db.all<LocalLine>(
    'SELECT name, barcode, quantity, unit, price, amount, vat_rate, section, discount, mark_code FROM document_lines WHERE document_id = ? ORDER BY line_no',
    id,
  );
  const payments = ctx.db.all<{ form: string; amount: number }>('SELECT form, amount FROM document_payments WHERE document_id = ? ORDER BY id', id);
  const differences = differencesOf(local, lines, payments, copy);
  ctx.db.transaction(() => audit(ctx, 'sko.document.compared', { documentId: id, matches: differences.length === 0, differences: differences.slice(0, 20) }))();
  return { documentId: id, matches: differences.length === 0, differences, skoDocId: copy.answer.skoDocId, acceptedAt: copy.answer.acceptedAt, checkedAt };
}

/**
 * «Заполнить из ПК»: the organisation, УНП and registration number as the operator registered
 * them (trade object and address too when the СКО has them; otherwise they stay as typed).
 */
export async function fillRequisitesFromSko(ctx: Ctx): Promise<Requisites> {
  let fromSko;
  try {
    fromSko = await ctx.sko.requisites();
  } catch (err) {
    throw new KassaError('FISCAL_UNAVAILABLE', `Реквизиты не получены от СКО: ${err instanceof Error ? err.message : String(err)}`);
  }
  const validator = unpValidator();
  if (!validator) throw new Error('stdnum: no by.unp validator');
  const unp = validator.validate(fromSko.unp);
  if (!unp.isValid) throw new KassaError('FISCAL_UNAVAILABLE', `СКО прислал неверный УНП «${fromSko.unp}»: реквизиты не изменены`);
  const before = getSetting(ctx, 'requisites');
  const after: Requisites = {
    organization: fromSko.organization,
    unp: unp.compact,
    registrationNumber: fromSko.registrationNumber,
    tradeObject: fromSko.tradeObject ?? before.tradeObject,
    address: fromSko.address ?? before.address,
  };
  ctx.db.transaction(() => {
    setSetting(ctx, 'requisites', after);
    audit(ctx, 'requisites.filledFromSko', { before, after, tillId: fromSko.tillId });
  })();
  return after;
}
