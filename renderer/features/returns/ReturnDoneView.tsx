import type { FiscalDocument, PaymentForm, PrintOutcome } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { useWindowKeys } from '../../app/useWindowKeys.js';
import { useScanOpensSale } from '../sale/useScanOpensSale.js';
import { Receipt } from '../../components/Receipt.js';
import { formatMoney } from '../../../common/money.js';
import { ru } from '../../i18n/ru.js';
import { PrintOutcomeNotice } from '../devices/PrintPreview.js';

export type ReturnDone = {
  readonly document: FiscalDocument;
  readonly refunds: readonly { form: PaymentForm; amount: number }[];
  readonly print?: PrintOutcome | undefined;
};

/** The return made: what to give back in which form, and the return receipt. */
export function ReturnDoneView({ done, onNext }: { readonly done: ReturnDone; readonly onNext: () => void }) {
  useWindowKeys((e) => {
    if (e.key === 'Enter' || e.key === 'Escape') {
      e.preventDefault();
      onNext();
    }
  });
  // The next customer's item scanned here: the sale opens with it.
  useScanOpensSale({ enabled: true, onTyped: (_text, enter) => enter && onNext() });
  const { document } = done;
  return (
    <div className="screen paid-screen" data-testid="screen-return-done">
      <section className="card paid-summary">
        <h1 data-testid="return-done-title">{ru.returns.doneTitle(document.checkNumber, document.numberInShift)}</h1>
        {document.refersTo && (
          <p className="muted">{ru.returns.of(ru.docName(document.refersTo.kind, document.refersTo.numberInShift, document.refersTo.shiftNumber))}</p>
        )}
        {document.reason && <p className="muted">{ru.documents.reason(document.reason)}</p>}
        <h3>{ru.returns.refunds}</h3>
        <dl className="figures figures-large" data-testid="return-refunds">
          {done.refunds.map((r) => (
            <Refund key={r.form} form={r.form} amount={r.amount} />
          ))}
        </dl>
        <div className="change-box">
          <span>{ru.returns.total}</span>
          <span className="change-amount num" data-testid="return-total">
            {formatMoney(document.total)}
          </span>
        </div>
        <p className={document.fiscal ? 'muted' : 'till-warn'}>{document.fiscal ? `${ru.receipt.sentToSko}: ${document.fiscal.skoDocId}` : ru.receipt.queued}</p>
        <PrintOutcomeNotice documentId={document.id} print={done.print} testId="return-print" />
        <Button variant="primary" size="large" autoFocus onClick={onNext} shortcut="Enter" data-testid="return-next">
          {ru.returns.next}
        </Button>
      </section>
      <section className="paid-receipt">
        <Receipt lines={document.receipt} testId="return-receipt" />
      </section>
    </div>
  );
}

function Refund({ form, amount }: { readonly form: PaymentForm; readonly amount: number }) {
  return (
    <>
      <dt>{ru.paymentForms[form]}</dt>
      <dd data-testid={`return-refund-${form}`}>{formatMoney(amount)}</dd>
    </>
  );
}
