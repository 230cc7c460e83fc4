import { useState } from 'react';
import type { DocumentDetail, FiscalDocument, PrintOutcome } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { Receipt } from '../../components/Receipt.js';
import { canCall } from '../../app/access.js';
import { formatMoney } from '../../../common/money.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { returnStarted } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';
import { PrintOutcomeNotice } from '../devices/PrintPreview.js';
import { DocumentFiscal } from '../fiscal/DocumentFiscal.js';
import { AnnulDialog } from './AnnulDialog.js';
import { CopyDialog } from './CopyDialog.js';

type Props = { readonly id: number };

/** One document: its receipt, what it refers to, and what can be done with it (copy, print, annul, return). */
export function DocumentDetailPane({ id }: Props) {
  const read = useRead('documents.get', { id });
  // While another document is read, the last one does not stand in for it.
  const current = read.data?.id === id ? read : { ...read, data: undefined };
  return (
    <Loaded read={current} testId="doc-detail">
      {(doc) => <DocumentDetailView doc={doc} />}
    </Loaded>
  );
}

function DocumentDetailView({ doc }: { readonly doc: DocumentDetail }) {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const [copy, setCopy] = useState<FiscalDocument | null>(null);
  const [annulling, setAnnulling] = useState(false);
  /** The annulment just made here: its print outcome stays on screen until another document is opened. */
  const [annulment, setAnnulment] = useState<{ id: number; of: number; name: string; print?: PrintOutcome | undefined } | null>(null);

  const name = ru.docName(doc.kind, doc.numberInShift, doc.shiftNumber);
  const ref = (r: NonNullable<DocumentDetail['refersTo']>) => ru.docName(r.kind, r.numberInShift, r.shiftNumber);
  const annullable = ['sale', 'return', 'cash_in', 'cash_out'].includes(doc.kind) && doc.annulledBy === null;

  const makeCopy = async () => {
    const r = await dispatch(call('documents.copy', { id: doc.id }));
    if (r.ok) setCopy(r.value);
  };
  const printCopy = async () => {
    const r = await dispatch(call('documents.print', { id: doc.id, copy: true }));
    if (r.ok) dispatch(noticeShown(r.value.printed ? 'success' : 'error', r.value.printed ? ru.documents.printed : (r.value.message ?? ru.errors.unexpected)));
  };

  return (
    <div className="doc-detail" data-testid="doc-detail" data-document-id={doc.id}>
      <div className="doc-detail-head">
        <h2 data-testid="doc-detail-title">{name}</h2>
        <span className="doc-detail-total num">
          {formatMoney(doc.total)} {doc.currency !== 'BYN' ? doc.currency : ''}
        </span>
      </div>
      <div className="doc-detail-notes muted small">
        {doc.refersTo && <p>{ru.documents.refersTo(ref(doc.refersTo))}</p>}
        {doc.annulledBy && (
          <p className="till-warn" data-testid="doc-annulled-by">
            {ru.documents.annulledBy(ref(doc.annulledBy))}
          </p>
        )}
        {doc.reason && <p>{ru.documents.reason(doc.reason)}</p>}
        {annulment?.of === doc.id && <PrintOutcomeNotice documentId={annulment.id} print={annulment.print} testId="annul-print" about={annulment.name} />}
        {doc.kind === 'sale' && doc.returnedTotal > 0 && <p>{ru.documents.returnedTotal(formatMoney(doc.returnedTotal))}</p>}
      </div>
      <div className="doc-detail-actions">
        <Button onClick={() => void makeCopy()} verdict={canCall('documents.copy', status)} data-testid="doc-copy">
          {ru.documents.copy}
        </Button>
        <Button onClick={() => void printCopy()} verdict={canCall('documents.print', status)} data-testid="doc-print">
          {ru.documents.printCopy}
        </Button>
        {doc.kind === 'sale' && (
          <Button
            onClick={() => dispatch(returnStarted(doc.id))}
            verdict={canCall('returns.byCheck', status)}
            disabled={doc.annulledBy !== null}
            data-testid="doc-return"
          >
            {ru.documents.toReturn}
          </Button>
        )}
        {annullable && (
          <Button variant="danger" onClick={() => setAnnulling(true)} verdict={canCall('documents.annul', status)} data-testid="doc-annul">
            {ru.documents.annul}
          </Button>
        )}
      </div>
      <DocumentFiscal id={doc.id} key={doc.id} />
      <Receipt lines={doc.receipt} testId="doc-receipt" />
      {copy && <CopyDialog title={ru.documents.copyTitle} receipt={copy.receipt} onClose={() => setCopy(null)} />}
      {annulling && (
        <AnnulDialog
          doc={doc}
          onClose={() => setAnnulling(false)}
          onDone={(made) => {
            setAnnulment({ ...made, of: doc.id });
            setAnnulling(false);
          }}
        />
      )}
    </div>
  );
}
