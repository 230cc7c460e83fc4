import { useRef, useState, type FormEvent } from 'react';
import type { Currency, FiscalDocument, PrintOutcome } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { KeypadField } from '../../components/KeypadField.js';
import { ReadState } from '../../components/Loaded.js';
import { Receipt } from '../../components/Receipt.js';
import { canCall } from '../../app/access.js';
import { formatMoney, parseMoney } from '../../../common/money.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { PrintOutcomeNotice } from '../devices/PrintPreview.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';

type Direction = 'in' | 'out';

/** Cash in and cash out per currency (BYN by default; the others as the settings allow), with the drawer's balance. */
export function CashScreen() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const currencies = useAppSelector((s) => s.workflow.settings?.currencies ?? (['BYN'] as const));
  const [direction, setDirection] = useState<Direction>('in');
  const [currency, setCurrency] = useState<Currency>('BYN');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const read = useRead('cash.balance');
  const drawer = read.data ?? [];
  // After a click on the direction or the currency the typed digits still go to the amount.
  const amountBox = useRef<HTMLDivElement>(null);
  const focusAmount = () => amountBox.current?.querySelector('input')?.focus();
  const [last, setLast] = useState<{ document: FiscalDocument; print?: PrintOutcome | undefined } | null>(null);

  useEscapeToMenu();

  const amount = parseMoney(text);
  const inDrawer = drawer.find((d) => d.currency === currency)?.amount ?? 0;
  const method = direction === 'in' ? 'cash.in' : 'cash.out';
  const verdict = canCall(method, status);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || amount === null || amount <= 0) return;
    setBusy(true);
    const r = await dispatch(call(method, { amount, currency }));
    setBusy(false);
    if (r.ok) {
      setLast({ document: r.value.document, print: r.value.print });
      setText('');
      dispatch(noticeShown('success', ru.cash.done(direction === 'in' ? ru.cash.in : ru.cash.out, formatMoney(amount), currency)));
    }
  };

  return (
    <div className="screen cash-screen" data-testid="screen-cash">
      <section className="card cash-form">
        <ScreenHead title={ru.cash.title} testId="cash" />
        <form onSubmit={(e) => void submit(e)} className="cash-body">
          <div className="cash-choices">
            <div className="segmented" role="radiogroup" aria-label={ru.cash.title}>
              {(['in', 'out'] as const).map((d) => (
                <button
                  key={d}
                  type="button"
                  role="radio"
                  aria-checked={direction === d}
                  className={`segment ${direction === d ? 'segment-on' : ''}`}
                  onClick={() => {
                    setDirection(d);
                    focusAmount();
                  }}
                  data-testid={`cash-${d}`}
                >
                  {d === 'in' ? ru.cash.in : ru.cash.out}
                </button>
              ))}
            </div>
            <span className="field-label">{ru.cash.currency}</span>
            <div className="segmented currency-choice" role="radiogroup" aria-label={ru.cash.currency}>
              {currencies.map((c) => (
                <button
                  key={c}
                  type="button"
                  role="radio"
                  aria-checked={currency === c}
                  title={ru.currencies[c]}
                  className={`segment ${currency === c ? 'segment-on' : ''}`}
                  onClick={() => {
                    setCurrency(c);
                    focusAmount();
                  }}
                  data-testid={`cash-currency-${c}`}
                >
                  {c}
                </button>
              ))}
            </div>
            <div className="cash-drawer" data-testid="cash-drawer">
              <h3>{ru.cash.drawer}</h3>
              <ReadState read={read} testId="cash-drawer" />
              {read.data === undefined ? null : drawer.filter((d) => d.amount !== 0 || d.currency === 'BYN').length === 0 ? (
                <p className="muted">{ru.cash.drawerEmpty}</p>
              ) : (
                <dl className="figures">
                  {drawer
                    .filter((d) => d.amount !== 0 || d.currency === 'BYN')
                    .map((d) => (
                      <DrawerRow key={d.currency} currency={d.currency} amount={d.amount} />
                    ))}
                </dl>
              )}
            </div>
          </div>
          <div className="cash-amount" ref={amountBox}>
            <KeypadField
              label={ru.cash.amount(currency)}
              value={text}
              onChange={setText}
              testId="cash-amount"
              autoFocus
              error={text !== '' && (amount === null || amount <= 0) ? ru.cash.badAmount : null}
            />
            <div className="dialog-actions">
              {direction === 'out' && (
                <Button onClick={() => setText(inDrawer > 0 ? formatMoney(inDrawer) : '')} disabled={inDrawer <= 0} data-testid="cash-all">
                  {ru.cash.all}
                </Button>
              )}
              <Button
                type="submit"
                variant="primary"
                size="large"
                verdict={verdict}
                disabled={busy || amount === null || amount <= 0}
                shortcut="Enter"
                data-testid="cash-submit"
              >
                {direction === 'in' ? ru.cash.submitIn : ru.cash.submitOut}
              </Button>
            </div>
          </div>
        </form>
      </section>
      <section className="cash-receipt">
        {last && (
          <>
            <h2 className="muted">{ru.cash.last}</h2>
            <PrintOutcomeNotice documentId={last.document.id} print={last.print} testId="cash-print" />
            <Receipt lines={last.document.receipt} testId="cash-receipt" />
          </>
        )}
      </section>
    </div>
  );
}

function DrawerRow({ currency, amount }: { readonly currency: Currency; readonly amount: number }) {
  return (
    <>
      <dt>{currency}</dt>
      <dd data-testid={`cash-drawer-${currency}`}>{formatMoney(amount)}</dd>
    </>
  );
}
