import { useState, type FormEvent } from 'react';
import type { DocumentDetail, PrintOutcome } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { noticeShown } from '../../app/notices.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { useRead } from '../../app/server.js';
import { CardRefundFields, EMPTY_REFUND, refundOf, type RefundText } from '../payment/CardSlipFields.js';
import { pay } from '../payment/text.js';

/** Annulment of an erroneous document: asked once more, with a reason; main applies the limits of the settings. */
export function AnnulDialog({
  doc,
  onClose,
  onDone,
}: {
  readonly doc: DocumentDetail;
  readonly onClose: () => void;
  readonly onDone: (annulment: { id: number; name: string; print?: PrintOutcome | undefined }) => void;
}) {
  const dispatch = useAppDispatch();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const name = ru.docName(doc.kind, doc.numberInShift, doc.shiftNumber);
  // A card payment taken on a standalone terminal is cancelled there: the sale's code and the cancel's are typed here.
  const routes = useRead('terminal.routes').data;
  const slipNeeded = routes?.card === 'standalone' && doc.payments.some((p) => p.form === 'card');
  const [refund, setRefund] = useState<RefundText>(EMPTY_REFUND);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const trimmed = reason.trim();
    const r = await dispatch(
      call('documents.annul', { documentId: doc.id, ...(trimmed ? { reason: trimmed } : {}), ...(slipNeeded ? { cardRefund: refundOf(refund) } : {}) }),
    );
    setBusy(false);
    // A wrong or missing code leaves the dialog open with main's message (shown as a notice).
    if (!r.ok && slipNeeded && r.error.code === 'VALIDATION') return;
    if (r.ok) {
      dispatch(noticeShown('success', ru.documents.annulDone(name)));
      onDone({
        id: r.value.document.id,
        name: ru.docName(r.value.document.kind, r.value.document.numberInShift, r.value.document.shiftNumber),
        print: r.value.print,
      });
    } else onClose();
  };

  return (
    <Dialog title={ru.documents.annulTitle} onClose={onClose} testId="annul-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <p className="dialog-text">{ru.documents.annulText(name)}</p>
        <label className="field">
          <span className="field-label">{ru.documents.annulReason}</span>
          <input className="input" autoFocus maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="annul-reason" />
        </label>
        {slipNeeded && <CardRefundFields value={refund} onChange={setRefund} hint={pay.annulHint} codeLabel={pay.cancelCode} testId="annul-card" />}
        <div className="dialog-actions">
          <Button onClick={onClose} shortcut="Esc" data-testid="annul-cancel">
            {ru.cancel}
          </Button>
          <Button type="submit" variant="danger" disabled={busy} data-testid="annul-ok">
            {ru.documents.annul}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
