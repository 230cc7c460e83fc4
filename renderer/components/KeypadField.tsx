import { forwardRef, useState, type ReactNode } from 'react';
import { ru } from '../i18n/ru.js';
import { applyKey, Keypad } from './Keypad.js';
import { useScanGuard } from './useScanGuard.js';

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
  /** A code a scanner typed into the field, taken for what it is (a discount card): the field keeps its value. Without it the code is refused. */
  readonly onScanned?: (code: string) => void;
};

/**
 * A number field with the on-screen keypad beside it: the same value from the keyboard or a finger.
 * A code a scanner typed into it (the cashier scanned while it had the focus) is never taken as the
 * number: its Enter submits nothing, the field is emptied and says why — a 6-digit shop code in the
 * cash-in amount was 123 456.00 BYN put in.
 */
export const KeypadField = forwardRef<HTMLInputElement, Props>(function KeypadField(
  {
    label,
    value,
    onChange,
    testId,
    hint,
    error,
    decimal = true,
    replaceOnFirstKey = false,
    autoFocus = false,
    maxLength = 12,
    className,
    showKeypad = true,
    onScanned,
  },
  ref,
) {
  const [fresh, setFresh] = useState(replaceOnFirstKey);
  const guard = useScanGuard(value, (before, code) => {
    onChange(onScanned ? before : '');
    onScanned?.(code);
  });
  const refused = guard.scanned && !onScanned;
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
          onKeyDown={guard.onKeyDown}
          value={value}
          onChange={(e) => {
            setFresh(false);
            onChange(e.target.value.replace(',', '.'));
          }}
        />
        {hint && <span className="field-hint">{hint}</span>}
        {(refused || error) && (
          <span className="field-error" data-testid={refused ? `${testId}-scanned` : undefined}>
            {refused ? ru.scannedIntoNumber : error}
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
            guard.clear();
          }}
        />
      )}
    </div>
  );
});
