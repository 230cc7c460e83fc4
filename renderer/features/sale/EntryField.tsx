import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { formatQuantity } from '../../../common/money.js';
import { noticeShown } from '../../app/notices.js';
import { pendingQuantitySet } from '../../app/sale.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { toAscii } from '../../../common/keyboard-layout.js';
import { asciiOfKey, parseEntry, starPressed } from '../../app/codes.js';

export type EntryFieldHandle = {
  focus(): void;
  /** Keys typed with no field focused, handed over by the scanner hook. */
  typeIn(text: string, enter: boolean): void;
};

/** As long as `sale.scan` takes: a GS1 DataMatrix of marked goods runs past 100 characters. */
const MAX_CODE = 300;

type Props = {
  /** The code after "[quantity*]"; the quantity is the pending one from the store. */
  readonly onCode: (code: string, quantity: number | null) => Promise<boolean>;
};

/**
 * The entry line: a barcode or PLU code and Enter; a number and `*` sets the quantity of the next
 * item ("3*" then scan). Keys are read as ASCII whatever the keyboard layout.
 */
export const EntryField = forwardRef<EntryFieldHandle, Props>(function EntryField({ onCode }, ref) {
  const dispatch = useAppDispatch();
  const pending = useAppSelector((s) => s.sale.pendingQuantity);
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // The text as typed so far, for typeIn() calls that come before React re-renders.
  const live = useRef('');
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const set = (text: string) => {
    live.current = text;
    setValue(text);
  };

  /** "3" and `*`: the quantity for the next item, and the line is free for the code. */
  const star = (before: string) => {
    const star = starPressed(before);
    if ('line' in star) {
      dispatch(noticeShown('error', ru.sale.badQuantity));
      set(star.line);
      return;
    }
    const q = star.quantity;
    pendingRef.current = q;
    dispatch(pendingQuantitySet(q));
    set('');
  };

  const submit = async (text: string) => {
    set('');
    const parsed = parseEntry(text);
    if ('error' in parsed) {
      dispatch(noticeShown('error', ru.sale.badQuantity));
      return;
    }
    const quantity = parsed.quantity ?? pendingRef.current;
    if (parsed.code === '') {
      if (parsed.quantity !== null) dispatch(pendingQuantitySet(parsed.quantity));
      return;
    }
    await onCode(parsed.code, quantity);
  };

  const typeChars = (text: string) => {
    let t = live.current;
    for (const ch of toAscii(text)) {
      if (ch === '*') {
        star(t);
        t = live.current;
      } else t += ch;
    }
    set(t);
  };

  useImperativeHandle(ref, () => ({
    focus: () => input.current?.focus(),
    typeIn(text, enter) {
      input.current?.focus();
      typeChars(text);
      if (enter) void submit(live.current);
    },
  }));

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void submit(live.current);
      return;
    }
    if (e.key === 'Escape') {
      // Esc empties the line, then the quantity; on an empty line it is the screen's (back to menu).
      if (live.current === '' && pendingRef.current === null) return;
      e.preventDefault();
      e.stopPropagation();
      if (live.current !== '') set('');
      else dispatch(pendingQuantitySet(null));
      return;
    }
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const ch = asciiOfKey(e.key, e.code, e.shiftKey);
    if (ch === null) return;
    e.preventDefault();
    if (ch === '*') {
      star(live.current);
      return;
    }
    const el = e.currentTarget;
    const from = el.selectionStart ?? live.current.length;
    const to = el.selectionEnd ?? from;
    const next = live.current.slice(0, from) + ch + live.current.slice(to);
    if (next.length > MAX_CODE) return;
    set(next);
    requestAnimationFrame(() => el.setSelectionRange(from + 1, from + 1));
  };

  return (
    <div className="field sale-entry">
      <label className="field-label" htmlFor="sale-barcode">
        {ru.sale.barcode} <kbd>F4</kbd>
      </label>
      <div className="entry-row">
        {pending !== null && (
          <span className="entry-qty" title={ru.sale.pendingQuantityTitle} data-testid="sale-pending-qty">
            {ru.sale.pendingQuantity(formatQuantity(pending))}
          </span>
        )}
        <input
          ref={input}
          id="sale-barcode"
          className="input input-barcode"
          data-testid="sale-barcode"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={MAX_CODE}
          value={value}
          onChange={(e) => set(toAscii(e.target.value))}
          onKeyDown={onKeyDown}
        />
      </div>
      <span className="field-hint">{ru.sale.barcodeHint}</span>
    </div>
  );
});
