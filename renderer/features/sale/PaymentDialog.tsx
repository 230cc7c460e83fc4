import { useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { applyKey, Keypad } from '../../components/Keypad.js';
import { checkPaid } from '../../app/sale.js';
import { formatMoney, parseMoney } from '../../app/money.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

type Props = { readonly total: number; readonly onClose: () => void };

/** Cash payment: the amount tendered (the total by default) and the change. */
export function PaymentDialog({ total, onClose }: Props) {
  const dispatch = useAppDispatch();
  const [text, setText] = useState(formatMoney(total));
  // The prefilled total is replaced by the first key pressed, as on a calculator.
  const [fresh, setFresh] = useState(true);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const tendered = parseMoney(text);
  const enough = tendered !== null && tendered >= total;
  const change = enough ? tendered - total : null;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!enough || busy || tendered === null) return;
    setBusy(true);
    const r = await dispatch(call('sale.pay', { payments: [{ form: 'cash', amount: tendered }] }));
    setBusy(false);
    if (r.ok) {
      dispatch(checkPaid({ document: r.value.document, change: r.value.change, tendered }));
      onClose();
    } else inputRef.current?.focus();
  };

  return (
    <Dialog title={ru.payment.title} onClose={onClose} testId="payment-dialog" wide>
      <form className="payment" onSubmit={submit}>
        <div className="payment-figures">
          <div className="payment-row">
            <span>{ru.payment.toPay}</span>
            <span className="payment-total num" data-testid="payment-total">
              {formatMoney(total)}
            </span>
          </div>
          <label className="field">
            <span className="field-label">{ru.payment.tendered}</span>
            <input
              ref={inputRef}
              className="input input-money"
              data-testid="payment-tendered"
              inputMode="decimal"
              autoComplete="off"
              autoFocus
              onFocus={(e) => e.currentTarget.select()}
              value={text}
              onChange={(e) => {
                setFresh(false);
                setText(e.target.value.replace(',', '.'));
              }}
            />
          </label>
          {tendered === null && text !== '' && <p className="field-error">{ru.payment.badAmount}</p>}
          {tendered !== null && !enough && <p className="field-error">{ru.payment.notEnough}</p>}
          <div className="payment-row payment-change-row">
            <span>{ru.payment.change}</span>
            <span className="payment-change num" data-testid="payment-change">
              {change === null ? '—' : formatMoney(change)}
            </span>
          </div>
        </div>
        <div className="payment-side">
          <Keypad
            decimal
            testId="payment-keypad"
            onKey={(k) => {
              setText((t) => applyKey(fresh ? '' : t, k, 12));
              setFresh(false);
            }}
          />
          <div className="dialog-actions">
            <Button size="large" onClick={onClose} shortcut="Esc" data-testid="payment-cancel">
              {ru.cancel}
            </Button>
            <Button type="submit" variant="primary" size="large" disabled={!enough || busy} shortcut="Enter" data-testid="payment-submit">
              {ru.payment.submit}
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
