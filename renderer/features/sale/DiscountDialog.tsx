import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Adjustment, CheckLine } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { KeypadField } from '../../components/KeypadField.js';
import { CARD_MAX, CARD_NUMBER } from '../../../common/discount-card.js';
import { formatMoney, formatPercent, parseMoney, parsePercent } from '../../../common/money.js';
import { takeSerialScans } from '../../app/serialScans.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { changeCheck } from './actions.js';

type Props = { readonly target: 'line'; readonly line: CheckLine; readonly onClose: () => void } | { readonly target: 'check'; readonly onClose: () => void };

/** What the card field keeps of a typed or scanned number: letters and digits, as many as its maxLength. */
const cardText = (text: string) => text.replace(/[^0-9A-Za-z]/g, '').slice(0, CARD_MAX);

type Kind = Adjustment['kind'];
type By = Adjustment['by'];

/** A discount or markup, in percent or in money, on the selected line or on the whole check (or a discount card). */
export function DiscountDialog(props: Props) {
  const { target, onClose } = props;
  const dispatch = useAppDispatch();
  const limits = useAppSelector((s) => s.workflow.settings?.discounts ?? null);
  const check = useAppSelector((s) => s.sale.check);
  const current = target === 'line' ? props.line.adjustment : (check?.checkAdjustment ?? null);
  const [kind, setKind] = useState<Kind>(current?.kind ?? 'discount');
  const [by, setBy] = useState<By>(current?.by ?? 'percent');
  const [text, setText] = useState(current ? (current.by === 'percent' ? formatPercent(current.value) : formatMoney(current.value)) : '');
  const [card, setCard] = useState(check?.discountCard ?? '');
  const [busy, setBusy] = useState(false);

  const value = by === 'percent' ? parsePercent(text) : parseMoney(text);
  const valueError = text === '' ? null : value === null || value <= 0 ? (by === 'percent' ? ru.discount.badPercent : ru.discount.badSum) : null;
  const maxPercent = limits ? (target === 'line' ? limits.maxLinePercent : limits.maxCheckPercent) : null;
  const cardOk = CARD_NUMBER.test(card.trim());

  const apply = async (adjustment: Adjustment | null, withCard?: string) => {
    if (busy) return;
    setBusy(true);
    const ok = await dispatch(
      changeCheck(() =>
        target === 'line'
          ? dispatch(call('sale.lineDiscount', { lineId: props.line.id, adjustment }))
          : dispatch(call('sale.checkDiscount', withCard !== undefined ? { card: withCard } : { adjustment })),
      ),
    );
    setBusy(false);
    if (ok) onClose();
  };

  // The check's dialog (F8) open, the cashier scans the customer's card: by either scanner, with the
  // number in focus, it is the card — applied at once, as when scanned on the sale screen (the number
  // field refused it as a number, and a serial scanner's code was not taken at all).
  const scannedCard = (code: string) => {
    const number = code.trim();
    setCard(cardText(number));
    void apply(null, number);
  };
  const takeCard = useRef(scannedCard);
  takeCard.current = scannedCard;
  useEffect(() => (target === 'check' ? takeSerialScans((code) => takeCard.current(code)) : undefined), [target]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (value !== null && !valueError) void apply({ kind, by, value });
    else if (target === 'check' && text === '' && cardOk) void apply(null, card.trim());
  };

  const title = target === 'line' ? ru.discount.lineTitle : ru.discount.checkTitle;
  return (
    <Dialog title={title} onClose={onClose} testId="discount-dialog" wide>
      <form className="discount" onSubmit={submit}>
        <div className="discount-fields">
          <p className="dialog-text">
            {target === 'line' ? (
              <>
                <strong>{props.line.name}</strong> · {formatMoney(props.line.baseAmount)}
              </>
            ) : (
              <>
                {ru.discount.subtotal}: <strong>{formatMoney(check?.subtotal ?? 0)}</strong>
              </>
            )}
          </p>
          {(limits?.allowMarkup ?? true) && (
            <div className="segmented" role="radiogroup" aria-label={ru.discount.kindLabel}>
              {(['discount', 'markup'] as const).map((k) => (
                <button
                  key={k}
                  type="button"
                  className={`segment ${kind === k ? 'segment-on' : ''}`}
                  aria-checked={kind === k}
                  role="radio"
                  onClick={() => setKind(k)}
                  data-testid={`discount-kind-${k}`}
                >
                  {ru.discount.kind[k]}
                </button>
              ))}
            </div>
          )}
          <div className="segmented" role="radiogroup" aria-label={ru.discount.byLabel}>
            {(['percent', 'sum'] as const).map((b) => (
              <button
                key={b}
                type="button"
                className={`segment ${by === b ? 'segment-on' : ''}`}
                aria-checked={by === b}
                role="radio"
                onClick={() => setBy(b)}
                data-testid={`discount-by-${b}`}
              >
                {ru.discount.by[b]}
              </button>
            ))}
          </div>
          {target === 'check' && (
            <label className="field">
              <span className="field-label">{ru.discount.card}</span>
              <input
                className="input input-barcode"
                data-testid="discount-card"
                autoComplete="off"
                maxLength={CARD_MAX}
                value={card}
                onChange={(e) => setCard(cardText(e.target.value))}
              />
              <span className="field-hint">{ru.discount.cardHintPlain}</span>
            </label>
          )}
          {current && (
            <Button variant="danger" onClick={() => void apply(null)} disabled={busy} data-testid="discount-remove">
              {ru.discount.remove}
            </Button>
          )}
        </div>
        <div className="discount-side">
          <KeypadField
            label={by === 'percent' ? ru.discount.percentLabel : ru.discount.sumLabel}
            value={text}
            onChange={setText}
            testId="discount-value"
            autoFocus
            onScanned={target === 'check' ? scannedCard : undefined}
            error={valueError}
            hint={by === 'percent' && maxPercent !== null ? ru.discount.maxPercent(formatPercent(maxPercent)) : undefined}
          />
          <div className="dialog-actions">
            <Button onClick={onClose} shortcut="Esc" data-testid="discount-cancel">
              {ru.cancel}
            </Button>
            {target === 'check' && text === '' ? (
              <Button type="submit" variant="primary" disabled={!cardOk || busy} shortcut="Enter" data-testid="discount-card-apply">
                {ru.discount.applyCard}
              </Button>
            ) : (
              <Button type="submit" variant="primary" disabled={value === null || valueError !== null || busy} shortcut="Enter" data-testid="discount-apply">
                {ru.discount.apply}
              </Button>
            )}
          </div>
        </div>
      </form>
    </Dialog>
  );
}
