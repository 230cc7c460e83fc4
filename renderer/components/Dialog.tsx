import { useEffect, useRef, useState, type ReactNode } from 'react';
import { KeyPace } from '../app/codes.js';
import { SCAN_NOT_TAKEN } from '../app/serialScans.js';
import { fieldHasFocus, useWindowKeys } from '../app/useWindowKeys.js';
import { ru } from '../i18n/ru.js';

type Props = {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
  readonly wide?: boolean;
};

/** The dialog on top: of dialogs one over another (a question over the payment), the last in the page. */
function onTop(dialog: HTMLElement | null): boolean {
  const open = document.querySelectorAll('[role="dialog"]');
  return dialog !== null && open[open.length - 1] === dialog;
}

/**
 * A modal over the screen; Esc closes it (the one on top only). A scanner's Enter answers nothing
 * here: with a button in focus («Да, верно» of «Количество 101 шт — всё верно?»), the next item
 * scanned without a look at the screen pressed it. The dialog says the code was not taken; a field
 * in focus has its own rules (a code field takes the scan, a number field refuses it). A serial
 * scanner's code that nothing takes while the dialog is open is said here too.
 */
export function Dialog({ title, onClose, children, testId, wide = false }: Props) {
  const [pace] = useState(() => new KeyPace());
  const [scanned, setScanned] = useState(false);
  const self = useRef<HTMLDivElement>(null);
  useWindowKeys(
    (e) => {
      if (!onTop(self.current)) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose();
        return;
      }
      if (fieldHasFocus()) return pace.reset();
      if (!pace.endsScan(e)) return;
      e.preventDefault();
      e.stopPropagation();
      setScanned(true);
    },
    { capture: true },
  );
  useEffect(() => {
    const notTaken = () => {
      if (onTop(self.current)) setScanned(true);
    };
    window.addEventListener(SCAN_NOT_TAKEN, notTaken);
    return () => window.removeEventListener(SCAN_NOT_TAKEN, notTaken);
  }, []);
  return (
    <div className="dialog-backdrop">
      <div ref={self} className={`dialog ${wide ? 'dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <h2 className="dialog-title">{title}</h2>
        {children}
        {scanned && (
          <p className="field-error dialog-scanned" role="alert" data-testid="dialog-scanned">
            {ru.scannedIntoDialog}
          </p>
        )}
      </div>
    </div>
  );
}
