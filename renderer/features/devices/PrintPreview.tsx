import { useEffect, useState } from 'react';
import type { PrinterPreview, PrintOutcome } from '../../../preload/contract.js';
import { Button } from '../../components/Button.js';
import { noticeShown } from '../../app/notices.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { prn } from './printer-text.js';

/**
 * Training mode: the receipt as the built-in printer emulator printed it — the picture of the
 * paper decoded from the very ESC/POS bytes a real printer would get. `jobAfter` re-reads it
 * whenever a new document was printed.
 */
export function TrainingPrintPreview({ refresh }: { readonly refresh: unknown }) {
  const dispatch = useAppDispatch();
  const training = useAppSelector((s) => s.session.status?.trainingMode ?? false);
  const [preview, setPreview] = useState<PrinterPreview | null | undefined>(undefined);
  useEffect(() => {
    if (!training) return;
    void dispatch(call('printer.preview', {}, { quiet: true })).then((r) => setPreview(r.ok ? r.value : null));
  }, [dispatch, training, refresh]);
  if (!training || preview === undefined) return null;
  return (
    <figure className="print-preview" data-testid="print-preview">
      <figcaption className="muted small">{preview ? prn.preview : prn.previewNone}</figcaption>
      {preview && <img src={preview.png} alt={preview.text.join('\n')} data-testid="print-preview-image" />}
    </figure>
  );
}

/** When a receipt did not print: why, and the way out — the original again, or a copy. */
export function ReprintActions({ documentId, print }: { readonly documentId: number; readonly print: PrintOutcome | null | undefined }) {
  const dispatch = useAppDispatch();
  const [done, setDone] = useState(false);
  if (!print || print.printed || done) return null;
  const again = async (copy: boolean) => {
    const r = await dispatch(call('documents.print', { id: documentId, copy }));
    if (r.ok && r.value.printed) {
      setDone(true);
      dispatch(noticeShown('success', copy ? prn.copied : prn.reprinted));
    } else if (r.ok && r.value.message) dispatch(noticeShown('error', r.value.message));
  };
  return (
    <div className="devices-actions" data-testid="reprint-actions">
      <Button onClick={() => void again(false)} data-testid="reprint-original">
        {prn.reprint}
      </Button>
      <Button onClick={() => void again(true)} data-testid="reprint-copy">
        {prn.copy}
      </Button>
    </div>
  );
}
