/**
 * What the sale screen asks of main: a scan, a PLU code, an item from the search, a line removed.
 * Additions run one after another, so a fast series of scans lands in order. Weighted goods are
 * weighed by main (`weigh: true`: the scale's stable weight); marked goods wait for their code.
 */
import type { ApiError, CatalogueItem, MethodInput, OpenCheck, Result } from '../../../preload/contract/index.js';
import { noticeShown, noticesCleared } from '../../app/notices.js';
import { checkLoaded, lineAdded, markCodeAsked } from '../../app/sale.js';
import { call, type AppThunk } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { gs1Kind, isValidGs1 } from '../../../common/barcode.js';
import { toAscii } from '../../../common/keyboard-layout.js';
import { readScan } from '../../app/codes.js';

let queue: Promise<unknown> = Promise.resolve();

/** Runs additions to the check strictly in the order they were asked for. */
function inOrder<T>(run: () => Promise<T>): Promise<T> {
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/** A changed check from main goes to the store; the error (if any) to the notice area. */
function applied(r: Result<OpenCheck>, added = false): AppThunk<boolean> {
  return (dispatch) => {
    if (r.ok) dispatch(added ? lineAdded(r.value) : checkLoaded(r.value));
    // Stock with the «warn» policy: sold all the same, the cashier is told the balance goes below zero.
    if (r.ok && r.value.stockWarning) dispatch(noticeShown('info', r.value.stockWarning));
    return r.ok;
  };
}

function showError(error: ApiError): AppThunk<false> {
  return (dispatch) => {
    dispatch(noticeShown('error', error.message, error.code));
    return false;
  };
}

/**
 * Main's question about an unusual quantity (CONFIRM_REQUIRED): the sale screen asks the cashier
 * and says whether to resend. Until a screen registers, the question counts as declined.
 */
type AskCashier = (question: string) => Promise<boolean>;
let askCashier: AskCashier = () => Promise.resolve(false);

/** The sale screen's dialog for main's questions; returns the unregister function. */
export function answerQuestionsWith(ask: AskCashier): () => void {
  askCashier = ask;
  return () => {
    if (askCashier === ask) askCashier = () => Promise.resolve(false);
  };
}

/** Declined by the cashier: nothing changed and there is nothing to report. */
const DECLINED = { ok: false, error: { code: 'CONFIRM_REQUIRED', message: '' } } as const satisfies Result<never>;

/** Sends; when main asks to confirm, asks the cashier and sends again with `confirmed: true`. */
async function sentConfirmed<T>(send: (confirmed: boolean) => Promise<Result<T>>): Promise<Result<T>> {
  const r = await send(false);
  if (r.ok || r.error.code !== 'CONFIRM_REQUIRED') return r;
  if (!(await askCashier(r.error.message))) return DECLINED;
  return send(true);
}

/** The error of a refused change, except a question the cashier declined. */
function shownError(error: ApiError): AppThunk<false> {
  return (dispatch) => (error === DECLINED.error ? false : dispatch(showError(error)));
}

const yes = (confirmed: boolean) => (confirmed ? { confirmed: true as const } : {});

type ItemQuantity = { quantity?: number; weigh?: true };

/** Typed quantity wins; weighted goods without one are weighed; other goods default to 1. */
function quantityOf(item: Pick<CatalogueItem, 'weighted'>, quantity: number | null): ItemQuantity {
  if (quantity !== null) return { quantity };
  return item.weighted ? { weigh: true } : {};
}

/**
 * The price of an item whose price is entered at sale: the sale screen's dialog asks the cashier
 * (null: cancelled). Until a screen registers, nothing is added.
 */
type AskPrice = (item: Pick<CatalogueItem, 'name' | 'price'>) => Promise<number | null>;
let askPrice: AskPrice = () => Promise.resolve(null);

/** The sale screen's price dialog; returns the unregister function. */
export function askPriceWith(ask: AskPrice): () => void {
  askPrice = ask;
  return () => {
    if (askPrice === ask) askPrice = () => Promise.resolve(null);
  };
}

/** An item known by id: marked goods first ask for their DataMatrix code. */
function addKnownItem(item: CatalogueItem, quantity: number | null): AppThunk<Promise<boolean>> {
  return async (dispatch) => {
    if (item.marked) {
      dispatch(markCodeAsked({ itemId: item.id, name: item.name, quantity }));
      return true;
    }
    let price: { price?: number } = {};
    if (item.freePrice) {
      const typed = await askPrice(item);
      if (typed === null) return false;
      price = { price: typed };
    }
    const r = await sentConfirmed((c) => dispatch(call('sale.addItem', { itemId: item.id, ...price, ...quantityOf(item, quantity), ...yes(c) }, { quiet: true })));
    return r.ok ? dispatch(applied(r, true)) : dispatch(shownError(r.error));
  };
}

/**
 * Main refused a barcode or PLU given alone: when the item is weighed or marked, that is the
 * reason, and the till weighs it or asks for the code; otherwise main's message stands.
 */
function retryAsKnownItem(find: () => Promise<CatalogueItem | null>, error: ApiError, quantity: number | null): AppThunk<Promise<boolean>> {
  return async (dispatch) => {
    // Main says which item wants weighing: weigh it straight away.
    const details = (error.details ?? {}) as { weightRequired?: boolean; itemId?: number };
    if (error.code === 'VALIDATION' && details.weightRequired && typeof details.itemId === 'number' && quantity === null) {
      const itemId = details.itemId;
      const r = await sentConfirmed((c) => dispatch(call('sale.addItem', { itemId, weigh: true, ...yes(c) }, { quiet: true })));
      return r.ok ? dispatch(applied(r, true)) : dispatch(shownError(r.error));
    }
    if (error.code === 'VALIDATION' || error.code === 'CONFLICT') {
      const item = await find();
      if (item && (item.marked || item.freePrice || (item.weighted && quantity === null))) return dispatch(addKnownItem(item, quantity));
    }
    return dispatch(shownError(error));
  };
}

/** An item picked in the search. */
export function addCatalogueItem(item: CatalogueItem, quantity: number | null): AppThunk<Promise<boolean>> {
  return (dispatch) => inOrder(() => dispatch(addKnownItem(item, quantity)));
}

/** The marked item with the DataMatrix code the cashier scanned for it; the dialog shows the error itself. */
export function addMarkedItem(itemId: number, markCode: string, quantity: number | null): AppThunk<Promise<Result<OpenCheck>>> {
  return (dispatch) =>
    inOrder(async () => {
      const r = await dispatch(call('sale.addItem', { itemId, markCode, ...(quantity === null ? {} : { quantity }) }, { quiet: true }));
      dispatch(applied(r, true));
      return r;
    });
}

/** The item with this barcode (6–14 digits), or null. */
export function findByBarcode(barcode: string): AppThunk<Promise<CatalogueItem | null>> {
  return async (dispatch) => {
    if (!/^\d{6,14}$/.test(barcode)) return null;
    const r = await dispatch(call('catalogue.byBarcode', { barcode }, { quiet: true }));
    return r.ok ? r.value : null;
  };
}

/** The item whose PLU code is exactly this. */
export function findByCode(code: string): AppThunk<Promise<CatalogueItem | null>> {
  return async (dispatch) => {
    const r = await dispatch(call('catalogue.search', { query: code, limit: 20 }, { quiet: true }));
    return r.ok ? (r.value.find((i) => i.code === code) ?? null) : null;
  };
}

/**
 * A code from a scanner (keyboard wedge, serial port) or a barcode typed whole. A GS1 code with a
 * wrong check digit is refused here at once; everything else is main's `sale.scan` (layout,
 * DataMatrix, weight labels, unknown codes).
 */
export function addScanned(raw: string, quantity: number | null): AppThunk<Promise<boolean>> {
  return (dispatch) =>
    inOrder(async () => {
      const scan = readScan(raw);
      if (scan.kind === 'bad-check-digit') {
        dispatch(noticesCleared()); // a new scan: the last one's message is stale
        dispatch(noticeShown('error', ru.sale.scannedBadCheckDigit(scan.code)));
        return false;
      }
      const input: MethodInput<'sale.scan'> = quantity === null ? { code: scan.code } : { code: scan.code, quantity };
      // The last scan's message goes with this one's answer, in the frame that draws its line.
      const r = await sentConfirmed((c) => dispatch(call('sale.scan', { ...input, ...yes(c) }, { quiet: true, noticesStaleAtAnswer: true })));
      if (r.ok) return dispatch(applied(r, true));
      return dispatch(retryAsKnownItem(() => dispatch(findByBarcode(scan.code)), r.error, quantity));
    });
}

/**
 * What the entry line holds after "[quantity*]": a valid barcode is a barcode; otherwise a PLU code;
 * a GS1-length code with a wrong check digit that is no PLU either is said to be mistyped.
 */
export function addByTypedCode(typed: string, quantity: number | null): AppThunk<Promise<boolean>> {
  return (dispatch) => {
    const code = toAscii(typed).trim();
    if (isValidGs1(code)) return dispatch(addScanned(code, quantity));
    if (!/^[0-9A-Za-z-]{1,20}$/.test(code)) return dispatch(addScanned(code, quantity));
    return inOrder(async () => {
      const r = await sentConfirmed((c) => dispatch(call('sale.addItem', { plu: code, ...(quantity === null ? {} : { quantity }), ...yes(c) }, { quiet: true })));
      if (r.ok) return dispatch(applied(r, true));
      if (r.error.code === 'NOT_FOUND') {
        if (gs1Kind(code)) {
          dispatch(noticeShown('error', ru.sale.typedBadCheckDigit(code)));
          return false;
        }
        // A shop's own barcode (not GS1) typed by hand.
        if (/^\d{6,14}$/.test(code)) {
          const s = await sentConfirmed((c) => dispatch(call('sale.scan', { code, ...(quantity === null ? {} : { quantity }), ...yes(c) }, { quiet: true })));
          if (s.ok) return dispatch(applied(s, true));
          if (s.error === DECLINED.error) return false;
        }
        return dispatch(showError(r.error));
      }
      return dispatch(retryAsKnownItem(() => dispatch(findByCode(code)), r.error, quantity));
    });
  };
}

export function removeLine(lineId: number, adminPassword?: string): AppThunk<Promise<boolean>> {
  const input = adminPassword === undefined ? { lineId } : { lineId, adminPassword };
  return (dispatch) => inOrder(async () => dispatch(applied(await dispatch(call('sale.removeLine', input)))));
}

export function setQuantity(lineId: number, quantity: number): AppThunk<Promise<boolean>> {
  return (dispatch) =>
    inOrder(async () => {
      const r = await sentConfirmed((c) => dispatch(call('sale.setQuantity', { lineId, quantity, ...yes(c) }, { quiet: true })));
      return r.ok ? dispatch(applied(r)) : dispatch(shownError(r.error));
    });
}

export function cancelCheck(): AppThunk<Promise<boolean>> {
  return (dispatch) =>
    inOrder(async () => {
      const ok = dispatch(applied(await dispatch(call('sale.cancel'))));
      if (ok) dispatch(noticeShown('info', ru.sale.cancelDone));
      return ok;
    });
}

/** A free-price line of a section (sum mode); an unusual quantity is asked about like an item's. */
export function addSectionLine(input: { section: number; amount: number; quantity?: number }): AppThunk<Promise<boolean>> {
  return (dispatch) =>
    inOrder(async () => {
      const r = await sentConfirmed((c) => dispatch(call('sale.addSection', { ...input, ...yes(c) }, { quiet: true })));
      return r.ok ? dispatch(applied(r, true)) : dispatch(shownError(r.error));
    });
}

/** Any other change of the open check (discounts, park, resume, section): main's answer is the check. */
export function changeCheck(run: () => Promise<Result<OpenCheck>>, added = false): AppThunk<Promise<boolean>> {
  return (dispatch) => inOrder(async () => dispatch(applied(await run(), added)));
}
