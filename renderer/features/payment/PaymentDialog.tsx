import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PaymentForm, PayQr, TerminalMode } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Dialog } from '../../components/Dialog.js';
import { applyKey, Keypad } from '../../components/Keypad.js';
import { useScanGuard } from '../../components/useScanGuard.js';
import { checkPaid } from '../../app/sale.js';
import { formatMoney, parseMoney } from '../../../common/money.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { settle, type Amounts } from './settle.js';
import { useRead } from '../../app/server.js';
import { CardSlipFields, EMPTY_SLIP, slipOf, type SlipText } from './CardSlipFields.js';
import { QrCode } from './QrCode.js';
import { pay } from './text.js';

type Props = { readonly total: number; readonly onClose: () => void };

const NON_CASH: readonly PaymentForm[] = ['card', 'oplati', 'gift', 'noncash', 'advance'];
const FORMS: readonly PaymentForm[] = ['cash', ...NON_CASH];
/** Forms paid through the payment terminal: the customer acts there, the till waits. */
const VIA_TERMINAL: ReadonlySet<PaymentForm> = new Set<PaymentForm>(['card', 'oplati']);

/**
 * Payment, forms mixed in one check: cash (with change) plus card, ОПЛАТИ, gift certificate and
 * other non-cash forms. Only cash gives change; non-cash above the total is refused before sending.
 */
