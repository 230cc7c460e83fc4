import { forwardRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { KeyPace, MAX_GAP_MS } from '../app/codes.js';
import { ru } from '../i18n/ru.js';
import { applyKey, Keypad } from './Keypad.js';

type Props = {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly testId: string;
  readonly hint?: ReactNode;
  readonly error?: string | null;
  /** Decimal point on the keypad (money, weight). */
  readonly decimal?: boolean;
  /** The prefilled value is replaced by the first key, as on a calculator. */
  readonly replaceOnFirstKey?: boolean;
  readonly autoFocus?: boolean;
  readonly maxLength?: number;
  readonly className?: string;
  readonly showKeypad?: boolean;
};

/**
 * A number field with the on-screen keypad beside it: the same value from the keyboard or a finger.
 * A code a scanner typed into it (the cashier scanned while it had the focus) is never taken as the
 * number: its Enter submits nothing, the field is emptied and says why — a 6-digit shop code in the
 * cash-in amount was 123 456.00 BYN put in.
 */
export const KeypadField = forwardRef<HTMLInputElement, Props>(function KeypadField(
  { label, value, onChange, testId, hint, error, decimal = true, replaceOnFirstKey = false, autoFocus = false, maxLength = 12, className, showKeypad = true },
  ref,
) {
  const [fresh, setFresh] = useState(replaceOnFirstKey);
  // The keys typed since the field was last empty or slow: a scanner's burst, or a person.
  const [pace] = useState(() => new KeyPace());
  const [scanned, setScanned] = useState(false);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      // A scanner's Enter follows its last character at once.
      const burst = pace.since(e.timeStamp) <= MAX_GAP_MS && pace.scannerLike;
      pace.reset();
      if (!burst) return;
      e.preventDefault();
      e.stopPropagation();
      onChange('');
      setScanned(true);
      return;
    }
    if (e.key.length !== 1 || e.ctrlKey || e.altKey || e.metaKey) return;
    if (pace.since(e.timeStamp) > MAX_GAP_MS) pace.reset();
    pace.add(e.timeStamp);
    if (scanned) setScanned(false);
  };
  return (
    <div className={['keypad-field', className].filter(Boolean).join(' ')}>
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          ref={ref}
          className="input input-money"
          data-testid={testId}
          inputMode="decimal"
          autoComplete="off"
          autoFocus={autoFocus}
          maxLength={maxLength}
          onFocus={(e) => e.currentTarget.select()}
          onKeyDown={onKeyDown}
          value={value}
          onChange={(e) => {
            setFresh(false);
            onChange(e.target.value.replace(',', '.'));
          }}
        />
        {hint && <span className="field-hint">{hint}</span>}
        {(scanned || error) && (
          <span className="field-error" data-testid={scanned ? `${testId}-scanned` : undefined}>
            {scanned ? ru.scannedIntoNumber : error}
          </span>
        )}
      </label>
      {showKeypad && (
        <Keypad
          decimal={decimal}
          testId={`${testId}-keypad`}
          onKey={(k) => {
            onChange(applyKey(fresh ? '' : value, k, maxLength));
            setFresh(false);
            pace.reset();
            setScanned(false);
          }}
        />
      )}
    </div>
  );
});
