import { forwardRef, useState, type ReactNode } from 'react';
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

/** A number field with the on-screen keypad beside it: the same value from the keyboard or a finger. */
export const KeypadField = forwardRef<HTMLInputElement, Props>(function KeypadField(
  { label, value, onChange, testId, hint, error, decimal = true, replaceOnFirstKey = false, autoFocus = false, maxLength = 12, className, showKeypad = true },
  ref,
) {
  const [fresh, setFresh] = useState(replaceOnFirstKey);
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
          value={value}
          onChange={(e) => {
            setFresh(false);
            onChange(e.target.value.replace(',', '.'));
          }}
        />
        {hint && <span className="field-hint">{hint}</span>}
        {error && <span className="field-error">{error}</span>}
      </label>
      {showKeypad && (
        <Keypad
          decimal={decimal}
          testId={`${testId}-keypad`}
          onKey={(k) => {
            onChange(applyKey(fresh ? '' : value, k, maxLength));
            setFresh(false);
          }}
        />
      )}
    </div>
  );
});
