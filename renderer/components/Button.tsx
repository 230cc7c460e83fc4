import type { ButtonHTMLAttributes, ReactNode } from 'react';
import type { Verdict } from '../app/access.js';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  readonly variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  readonly size?: 'normal' | 'large';
  /** The contract's verdict: a refused button is greyed out and says why. */
  readonly verdict?: Verdict;
  /** A keyboard shortcut shown on the button, e.g. "F10". */
  readonly shortcut?: string;
  readonly children: ReactNode;
};

/** A big, touch-friendly button. */
export function Button({ variant = 'secondary', size = 'normal', verdict, shortcut, disabled, children, className, ...rest }: Props) {
  const refused = verdict !== undefined && !verdict.allowed;
  const reason = verdict && !verdict.allowed ? verdict.reason : undefined;
  return (
    <button
      type="button"
      className={['btn', `btn-${variant}`, `btn-${size}`, className].filter(Boolean).join(' ')}
      disabled={disabled || refused}
      title={reason}
      {...rest}
    >
      <span className="btn-label">{children}</span>
      {shortcut && <kbd className="btn-kbd">{shortcut}</kbd>}
      {reason && <span className="btn-hint">{reason}</span>}
    </button>
  );
}
