/**
 * The sale: the open check (kept in the database), its lines, discounts, parked checks, and
 * payment into a document. Every action is one transaction; a refusal changes nothing.
 */
import type {
  Adjustment,
  CardSlip,
  PayQr,
  CatalogueItem,
  CheckLine,
  FiscalDocument,
  OpenCheck,
  ParkedCheck,
  PaymentForm,
  PrintOutcome,
  Section,
  StornoEntry,
  Unit,
  VatRate,
} from '../../preload/contract/index.js';
import { barcodeSpellings } from '../../common/barcode.js';
import { CARD_NUMBER } from '../../common/discount-card.js';
import { adjustmentProblem, priceCheck } from '../domain/discount.js';
import { KassaError } from '../domain/errors.js';
import { barcodesOfGtin, parseMarkCode } from '../../common/marking.js';
import { formatQuantity } from '../../common/money.js';
import { isWholeUnit } from '../../common/units.js';
import { divRound, lineAmount, lineSizeProblem, vatByRate } from '../domain/money.js';
import { saleRefusal } from '../domain/offline-policy.js';
import { settle } from '../domain/payment.js';
import { classifyScan, type Scan } from '../domain/scan.js';
import { itemCodeCandidates } from '../domain/weight-label.js';
import { isTerminalForm } from '../devices/terminal/terminal.js';
import { decodeRef } from '../devices/terminal/reference.js';
import { withoutFsync } from '../db/commit.js';
import { audit } from './audit.js';
import { itemByAnyBarcode, itemByCode, itemById } from './catalogue.js';
import type { Ctx } from './context.js';
import { appendDocument, type NewPayment } from './documents.js';
import { handOver } from './hand-over.js';
import { getSetting } from './settings.js';
import { requireOpenShift } from './shift.js';
import { requirePaymentRoutes, requireTerminalIdle, reverseTerminalOp, settleTerminalOps, terminalOp, withTerminal } from './terminal.js';
import { requireUser } from './users.js';
import { verifyPassword } from './password-hash.js';
import { phase } from '../log/trace.js';
import { moveForCheck, saleShortfall, stockOn } from './stock/moves.js';
import { cardDiscount, matchingCard } from './discount-cards.js';
import { ruLayoutToLatin } from '../../common/keyboard-layout.js';

type LineRow = {
  id: number;
  parked_id: number | null;
  item_id: number | null;
  name: string;
  barcode: string | null;
  quantity: number;
  unit: Unit;
  price: number;
  vat_rate: VatRate;
  section: number;
  adjustment: string | null;
  mark_code: string | null;
  mark_key: string | null;
  /** A weight label with the amount on it: what the customer pays, whatever price × weight gives. */
  label_amount: number | null;
};

/** The line before discounts: the label's amount, or price × quantity. */
const baseOf = (r: Pick<LineRow, 'price' | 'quantity' | 'label_amount'>, quantity = r.quantity) => r.label_amount ?? lineAmount(r.price, quantity);

type CheckState = { adjustment: Adjustment | null; discountCard: string | null };

function rowsOf(ctx: Ctx, parkedId: number | null): LineRow[] {
  return parkedId === null
    ? ctx.db.all<LineRow>('SELECT * FROM open_check_lines WHERE parked_id IS NULL ORDER BY id')
    : ctx.db.all<LineRow>('SELECT * FROM open_check_lines WHERE parked_id = ? ORDER BY id', parkedId);
}

function parseAdjustment(json: string | null): Adjustment | null {
  return json === null ? null : (JSON.parse(json) as Adjustment);
}

function stateOf(ctx: Ctx): CheckState {
  const row = ctx.db.one<{ adjustment: string | null; discount_card: string | null }>('SELECT adjustment, discount_card FROM open_check WHERE id = 1');
  return { adjustment: parseAdjustment(row?.adjustment ?? null), discountCard: row?.discount_card ?? null };
}

function priced(rows: readonly LineRow[], state: CheckState) {
  const bases = rows.map((r) => ({ baseAmount: baseOf(r), adjustment: parseAdjustment(r.adjustment) }));
  return { bases, check: priceCheck(bases, state.adjustment) };
}

/** A quantity above the setting (100 pcs / 50 kg by default) is sold only once the cashier confirmed it. */
function requireUsualQuantity(ctx: Ctx, quantity: number, unit: Unit, confirmed: boolean | undefined): void {
  if (confirmed) return;
  const limits = getSetting(ctx, 'amountLimits');
  const limit = isWholeUnit(unit) ? limits.confirmPieces : limits.confirmKg;
  if (quantity <= limit) return;
  throw new KassaError('CONFIRM_REQUIRED', `Количество ${formatQuantity(quantity)} ${unit} — больше ${formatQuantity(limit)} ${unit}. Всё верно?`, {
    quantity,
    limit,
    unit,
  });
}

