import type { ReactNode } from 'react';
import { useWindowKeys } from '../app/useWindowKeys.js';

type Props = {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
  readonly wide?: boolean;
};

/** A modal over the screen; Esc closes it. */
export function Dialog({ title, onClose, children, testId, wide = false }: Props) {
  useWindowKeys(
    (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }
    },
    { capture: true },
  );
  return (
    <div className="dialog-backdrop">
      <div className={`dialog ${wide ? 'dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <h2 className="dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
