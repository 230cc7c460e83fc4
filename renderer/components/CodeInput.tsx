import { forwardRef, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { toAscii } from '../../common/keyboard-layout.js';
import { asciiOfKey } from '../app/codes.js';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  readonly value: string;
  readonly onValue: (value: string) => void;
};

/**
 * A field for machine codes (a check's QR, a marking code): whatever the keyboard layout, each
 * key is read as the US key the scanner pressed, so a URL scanned on a Russian layout stays a URL.
 */
export const CodeInput = forwardRef<HTMLInputElement, Props>(function CodeInput({ value, onValue, onKeyDown, className, ...rest }, ref) {
  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    onKeyDown?.(e);
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || e.key === 'Enter') return;
    const ch = asciiOfKey(e.key, e.code, e.shiftKey, true);
    if (ch === null) return;
    e.preventDefault();
    const el = e.currentTarget;
    const from = el.selectionStart ?? value.length;
    const to = el.selectionEnd ?? from;
    onValue(value.slice(0, from) + ch + value.slice(to));
    requestAnimationFrame(() => el.setSelectionRange(from + 1, from + 1));
  };
  return (
    <input
      ref={ref}
      className={['input', 'input-code', className].filter(Boolean).join(' ')}
      autoComplete="off"
      spellCheck={false}
      value={value}
      onChange={(e) => onValue(toAscii(e.target.value))}
      onKeyDown={keyDown}
      {...rest}
    />
  );
});