/** A marked unit sold on a check that stands (not annulled) and not returned since. */
function markSold(ctx: Ctx, key: string): boolean {
  return (
    ctx.db.value<number>(
      `SELECT 1 FROM document_lines l JOIN documents d ON d.id = l.document_id
        WHERE l.mark_key = ? AND d.kind = 'sale'
          AND NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = d.id)
          AND NOT EXISTS (SELECT 1 FROM document_lines r JOIN documents rd ON rd.id = r.document_id
                           WHERE r.origin_line_id = l.id AND rd.kind = 'return'
                             AND NOT EXISTS (SELECT 1 FROM documents a WHERE a.kind = 'annulment' AND a.refers_to_id = rd.id))
        LIMIT 1`,
      key,
    ) !== undefined
  );
}

/** The check's VAT per rate: of each rate's total, as it will print and be stored (DOMAIN.md). */
function vatOfCheck(lines: readonly { amount: number; vatRate: VatRate }[]): { vatRate: VatRate; vat: number }[] {
  return vatByRate(lines).map(({ vatRate, vat }) => ({ vatRate, vat }));
}

function checkOf(ctx: Ctx, rows: readonly LineRow[], state: CheckState): OpenCheck {
  const { bases, check } = priced(rows, state);
  const lines: CheckLine[] = rows.map((r, i) => {
    const p = check.lines[i]!;
    return {
      id: r.id,
      itemId: r.item_id,
      name: r.name,
      barcode: r.barcode,
      quantity: r.quantity,
      unit: r.unit,
      price: r.price,
      baseAmount: p.baseAmount,
      lineDiscount: p.lineDiscount,
      checkDiscount: p.checkDiscount,
      amount: p.amount,
      vatRate: r.vat_rate,
      section: r.section,
      adjustment: bases[i]!.adjustment,
      markCode: r.mark_code,
    };
  });
  return {
    lines,
    subtotal: check.subtotal,
    checkAdjustment: state.adjustment,
    discountCard: state.discountCard,
    checkDiscount: check.checkDiscount,
    total: check.total,
    vat: vatOfCheck(lines),
    parkedCount: ctx.db.value<number>('SELECT count(*) FROM parked_checks')!,
  };
}

export function openCheck(ctx: Ctx): OpenCheck {
  return checkOf(ctx, rowsOf(ctx, null), stateOf(ctx));
}

/** The pole display and the customer window follow the open check. */
export function showCheck(ctx: Ctx, check: OpenCheck): OpenCheck {
  const lines = check.lines.map((l) => ({ name: l.name, quantity: l.quantity, unit: l.unit, amount: l.amount }));
  ctx.devices.checkChanged({ lines, total: check.total, change: null });
  return check;
}

/**
 * One edit of the open check, in one transaction. The open check is not fiscal: it commits
 * without the fsync that fiscal writes wait for (ARCHITECTURE: synchronous=FULL for fiscal
 * writes). In WAL mode that still survives a crash of the program; only a power cut may lose the
 * last lines scanned, and the next fiscal commit makes them durable too.
 */
function draft<T>(ctx: Ctx, edit: () => T): T {
  if (ctx.db.inTransaction) return edit();
  // IMMEDIATE (db/database.ts makes a transaction's plain call so): a deferred transaction that reads, then writes,
  // fails at once (SQLITE_BUSY, no retry) when a worker committed in between; taking the write lock first waits its
  // turn behind the worker's short chunk.
  const result = withoutFsync(ctx.db, edit);
  // Most edits answer with the check as they left it: no need to read it twice per scan.
  checkChanged(ctx, isOpenCheck(result) ? result : undefined);
  return result;
}

const isOpenCheck = (x: unknown): x is OpenCheck => typeof x === 'object' && x !== null && 'lines' in x && 'parkedCount' in x;

/** Every window on this till follows the open check as it is now (a window may have missed the edit). */
function checkChanged(ctx: Ctx, check: OpenCheck = openCheck(ctx)): void {
  ctx.emit('sale.changed', check);
}

/** Refuses a new sale once the СКО has been out of reach past the offline limits (settings). */
export function requireFiscalRoom(ctx: Ctx): void {
  const queue = ctx.fiscal.pending();
  const limits = { maxQueuedDocuments: getSetting(ctx, 'maxQueuedDocuments'), maxUnsentAgeHours: getSetting(ctx, 'maxUnsentAgeHours') };
  const refusal = saleRefusal(queue, ctx.clock(), limits);
  if (refusal) throw new KassaError('FISCAL_UNAVAILABLE', refusal, { ...queue, ...limits });
}

function requireMode(ctx: Ctx, mode: 'itemized' | 'sum'): void {
  if (getSetting(ctx, 'accountingMode') === mode) return;
  throw new KassaError('CONFLICT', mode === 'sum' ? 'Продажа по секциям — только в суммовом учёте' : 'Суммовой учёт: каталога нет — введите сумму по секции');
}

