import { useEffect, useState } from 'react';
import type { PrintOutcome } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { prn } from './printer-text.js';

/**
 * Training mode: the receipt as the built-in printer emulator printed it — the picture of the
 * paper decoded from the very ESC/POS bytes a real printer would get. Read again whenever a
 * new document was printed; never the last receipt while the new one is read.
 */
export function TrainingPrintPreview() {
  const training = useAppSelector((s) => s.session.status?.trainingMode ?? false);
  const read = useRead('printer.preview', undefined, { skip: !training });
  if (!training || read.isFetching || (read.data === undefined && !read.error)) return null;
  const preview = read.data ?? null;
  return (
    <figure className="print-preview" data-testid="print-preview">
      <figcaption className="muted small">{preview ? prn.preview : prn.previewNone}</figcaption>
      {preview && <img src={preview.png} alt={preview.text.join('\n')} data-testid="print-preview-image" />}
    </figure>
  );
}

/**
 * What became of printing the document just made, on every screen that makes one (sale, X/Z,
 * cash in/out, return, annulment): why it did not print, and the way out — the original again
 * («Напечатать ещё раз»: it never reached the paper) or a copy. A reprint that fails says why too.
 */
export function PrintOutcomeNotice({
  documentId,
  print,
  testId = 'print-outcome',
  about,
}: {
  readonly documentId: number;
  readonly print: PrintOutcome | null | undefined;
  readonly testId?: string;
  /** Names the document when the screen shows another one (the annulment under the annulled check). */
  readonly about?: string;
}) {
  const dispatch = useAppDispatch();
  const [current, setCurrent] = useState(print ?? null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setCurrent(print ?? null), [print, documentId]);
  // No printer set up on purpose: nothing to say on every document.
  if (!current || (current.printed && !current.message) || current.status?.condition === 'off') return null;
  const again = async (copy: boolean) => {
    if (busy) return;
    setBusy(true);
    const r = await dispatch(call('documents.print', { id: documentId, copy }));
    setBusy(false);
    if (!r.ok) return; // the notice area says why (e.g. the original printed already: only a copy)
    setCurrent(r.value);
    if (r.value.printed) dispatch(noticeShown('success', copy ? prn.copied : prn.reprinted));
  };
  const canRetry = !current.printed;
  return (
    <div className="print-outcome" data-testid="print-outcome" data-printed={String(current.printed)}>
      {current.message && (
        <p className={current.printed ? 'muted' : 'till-warn'} data-testid={testId}>
          {about ? `${about}: ${current.message}` : current.message}
        </p>
      )}
      {canRetry && (
        <div className="devices-actions" data-testid="reprint-actions">
          <Button onClick={() => void again(false)} disabled={busy} data-testid="reprint-original">
            {current.skipped ? prn.printNow : prn.reprint}
          </Button>
          {!about && (
            <Button onClick={() => void again(true)} disabled={busy} data-testid="reprint-copy">
              {prn.copy}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
