import { Button } from '../../components/Button.js';
import { useWindowKeys } from '../../app/useWindowKeys.js';
import { Receipt } from '../../components/Receipt.js';
import type { PaidCheck } from '../../app/sale.js';
import { formatMoney } from '../../../common/money.js';
import { ru } from '../../i18n/ru.js';
import { PrintOutcomeNotice, TrainingPrintPreview } from '../devices/PrintPreview.js';

/** After payment: the change in big digits, the forms paid, and the receipt as printed. */
export function PaidView({ paid, onNewCheck }: { readonly paid: PaidCheck; readonly onNewCheck: () => void }) {
  const { document, change, payments, print } = paid;
  useWindowKeys((e) => {
    if (e.key === 'Enter' || e.key === 'Escape') {
      e.preventDefault();
      onNewCheck();
    }
  });

  return (
    <div className="screen paid-screen" data-testid="screen-paid">
      <section className="card paid-summary">
        <h1 data-testid="paid-title">{ru.receipt.paid(document.checkNumber, document.numberInShift)}</h1>
        <dl className="figures figures-large">
          <dt>{ru.receipt.total}</dt>
          <dd data-testid="paid-total">{formatMoney(document.total)}</dd>
          {payments.map((p) => (
            <PaymentRow key={p.form} label={p.form === 'cash' ? ru.payment.tendered : ru.paymentForms[p.form]} amount={p.amount} form={p.form} />
          ))}
        </dl>
        <div className="change-box">
          <span>{ru.receipt.change}</span>
          <span className="change-amount num" data-testid="paid-change">
            {formatMoney(change)}
          </span>
        </div>
        <p className={document.fiscal ? 'muted' : 'till-warn'} data-testid="paid-fiscal">
          {document.fiscal ? `${ru.receipt.sentToSko}: ${document.fiscal.skoDocId}` : ru.receipt.queued}
        </p>
        <PrintOutcomeNotice documentId={document.id} print={print} testId="paid-print" />
        <Button variant="primary" size="large" autoFocus onClick={onNewCheck} shortcut="Enter" data-testid="sale-new-check">
          {ru.receipt.newCheck}
        </Button>
      </section>
      <section className="paid-receipt">
        <Receipt lines={document.receipt} testId="receipt" />
        <TrainingPrintPreview />
      </section>
    </div>
  );
}

function PaymentRow({ label, amount, form }: { readonly label: string; readonly amount: number; readonly form: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={`paid-form-${form}`}>{formatMoney(amount)}</dd>
    </>
  );
}