function currentLine(ctx: Ctx, lineId: number): LineRow {
  const row = ctx.db.one<LineRow>('SELECT * FROM open_check_lines WHERE id = ? AND parked_id IS NULL', lineId);
  if (!row) throw new KassaError('NOT_FOUND', 'Строка чека не найдена');
  return row;
}

// ─── Adding lines ─────────────────────────────────────────────────────────────

export type LineOptions = {
  readonly quantity?: number | undefined;
  readonly markCode?: string | undefined;
  readonly barcode?: string | null | undefined;
  /** From a weight label that carries the amount. */
  readonly labelAmount?: number | undefined;
  /** The cashier agreed to an unusual quantity (CONFIRM_REQUIRED before). */
  readonly confirmed?: boolean | undefined;
  /** The price the cashier typed for an item whose price is entered at sale. */
  readonly price?: number | undefined;
};

function insertLine(
  ctx: Ctx,
  line: {
    itemId: number | null;
    name: string;
    barcode: string | null;
    quantity: number;
    unit: Unit;
    price: number;
    vatRate: VatRate;
    section: number;
    markCode: string | null;
    markKey: string | null;
    labelAmount?: number | null;
    confirmed?: boolean | undefined;
  },
): void {
  const tooBig = lineSizeProblem(line.price, line.quantity);
  if (tooBig) throw new KassaError('VALIDATION', tooBig);
  requireUsualQuantity(ctx, line.quantity, line.unit, line.confirmed);
  const first = ctx.db.value<number>('SELECT 1 FROM open_check_lines WHERE parked_id IS NULL LIMIT 1') === undefined;
  if (first) requireFiscalRoom(ctx); // a new check: say so before the basket is scanned
  ctx.db.run(
    `INSERT INTO open_check_lines (item_id, name, barcode, quantity, unit, price, vat_rate, section, mark_code, mark_key, label_amount)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    line.itemId,
    line.name,
    line.barcode,
    line.quantity,
    line.unit,
    line.price,
    line.vatRate,
    line.section,
    line.markCode,
    line.markKey,
    line.labelAmount ?? null,
  );
}

/**
 * The same piece item scanned again: its line (same price, no discount of its own) takes the
 * quantity, when the setting allows. Weighed, marked and weight-label lines always stay apart.
 */
function raisedRepeatLine(ctx: Ctx, item: CatalogueItem, quantity: number, options: LineOptions): boolean {
  if (!isWholeUnit(item.unit) || item.marked || item.freePrice || options.labelAmount !== undefined) return false;
  if (!getSetting(ctx, 'repeatScanAddsQuantity')) return false;
  const line = ctx.db.one<LineRow>(
    `SELECT * FROM open_check_lines WHERE parked_id IS NULL AND item_id = ? AND price = ? AND unit = ?
       AND mark_code IS NULL AND label_amount IS NULL AND adjustment IS NULL ORDER BY id DESC LIMIT 1`,
    item.id,
    item.price,
    item.unit,
  );
  if (!line) return false;
  const total = line.quantity + quantity;
  const tooBig = lineSizeProblem(line.price, total);
  if (tooBig) throw new KassaError('VALIDATION', tooBig);
  requireUsualQuantity(ctx, total, line.unit, options.confirmed);
  ctx.db.run('UPDATE open_check_lines SET quantity = ? WHERE id = ?', total, line.id);
  return true;
}

/** One catalogue item into the open check, with the checks of DOMAIN «Marked goods» and «Weighted goods». */
function addCatalogueLine(ctx: Ctx, item: CatalogueItem, options: LineOptions): OpenCheck {
  requireTerminalIdle(ctx);
  requireMode(ctx, 'itemized');
  // The catalogue's price as it is now: a later change of it leaves this line as it is.
  let price = item.price;
  if (item.freePrice) {
    if (options.price === undefined) {
      throw new KassaError('VALIDATION', `«${item.name}» — цена вводится при продаже: введите цену`, {
        priceRequired: true,
        itemId: item.id,
        suggested: item.price,
      });
    }
    price = options.price;
  } else if (options.price !== undefined) {
    throw new KassaError('VALIDATION', `Цена «${item.name}» задана в каталоге: при продаже вводится только свободная цена`);
  }
  if (item.weighted && options.quantity === undefined) {
    throw new KassaError('VALIDATION', `«${item.name}» — весовой товар: положите на весы или введите вес`, { weightRequired: true, itemId: item.id });
  }
  const quantity = options.quantity ?? 1000;
  if (isWholeUnit(item.unit) && quantity % 1000 !== 0) throw new KassaError('VALIDATION', `«${item.name}» продаётся целым количеством (${item.unit})`);
  let mark: { code: string; key: string } | null = null;
  if (options.markCode !== undefined) {
    const parsed = parseMarkCode(options.markCode);
    if (!parsed) throw new KassaError('VALIDATION', 'Код маркировки не распознан: отсканируйте DataMatrix ещё раз');
    const own = barcodesOfGtin(parsed.gtin);
    if (item.barcodes.length > 0 && !item.barcodes.some((b) => own.includes(b))) {
      throw new KassaError('VALIDATION', `Код маркировки от другого товара (GTIN ${parsed.gtin}), а не от «${item.name}»`);
    }
    mark = parsed;
  } else if (item.marked) {
    throw new KassaError('VALIDATION', `«${item.name}» — маркированный товар: отсканируйте код маркировки (DataMatrix)`, {
      markRequired: true,
      itemId: item.id,
    });
  }
  if (mark && quantity !== 1000) throw new KassaError('VALIDATION', 'Маркированный товар продаётся по одной штуке на код маркировки');
  return draft(ctx, () => {
    if (!mark && raisedRepeatLine(ctx, item, quantity, options)) return withStockCheck(ctx, item);
    if (mark) {
      const taken = ctx.db.prepare('SELECT 1 FROM open_check_lines WHERE parked_id IS NULL AND mark_key = ?').get(mark.key);
      if (taken) throw new KassaError('CONFLICT', 'Этот код маркировки уже есть в чеке: один код — одна единица товара');
      if (markSold(ctx, mark.key))
        throw new KassaError('CONFLICT', 'Товар с этим кодом маркировки уже продан: один код — одна продажа (вернуть его можно возвратом)');
    }
    insertLine(ctx, {
      itemId: item.id,
      name: item.name,
      barcode: options.barcode ?? item.barcodes[0] ?? null,
      quantity,
      unit: item.unit,
      price,
      vatRate: item.vatRate,
      section: item.section,
      markCode: mark?.code ?? null,
      markKey: mark?.key ?? null,
      labelAmount: options.labelAmount ?? null,
      confirmed: options.confirmed,
    });
    return withStockCheck(ctx, item);
  });
}

/**
 * With stock on, the item's quantity in the open check against its balance: `refuse` throws (the
 * line goes back), `warn` tells the cashier and sells on. Paying checks it again.
 */
function withStockCheck(ctx: Ctx, item: CatalogueItem): OpenCheck {
  const check = openCheck(ctx);
  const stock = stockOn(ctx);
  if (!stock || stock.negative === 'allow') return check;
  const quantity = check.lines.filter((l) => l.itemId === item.id).reduce((s, l) => s + l.quantity, 0);
  const warning = saleShortfall(ctx, [{ itemId: item.id, quantity, name: item.name, unit: item.unit }], stock.negative);
  return warning ? { ...check, stockWarning: warning } : check;
}

/** A line for what a scan (or a typed barcode) names. */
function addScanned(ctx: Ctx, scan: Scan, options: LineOptions): OpenCheck {
  requireMode(ctx, 'itemized');
  switch (scan.kind) {
    case 'refused':
      throw new KassaError('VALIDATION', scan.problem);
    case 'mark': {
      const item = itemByAnyBarcode(ctx, barcodesOfGtin(scan.mark.gtin));
      if (!item) throw new KassaError('NOT_FOUND', `Товар с кодом маркировки (GTIN ${scan.mark.gtin}) не найден в каталоге`);
      return addCatalogueLine(ctx, item, { ...options, markCode: scan.mark.code, barcode: item.barcodes[0] ?? null });
    }
    case 'weight': {
      const item = itemByCode(ctx, itemCodeCandidates(scan.label.itemCode));
      if (!item) throw new KassaError('NOT_FOUND', `Товар с кодом ${scan.label.itemCode} с весовой этикетки не найден`);
      if (!item.weighted) throw new KassaError('VALIDATION', `«${item.name}» — не весовой товар, а этикетка весовая`);
      let grams: number;
      if (scan.label.value === 'weight') grams = scan.label.grams;
      else {
        if (item.price === 0) throw new KassaError('VALIDATION', `У «${item.name}» нет цены: вес по сумме этикетки не вычислить`);
        grams = divRound(scan.label.amount * 1000, item.price);
      }
      if (grams <= 0) throw new KassaError('VALIDATION', 'На весовой этикетке нулевой вес');
      const labelAmount = scan.label.value === 'price' ? scan.label.amount : undefined;
      return addCatalogueLine(ctx, item, { ...options, quantity: grams, barcode: scan.code, labelAmount });
    }
    case 'barcode': {
      const item = itemByAnyBarcode(ctx, barcodeSpellings(scan.code));
      if (!item) throw new KassaError('NOT_FOUND', `Товар со штрихкодом ${scan.code} не найден`);
      return addCatalogueLine(ctx, item, { ...options, barcode: scan.code });
    }
  }
}

export type AddItem = ({ barcode: string } | { plu: string } | { itemId: number }) & {
  quantity?: number | undefined;
  markCode?: string | undefined;
  confirmed?: boolean | undefined;
  price?: number | undefined;
};

export function addItem(ctx: Ctx, input: AddItem): OpenCheck {
  const options: LineOptions = { quantity: input.quantity, markCode: input.markCode, confirmed: input.confirmed, price: input.price };
  if ('barcode' in input) return addScanned(ctx, classifyScan(input.barcode, getSetting(ctx, 'weightBarcode')), options);
  requireMode(ctx, 'itemized');
  if ('plu' in input) {
    const item = itemByCode(ctx, [input.plu]);
    if (!item) throw new KassaError('NOT_FOUND', `Товар с кодом ${input.plu} не найден`);
    return addCatalogueLine(ctx, item, options);
  }
  return addCatalogueLine(ctx, itemById(ctx, input.itemId), options);
}

/** A raw scanner read: layout mapped back, DataMatrix / weight label / EAN recognised in main. */
export function scanCode(ctx: Ctx, raw: string, quantity?: number, confirmed?: boolean): OpenCheck {
  const scan = classifyScan(raw, getSetting(ctx, 'weightBarcode'));
  if (scan.kind === 'barcode') {
    requireMode(ctx, 'itemized');
    const item = itemByAnyBarcode(ctx, barcodeSpellings(scan.code));
    if (item) return addCatalogueLine(ctx, item, { quantity, confirmed, barcode: scan.code });
  }
  // Not a product: a discount card of the directory gives its discount to the check.
  if (scan.kind === 'barcode' || scan.kind === 'refused') {
    const read = ruLayoutToLatin(raw.replace(/[\r\n]+$/, '')).trim();
    if (CARD_NUMBER.test(read) && matchingCard(ctx, read)) return setCheckDiscount(ctx, { card: read });
  }
  return addScanned(ctx, scan, { quantity, confirmed });
}

/** The scale's weight now, for a weighted item; anything but a stable positive weight is refused. */
export async function stableWeight(ctx: Ctx): Promise<number> {
  const reading = await ctx.devices.readWeight();
  if (!reading.stable || reading.state !== 'stable' || reading.grams === null) {
    throw new KassaError('DEVICE_ERROR', reading.message ?? 'Вес не стабилен: подождите, пока весы успокоятся', { weight: reading });
  }
  if (reading.grams <= 0) throw new KassaError('VALIDATION', 'На весах нет товара', { weight: reading });
  return reading.grams;
}

/** Sum mode: an amount on a section. */
export function addSection(ctx: Ctx, input: { section: number; amount: number; quantity?: number | undefined; confirmed?: boolean | undefined }): OpenCheck {
  requireTerminalIdle(ctx);
  requireMode(ctx, 'sum');
  const section = ctx.db.one<Section & { hidden: number }>('SELECT code, name, vat_rate AS vatRate, hidden FROM sections WHERE code = ?', input.section);
  if (!section) throw new KassaError('NOT_FOUND', `Секция ${input.section} не найдена`);
  if (section.hidden) throw new KassaError('CONFLICT', `Секция ${section.code} «${section.name}» скрыта администратором: продажа на неё закрыта`);
  const quantity = input.quantity ?? 1000;
  return draft(ctx, () => {
    insertLine(ctx, {
      itemId: null,
      name: section.name,
      barcode: null,
      quantity,
      unit: quantity % 1000 === 0 ? 'шт' : 'кг',
      price: input.amount,
      vatRate: section.vatRate,
      section: section.code,
      markCode: null,
      markKey: null,
      confirmed: input.confirmed,
    });
    return openCheck(ctx);
  });
}

// ─── Editing the open check ───────────────────────────────────────────────────

export function setQuantity(ctx: Ctx, lineId: number, quantity: number, confirmed?: boolean): OpenCheck {
  requireTerminalIdle(ctx);
  return draft(ctx, () => {
    const line = currentLine(ctx, lineId);
    if (isWholeUnit(line.unit) && quantity % 1000 !== 0) throw new KassaError('VALIDATION', 'Штучный товар продаётся целым количеством');
    if (line.mark_code !== null && quantity !== 1000)
      throw new KassaError('VALIDATION', 'Маркированный товар: одна штука на код маркировки. Отсканируйте следующий код.');
    const tooBig = lineSizeProblem(line.price, quantity);
    if (tooBig) throw new KassaError('VALIDATION', tooBig);
    if (quantity > line.quantity) requireUsualQuantity(ctx, quantity, line.unit, confirmed);
    if (line.label_amount !== null && quantity !== line.quantity) {
      throw new KassaError('VALIDATION', 'Сумма взята с весовой этикетки: вес не меняется. Удалите строку и отсканируйте этикетку снова.');
    }
    const adjustment = parseAdjustment(line.adjustment);
    if (adjustment) {
      const problem = adjustmentProblem(baseOf(line, quantity), adjustment, getSetting(ctx, 'discounts'), 'line');
      if (problem) throw new KassaError('VALIDATION', `${problem}: уберите скидку строки или измените её`);
    }
    ctx.db.run('UPDATE open_check_lines SET quantity = ? WHERE id = ?', quantity, lineId);
    return openCheck(ctx);
  });
}

export function setLineDiscount(ctx: Ctx, lineId: number, adjustment: Adjustment | null): OpenCheck {
  requireTerminalIdle(ctx);
  return draft(ctx, () => {
    const line = currentLine(ctx, lineId);
    if (adjustment) {
      const problem = adjustmentProblem(baseOf(line), adjustment, getSetting(ctx, 'discounts'), 'line');
      if (problem) throw new KassaError('VALIDATION', problem);
    }
    ctx.db.run('UPDATE open_check_lines SET adjustment = ? WHERE id = ?', adjustment ? JSON.stringify(adjustment) : null, lineId);
    audit(ctx, 'check.lineDiscount', { line: line.name, adjustment });
    return openCheck(ctx);
  });
}

/** The check discount: a given one, a discount card's (the directory), or none (`adjustment: null`). */
export function setCheckDiscount(ctx: Ctx, input: { adjustment?: Adjustment | null | undefined; card?: string | undefined }): OpenCheck {
  requireTerminalIdle(ctx);
  return draft(ctx, () => {
    if (input.adjustment === null) {
      ctx.db.run('DELETE FROM open_check');
      audit(ctx, 'check.discount', { adjustment: null });
      return openCheck(ctx);
    }
    const limits = getSetting(ctx, 'discounts');
    let adjustment = input.adjustment;
    let card: string | null = null;
    if (input.card !== undefined) {
      // The card's own discount from the directory; an unknown card is refused.
      ({ adjustment, number: card } = cardDiscount(ctx, input.card));
    }
    if (!adjustment) throw new KassaError('VALIDATION', 'Укажите скидку или номер дисконтной карты');
    const { check } = priced(rowsOf(ctx, null), { adjustment: null, discountCard: null });
    if (check.subtotal === 0) throw new KassaError('VALIDATION', 'Чек пуст: сначала добавьте товар');
    const problem = adjustmentProblem(check.subtotal, adjustment, limits, 'check');
    if (problem) throw new KassaError('VALIDATION', problem);
    ctx.db.run(
      'INSERT INTO open_check (id, adjustment, discount_card) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET adjustment = excluded.adjustment, discount_card = excluded.discount_card',
      JSON.stringify(adjustment),
      card,
    );
    audit(ctx, 'check.discount', { adjustment, card });
    return openCheck(ctx);
  });
}

export function removeLine(ctx: Ctx, lineId: number, adminPassword?: string): OpenCheck {
  requireTerminalIdle(ctx);
  const approvedBy = getSetting(ctx, 'stornoNeedsAdmin') ? adminFor(ctx, adminPassword) : null;
  return draft(ctx, () => {
    const line = currentLine(ctx, lineId);
    ctx.db.run('DELETE FROM open_check_lines WHERE id = ?', lineId);
    if (rowsOf(ctx, null).length === 0) ctx.db.run('DELETE FROM open_check');
    audit(ctx, 'check.lineRemoved', { name: line.name, quantity: line.quantity, price: line.price, approvedBy });
    return openCheck(ctx);
  });
}

/** The admin whose password this is (storno with `stornoNeedsAdmin`); refused when missing or wrong. */
function adminFor(ctx: Ctx, password: string | undefined): string {
  if (!password) throw new KassaError('WRONG_PASSWORD', 'Удаление строки — только с паролем администратора', { adminPassword: 'required' });
  const admins = ctx.db.all<{ name: string; password_hash: string }>("SELECT name, password_hash FROM users WHERE role = 'admin' ORDER BY id");
  const admin = admins.find((a) => verifyPassword(password, a.password_hash));
  if (!admin) throw new KassaError('WRONG_PASSWORD', 'Неверный пароль администратора: строка не удалена', { adminPassword: 'wrong' });
  return admin.name;
}

/** The storno journal: the deleted lines from the audit log, newest first. */
export function stornoJournal(ctx: Ctx, page: { limit: number; offset: number }): { items: StornoEntry[]; total: number } {
  const total = ctx.db.value<number>("SELECT COUNT(*) FROM audit_log WHERE action = 'check.lineRemoved'") ?? 0;
  const rows = ctx.db.all<{ at: string; cashier: string | null; details: string }>(
    `SELECT a.at, u.name AS cashier, a.details FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
     WHERE a.action = 'check.lineRemoved' ORDER BY a.id DESC LIMIT ? OFFSET ?`,
    page.limit,
    page.offset,
  );
  const items = rows.map((r) => {
    const d = JSON.parse(r.details) as { name: string; quantity: number; price: number; approvedBy?: string | null };
    return { at: r.at, cashier: r.cashier ?? '—', name: d.name, quantity: d.quantity, price: d.price, approvedBy: d.approvedBy ?? null };
  });
  return { items, total };
}

export function cancelCheck(ctx: Ctx): OpenCheck {
  requireTerminalIdle(ctx);
  draft(ctx, () => {
    const dropped = rowsOf(ctx, null);
    if (dropped.length === 0) return;
    ctx.db.run('DELETE FROM open_check_lines WHERE parked_id IS NULL');
    ctx.db.run('DELETE FROM open_check');
    audit(ctx, 'check.cancelled', { lines: dropped.map((l) => ({ name: l.name, quantity: l.quantity, price: l.price })) });
  });
  return openCheck(ctx);
}

// ─── Parked checks ────────────────────────────────────────────────────────────

export function parkCheck(ctx: Ctx, note: string | undefined): OpenCheck {
  requireTerminalIdle(ctx);
  const user = requireUser(ctx);
  return draft(ctx, () => {
    if (rowsOf(ctx, null).length === 0) throw new KassaError('VALIDATION', 'Чек пуст: откладывать нечего');
    const state = stateOf(ctx);
    const id = Number(
      ctx.db.run(
        'INSERT INTO parked_checks (parked_at, user_id, note, adjustment, discount_card) VALUES (?, ?, ?, ?, ?)',
        ctx.clock().toISOString(),
        user.id,
        note ?? '',
        state.adjustment ? JSON.stringify(state.adjustment) : null,
        state.discountCard,
      ).lastInsertRowid,
    );
    ctx.db.run('UPDATE open_check_lines SET parked_id = ? WHERE parked_id IS NULL', id);
    ctx.db.run('DELETE FROM open_check');
    audit(ctx, 'check.parked', { parkedId: id });
    return openCheck(ctx);
  });
}

type ParkedRow = { id: number; parked_at: string; note: string; adjustment: string | null; discount_card: string | null };

export function parkedChecks(ctx: Ctx): ParkedCheck[] {
  const rows = ctx.db.all<ParkedRow>('SELECT id, parked_at, note, adjustment, discount_card FROM parked_checks ORDER BY id');
  return rows.map((r) => {
    const lines = rowsOf(ctx, r.id);
    const { check } = priced(lines, { adjustment: parseAdjustment(r.adjustment), discountCard: r.discount_card });
    return { id: r.id, parkedAt: r.parked_at, note: r.note, lines: lines.length, total: check.total };
  });
}

export function resumeCheck(ctx: Ctx, id: number): OpenCheck {
  requireTerminalIdle(ctx);
  return draft(ctx, () => {
    const parked = ctx.db.one<ParkedRow>('SELECT id, parked_at, note, adjustment, discount_card FROM parked_checks WHERE id = ?', id);
    if (!parked) throw new KassaError('NOT_FOUND', 'Отложенный чек не найден');
    if (rowsOf(ctx, null).length > 0) throw new KassaError('CONFLICT', 'Сначала завершите, отложите или отмените текущий чек');
    ctx.db.run('UPDATE open_check_lines SET parked_id = NULL WHERE parked_id = ?', id);
    ctx.db.run('DELETE FROM open_check');
    if (parked.adjustment) ctx.db.run('INSERT INTO open_check (id, adjustment, discount_card) VALUES (1, ?, ?)', parked.adjustment, parked.discount_card);
    ctx.db.run('DELETE FROM parked_checks WHERE id = ?', id);
    audit(ctx, 'check.resumed', { parkedId: id });
    return openCheck(ctx);
  });
}

// ─── Payment ──────────────────────────────────────────────────────────────────

type Approved = { opId: number; reference: string };

/** One form of the check's payment; a card on a standalone terminal brings the slip's code. */
export type PaymentIn = { readonly form: PaymentForm; readonly amount: number; readonly slip?: CardSlip | undefined };

/** Cancels what the terminal took for this check; what it could not cancel (a standalone terminal's) the cashier is told to. */
async function cancelApproved(ctx: Ctx, approved: readonly Approved[]): Promise<string> {
  const left: string[] = [];
  for (const a of approved) if (!(await reverseTerminalOp(ctx, a.opId))) left.push(decodeRef(a.reference).authCode ?? a.reference);
  return left.length === 0 ? '' : ` Отмените на терминале банка оплату картой (код авторизации ${left.join(', ')}): касса сама её отменить не может.`;
}

/**
 * Closes the check: pays it (payCheck), shows the change to the customer, then the sale goes to
 * the СКО and prints (its id and QR on the receipt); printing never rolls the sale back.
 */
export async function closeCheck(ctx: Ctx, payments: readonly PaymentIn[]): Promise<{ document: FiscalDocument; change: number; print: PrintOutcome }> {
  const { documentId, change, total } = await payCheck(ctx, payments);
  ctx.devices.checkChanged({ lines: [], total, change });
  const { document, print } = await handOver(ctx, documentId);
  return { document, change, print };
}

/**
 * Pays the open check. Card and ОПЛАТИ are taken on the terminal first; a decline or no answer
 * cancels what the terminal already took and leaves the check open. Then the sale document, its
 * payments and its outbox row are written in one transaction.
 */
export async function payCheck(ctx: Ctx, payments: readonly PaymentIn[]): Promise<{ documentId: number; change: number; total: number }> {
  const user = requireUser(ctx);
  const before = openCheck(ctx);
  if (before.lines.length === 0) throw new KassaError('VALIDATION', 'Чек пуст: добавьте товар');
  if (before.checkAdjustment) {
    const problem = adjustmentProblem(before.subtotal, before.checkAdjustment, getSetting(ctx, 'discounts'), 'check');
    if (problem) throw new KassaError('VALIDATION', `${problem}: измените скидку на чек`);
  }
  const settled = settle(before.total, payments);
  if ('problem' in settled) throw new KassaError('VALIDATION', settled.problem);
  requireFiscalRoom(ctx);
  // Refused for stock before the terminal takes any money; the document's transaction checks again.
  if (stockOn(ctx)?.negative === 'refuse') saleShortfall(ctx, before.lines, 'refuse');
  requirePaymentRoutes(ctx, payments);
  phase('check');
  // ОПЛАТИ: the QR for the amount goes to the payment screen and the customer's window.
  const showQr = (qr: PayQr | null) => {
    ctx.emit('payment.qr', qr);
    const lines = before.lines.map((l) => ({ name: l.name, quantity: l.quantity, unit: l.unit, amount: l.amount }));
    ctx.devices.checkChanged({ lines, total: before.total, change: null, payQr: qr });
  };

  return withTerminal(ctx, async () => {
    const approved: Approved[] = [];
    const refs: (string | null)[] = [];
    for (const p of payments) {
      if (!isTerminalForm(p.form)) {
        refs.push(null);
        continue;
      }
      const { opId, outcome } = await terminalOp(ctx, {
        kind: 'purchase',
        purpose: 'sale',
        form: p.form,
        amount: p.amount,
        slip: p.slip ?? null,
        ...(p.form === 'oplati' && { onQr: showQr }),
      });
      if (outcome.status !== 'approved') {
        const undo = await cancelApproved(ctx, approved);
        const what = p.form === 'card' ? 'Оплата картой' : 'Оплата ОПЛАТИ';
        if (outcome.status === 'declined') {
          throw new KassaError('PAYMENT_DECLINED', `${what} не прошла: ${outcome.message}. Чек не оплачен — выберите другую оплату.${undo}`, { form: p.form });
        }
        const silent = p.form === 'oplati' ? 'покупатель не оплатил QR-код за отведённое время, платёж отменён' : 'терминал не ответил';
        throw new KassaError('DEVICE_ERROR', `${what}: ${silent}. Чек не оплачен — повторите или выберите другую оплату.${undo}`, {
          form: p.form,
          terminal: 'timeout',
        });
      }
      approved.push({ opId, reference: outcome.reference });
      refs.push(outcome.reference);
    }
    phase('terminal');
    try {
      const done = ctx.db.transaction(() => {
        const shift = requireOpenShift(ctx);
        const rows = rowsOf(ctx, null);
        const state = stateOf(ctx);
        const check = checkOf(ctx, rows, state);
        if (check.total !== before.total || check.lines.length !== before.lines.length) {
          throw new KassaError('CONFLICT', 'Чек изменился во время оплаты: оплата отменена, повторите');
        }
        const paid: NewPayment[] = payments.map((p, i) => ({ form: p.form, amount: p.amount, terminalRef: refs[i] ?? null }));
        const documentId = appendDocument(ctx, {
          kind: 'sale',
          shift,
          user,
          total: check.total,
          change: settled.change,
          lines: check.lines.map((l) => ({
            itemId: l.itemId,
            name: l.name,
            barcode: l.barcode,
            quantity: l.quantity,
            unit: l.unit,
            price: l.price,
            amount: l.amount,
            vatRate: l.vatRate,
            section: l.section,
            discount: l.lineDiscount + l.checkDiscount,
            markCode: l.markCode,
          })),
          payments: paid,
          discountCard: state.discountCard,
          checkDiscount: check.checkDiscount,
        });
        moveForCheck(ctx, documentId, 'sale', check.lines);
        settleTerminalOps(
          ctx,
          approved.map((a) => a.opId),
          documentId,
        );
        ctx.db.run('DELETE FROM open_check_lines WHERE parked_id IS NULL');
        ctx.db.run('DELETE FROM open_check');
        return { documentId, change: settled.change, total: check.total };
      })();
      checkChanged(ctx);
      phase('document');
      return done;
    } catch (err) {
      await cancelApproved(ctx, approved);
      throw err;
    }
  });
}
