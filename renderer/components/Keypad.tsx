import { ru } from '../i18n/ru.js';

export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'back' | 'clear';

type Props = {
  readonly onKey: (key: KeypadKey) => void;
  /** Show the decimal point key (money input) instead of "clear". */
  readonly decimal?: boolean;
  readonly testId?: string;
};

const DIGITS: readonly KeypadKey[] = ['7', '8', '9', '4', '5', '6', '1', '2', '3'];

/**
 * The on-screen numeric keypad. Its buttons never take the focus, so the physical keyboard and
 * the scanner keep typing into the same field.
 */
export function Keypad({ onKey, decimal = false, testId = 'keypad' }: Props) {
  const key = (k: KeypadKey, label: string, cls = '') => (
    <button
      key={k}
      type="button"
      tabIndex={-1}
      className={`keypad-key ${cls}`}
      data-testid={`${testId}-${k}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onKey(k)}
    >
      {label}
    </button>
  );
  return (
    <div className="keypad" data-testid={testId}>
      {DIGITS.map((d) => key(d, d))}
      {decimal ? key('.', '.') : key('clear', ru.keypad.clear, 'keypad-small')}
      {key('0', '0')}
      {key('back', '⌫', 'keypad-back')}
    </div>
  );
}

/** Applies a keypad key to a text value. */
export function applyKey(value: string, k: KeypadKey, maxLength = 64): string {
  if (k === 'back') return value.slice(0, -1);
  if (k === 'clear') return '';
  if (value.length >= maxLength) return value;
  if (k === '.' && value.includes('.')) return value;
  return value + k;
}
