/**
 * The open check as main keeps it, the line the cashier has selected, the quantity typed with `*`
 * for the next item, and the last paid check until "Новый чек".
 */
import { createSlice, isDraft, original, type Draft, type PayloadAction } from '@reduxjs/toolkit';
import type { CheckLine, FiscalDocument, OpenCheck, PaymentForm, PrintOutcome } from '../../preload/contract/index.js';
import { server } from './server.js';
import { statusLoaded } from './session.js';

export type PaidCheck = {
  document: FiscalDocument;
  change: number;
  /** What was paid by each form (cash as tendered), for the summary beside the receipt. */
  payments: { form: PaymentForm; amount: number }[];
  print: PrintOutcome | null;
};

/** A marked item waiting for its DataMatrix code before it goes into the check. */
export type MarkRequest = { itemId: number; name: string; quantity: number | null };

type SaleState = {
  readonly check: OpenCheck | null;
  readonly paid: PaidCheck | null;
  /** The line the keyboard acts on (quantity, discount, delete); the newest line by default. */
  readonly selectedLineId: number | null;
  /** "3*" typed before a scan: thousandths for the next item only. */
  readonly pendingQuantity: number | null;
  readonly markRequest: MarkRequest | null;
  /** When the check shown was last known to be main's: a read of it started earlier is stale (ms). */
  readonly knownAt: number;
};

const initialState: SaleState = { check: null, paid: null, selectedLineId: null, pendingQuantity: null, markRequest: null, knownAt: 0 };

/** The moment main's answer was taken in, for `knownAt`. */
const now = <P>(payload: P) => ({ payload, meta: { at: Date.now() } });

/** The line the cashier chose (↑↓, a click, the last one added), while it is in the check. */
export const selectedLineOf = (sale: Pick<SaleState, 'check' | 'selectedLineId'>): CheckLine | null =>
  sale.check?.lines.find((l) => l.id === sale.selectedLineId) ?? null;

const newestLineId = (check: OpenCheck): number | null => check.lines.reduce<number | null>((m, l) => (m === null || l.id > m ? l.id : m), null);

/** Two JSON values alike (main's answers are plain data: no dates, no cycles). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.length === Object.keys(b).length && ka.every((k) => k in rb && same(ra[k], rb[k]));
}

/**
 * The check main sent, sharing what did not change with the one shown: the same check (the answer
 * to a scan after `sale.changed` brought it, or the other way round) is not drawn twice, and a new
 * line draws only its own row (the rows are memoized on their line).
 */
function shared(before: OpenCheck | null, check: OpenCheck): OpenCheck {
  if (before === null) return check;
  if (same(before, check)) return before;
  const old = new Map(before.lines.map((l) => [l.id, l]));
  return {
    ...check,
    lines: check.lines.map((l) => {
      const o = old.get(l.id);
      return o && same(o, l) ? o : l;
    }),
  };
}

/** Sets the check unless it is the one shown; the state keeps its identity when nothing changed. */
function setCheck(state: Draft<SaleState>, check: OpenCheck): void {
  const before = state.check === null ? null : isDraft(state.check) ? (original(state.check) as OpenCheck) : (state.check as OpenCheck);
  const next = shared(before, check);
  if (next !== before) state.check = next;
}

/**
 * The selection stays on its line while that line exists; a selection on the newest line moves on
 * to a line added since (in this window or another), as it does after a scan here.
 */
function loaded(state: Draft<SaleState>, check: OpenCheck): void {
  const wasNewest = state.check === null || state.selectedLineId === null || state.selectedLineId === newestLineId(state.check);
  setCheck(state, check);
  if (!check.lines.some((l) => l.id === state.selectedLineId) || wasNewest) state.selectedLineId = newestLineId(check);
}

export const saleSlice = createSlice({
  name: 'sale',
  initialState,
  reducers: {
    /** The check as main answered a command; the selection stays on its line while that line exists. */
    checkLoaded: {
      reducer(state, action: PayloadAction<OpenCheck, string, { at: number }>) {
        loaded(state, action.payload);
        state.knownAt = Math.max(state.knownAt, action.meta.at);
      },
      prepare: (check: OpenCheck) => now(check),
    },
    /** A line was added: it becomes the selected one and the typed quantity is used up. */
    lineAdded: {
      reducer(state, action: PayloadAction<OpenCheck, string, { at: number }>) {
        setCheck(state, action.payload);
        const newest = newestLineId(action.payload);
        if (state.selectedLineId !== newest) state.selectedLineId = newest;
        if (state.pendingQuantity !== null) state.pendingQuantity = null;
        state.knownAt = Math.max(state.knownAt, action.meta.at);
      },
      prepare: (check: OpenCheck) => now(check),
    },
    lineSelected(state, action: PayloadAction<number | null>) {
      state.selectedLineId = action.payload;
    },
    /** Moves the selection up (-1) or down (+1) the lines. */
    selectionMoved(state, action: PayloadAction<number>) {
      const lines = state.check?.lines ?? [];
      if (lines.length === 0) return;
      const at = lines.findIndex((l) => l.id === state.selectedLineId);
      const next = at < 0 ? lines.length - 1 : Math.min(lines.length - 1, Math.max(0, at + action.payload));
      state.selectedLineId = lines[next]!.id;
    },
    markCodeAsked(state, action: PayloadAction<MarkRequest>) {
      state.markRequest = action.payload;
      state.pendingQuantity = null;
    },
    markCodeDone(state) {
      state.markRequest = null;
    },
    pendingQuantitySet(state, action: PayloadAction<number | null>) {
      state.pendingQuantity = action.payload;
    },
    checkPaid: {
      reducer(state, action: PayloadAction<PaidCheck, string, { at: number }>) {
        state.paid = action.payload;
        // Main's check is empty now; the screen loads it again for the next customer.
        state.check = null;
        state.selectedLineId = null;
        state.pendingQuantity = null;
        state.knownAt = Math.max(state.knownAt, action.meta.at);
      },
      prepare: (paid: PaidCheck) => now(paid),
    },
    newCheckStarted(state) {
      state.paid = null;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(statusLoaded, (state, action) => {
      if (!action.payload.user) return initialState;
      return state;
    });
    // Main's check read (entering the screen, «Новый чек», its tag marked changed); `sale.changed` is checkLoaded.
    builder.addMatcher(server.endpoints['sale.current'].matchFulfilled, (state, action) => {
      // A read that started before a command answered (a slow read on opening the screen, then a
      // scan) carries the check from before that command: it must not undo it.
      if (action.meta.startedTimeStamp < state.knownAt) return;
      loaded(state, action.payload);
      state.knownAt = action.meta.startedTimeStamp;
    });
  },
});

export const { checkLoaded, lineAdded, lineSelected, selectionMoved, markCodeAsked, markCodeDone, pendingQuantitySet, checkPaid, newCheckStarted } =
  saleSlice.actions;