export function PaymentDialog({ total, onClose }: Props) {
  const dispatch = useAppDispatch();
  const [texts, setTexts] = useState<Record<PaymentForm, string>>(() => ({
    cash: formatMoney(total),
    card: '',
    oplati: '',
    gift: '',
    noncash: '',
    advance: '',
  }));
  const [active, setActive] = useState<PaymentForm>('cash');
  // The prefilled cash is replaced by the first key pressed, as on a calculator.
  const [fresh, setFresh] = useState(true);
  const [busy, setBusy] = useState(false);
  const [declined, setDeclined] = useState<string | null>(null);
  // Main asked the cashier to confirm an unusual total (CONFIRM_REQUIRED): its question.
  const [question, setQuestion] = useState<string | null>(null);
  const inputs = useRef<Partial<Record<PaymentForm, HTMLInputElement | null>>>({});
  const training = useAppSelector((st) => st.session.status?.trainingMode ?? false);
  // How card and ОПЛАТИ are taken on this till: a standalone terminal needs the slip's code.
  const routes = useRead('terminal.routes').data;
  const [slip, setSlip] = useState<SlipText>(EMPTY_SLIP);
  // ОПЛАТИ: the QR main asked the gateway for, shown while the customer pays.
  const [qr, setQr] = useState<PayQr | null>(null);
  useEffect(() => window.kassa.on('payment.qr', setQr), []);

  const amounts = Object.fromEntries(FORMS.map((f) => [f, texts[f].trim() === '' ? 0 : parseMoney(texts[f])])) as Amounts;
  const result = settle(total, amounts);
  const terminal = NON_CASH.some((f) => VIA_TERMINAL.has(f) && (amounts[f] ?? 0) > 0);
  const standalone = routes?.card === 'standalone' && (amounts.card ?? 0) > 0;
  const simulated = (routes?.card === 'simulator' && (amounts.card ?? 0) > 0) || (routes?.oplati === 'emulator' && (amounts.oplati ?? 0) > 0);

  // The check changed meanwhile (another window on this till): untouched cash follows the new total.
  useEffect(() => {
    if (fresh) setTexts((t) => ({ ...t, cash: formatMoney(total) }));
  }, [total, fresh]);

  const setText = (form: PaymentForm, value: string) => {
    setDeclined(null);
    setTexts((t) => ({ ...t, [form]: value }));
  };
  // A code scanned into an amount (an item scanned while paying) is not money: the amount stays as it was.
  const guard = useScanGuard(texts[active], (before) => {
    setText(active, before);
    if (active === 'cash' && before === formatMoney(total)) setFresh(true);
  });

  /** Puts what is still due into a form (a non-cash form takes the rest, cash is cleared first). */
  const rest = (form: PaymentForm) => {
    const others = FORMS.filter((f) => f !== form).reduce((sum, f) => sum + (amounts[f] ?? 0), 0);
    const due = Math.max(0, total - (form === 'cash' ? others : others - (amounts.cash ?? 0)));
    setTexts((t) => ({ ...t, ...(form === 'cash' ? {} : { cash: '' }), [form]: due > 0 ? formatMoney(due) : '' }));
    setFresh(false);
    setActive(form);
    setDeclined(null);
    inputs.current[form]?.focus();
  };

  const submit = async (e?: FormEvent, confirmed = false) => {
    e?.preventDefault();
    if (!result.ok || busy) return;
    setBusy(true);
    setDeclined(null);
    setQuestion(null);
    // This window may have missed a change of the check: pay only the total main holds now. The read
    // also puts main's check on screen (app/sale.ts), so «К оплате» shows the new total.
    const now = await dispatch(call('sale.current', undefined, { quiet: true }));
    if (!now.ok || now.value.total !== total) {
      setBusy(false);
      setDeclined(now.ok ? ru.payment.totalChanged(formatMoney(now.value.total)) : now.error.message);
      return;
    }
    const payments = FORMS.filter((f) => (amounts[f] ?? 0) > 0).map((f) => ({
      form: f,
      amount: amounts[f]!,
      ...(f === 'card' && standalone ? { slip: slipOf(slip) } : {}),
    }));
    const r = await dispatch(call('sale.pay', confirmed ? { payments, confirmed: true } : { payments }, { quiet: true }));
    setBusy(false);
    if (!r.ok && r.error.code === 'CONFIRM_REQUIRED') {
      setQuestion(r.error.message);
    } else if (r.ok) {
      dispatch(checkPaid({ document: r.value.document, change: r.value.change, payments, print: r.value.print }));
      onClose();
    } else {
      // A decline or a silent terminal leaves the check open and unpaid: say so here, keep the dialog.
      setDeclined(r.error.message);
      inputs.current[active]?.focus();
    }
  };

  return (
    <Dialog title={ru.payment.title} onClose={onClose} testId="payment-dialog" wide>
      <form className="payment" onSubmit={(e) => void submit(e)}>
        <div className="payment-figures">
          <div className="payment-row">
            <span>{ru.payment.toPay}</span>
            <span className="payment-total num" data-testid="payment-total">
              {formatMoney(total)}
            </span>
          </div>
          <div className="payment-forms">
            {FORMS.map((form) => {
              const bad = texts[form].trim() !== '' && amounts[form] === null;
              return (
                <div key={form} className={`payment-form ${active === form ? 'payment-form-active' : ''}`} data-testid={`payment-form-${form}`}>
                  <label className="payment-form-label" htmlFor={`pay-${form}`}>
                    {form === 'cash' ? ru.payment.tendered : ru.paymentForms[form]}
                    {form === 'card' && routes?.card === 'off' && <span className="muted small"> ({pay.cardOff})</span>}
                    {form === 'oplati' && routes?.oplati === 'off' && <span className="muted small"> ({pay.oplatiOff})</span>}
                    {VIA_TERMINAL.has(form) && (
                      <span className="payment-terminal" title={ru.payment.viaTerminal} aria-label={ru.payment.viaTerminal}>
                        {' '}
                        ⌁
                      </span>
                    )}
                  </label>
                  <input
                    ref={(el) => {
                      inputs.current[form] = el;
                    }}
                    id={`pay-${form}`}
                    className={`input input-pay ${bad ? 'input-bad' : ''}`}
                    data-testid={form === 'cash' ? 'payment-tendered' : `payment-amount-${form}`}
                    inputMode="decimal"
                    autoComplete="off"
                    autoFocus={form === 'cash'}
                    maxLength={12}
                    onFocus={(e) => {
                      setActive(form);
                      guard.clear();
                      e.currentTarget.select();
                    }}
                    onKeyDown={guard.onKeyDown}
                    value={texts[form]}
                    onChange={(e) => {
                      setFresh(false);
                      setText(form, e.target.value.replace(',', '.'));
                    }}
                  />
                  <button
                    type="button"
                    className="btn btn-ghost payment-rest"
                    tabIndex={-1}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => rest(form)}
                    data-testid={`payment-rest-${form}`}
                  >
                    {ru.payment.rest}
                  </button>
                </div>
              );
            })}
          </div>
          {guard.scanned && (
            <p className="field-error" data-testid="payment-scanned">
              {pay.scanned}
            </p>
          )}
          <p className={`payment-problem ${result.ok ? '' : 'field-error'}`} data-testid="payment-problem">
            {result.ok
              ? result.nonCash > 0
                ? ru.payment.mixed(formatMoney(result.nonCash), formatMoney(result.cashDue))
                : ru.payment.terminalNote
              : result.problem}
          </p>
          {standalone && (
            <div className="card-slip" data-testid="card-slip">
              <strong>{pay.slipTitle(formatMoney(amounts.card ?? 0))}</strong>
              <p className="muted small">{pay.slipHint}</p>
              <CardSlipFields value={slip} onChange={setSlip} testId="card-slip" />
            </div>
          )}
          {busy && qr && (
            <div className="pay-qr-panel" data-testid="oplati-qr-panel">
              <QrCode qr={qr} size={220} testId="oplati-qr" />
              <div>
                <strong>{pay.qrTitle}</strong>
                <p className="payment-total num">{formatMoney(qr.amount)}</p>
                <p className="muted small">{pay.qrHint}</p>
                <Button onClick={() => void dispatch(call('terminal.cancelWait', undefined, { quiet: true }))} data-testid="oplati-cancel">
                  {pay.qrCancel}
                </Button>
              </div>
            </div>
          )}
          {training && terminal && simulated && <TrainingTerminal />}
          {declined && (
            <p className="notice notice-error payment-declined" role="alert" data-testid="payment-declined">
              {declined}
            </p>
          )}
          <div className="payment-row payment-change-row">
            <span>{ru.payment.change}</span>
            <span className="payment-change num" data-testid="payment-change">
              {result.ok ? formatMoney(result.change) : '—'}
            </span>
          </div>
        </div>
        <div className="payment-side">
          <Keypad
            decimal
            testId="payment-keypad"
            onKey={(k) => {
              setText(active, applyKey(fresh && active === 'cash' ? '' : texts[active], k, 12));
              setFresh(false);
              guard.clear();
            }}
          />
          <div className="dialog-actions">
            <Button size="large" onClick={onClose} disabled={busy} shortcut="Esc" data-testid="payment-cancel">
              {ru.cancel}
            </Button>
            <Button type="submit" variant="primary" size="large" disabled={!result.ok || busy} shortcut="Enter" data-testid="payment-submit">
              {busy && qr ? pay.qrWaiting : busy && terminal ? ru.payment.waitingTerminal : ru.payment.submit}
            </Button>
          </div>
        </div>
      </form>
      {question && (
        <ConfirmDialog
          title={ru.payment.title}
          text={question}
          confirm={ru.payment.submit}
          busy={busy}
          testId="payment-confirm"
          onConfirm={() => void submit(undefined, true)}
          onCancel={() => setQuestion(null)}
        />
      )}
    </Dialog>
  );
}

const MODES: readonly TerminalMode[] = ['approve', 'decline', 'timeout'];

/** Training mode: what the simulated payment terminal answers to the next card or ОПЛАТИ payment. */
function TrainingTerminal() {
  const dispatch = useAppDispatch();
  const [mode, setMode] = useState<TerminalMode | null>(null);
  const choose = async (m: TerminalMode) => {
    const r = await dispatch(call('terminal.simulate', { mode: m }, { quiet: true }));
    if (r.ok) setMode(m);
  };
  return (
    <div className="training-terminal" data-testid="training-terminal">
      <span className="muted small">{ru.payment.trainingTerminal}</span>
      <div className="segmented">
        {MODES.map((m) => (
          <button
            key={m}
            type="button"
            tabIndex={-1}
            className={`segment segment-small ${mode === m ? 'segment-on' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void choose(m)}
            data-testid={`training-terminal-${m}`}
          >
            {ru.payment.terminalModes[m]}
          </button>
        ))}
      </div>
    </div>
  );
}
