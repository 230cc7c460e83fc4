import { useState } from 'react';
import type { CardRefundSlip, MethodInput, Refund } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Loaded } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { formatMoney } from '../../../common/money.js';
import { ru } from '../../i18n/ru.js';
import { CardRefundFields, EMPTY_REFUND, refundOf, type RefundText } from '../payment/CardSlipFields.js';
import { pay } from '../payment/text.js';

type Props = {
  readonly input: MethodInput<'returns.preview'>;
  readonly busy: boolean;
  readonly onConfirm: (refunds: Refund[], cardRefund?: CardRefundSlip) => void;
  readonly onCancel: () => void;
};

/**
 * Before a return by the check is issued: its amount and the forms it goes back to, as main plans
 * them (the original forms). Where the settings allow, the cashier may give it all in cash.
 */
export function ReturnConfirm({ input, busy, onConfirm, onCancel }: Props) {
  const preview = useRead('returns.preview', input);
  const [toCash, setToCash] = useState(false);
  // A card refund on a standalone terminal: the sale's code (from its receipt) and the refund's slip.
  const routes = useRead('terminal.routes');
  const [card, setCard] = useState<RefundText>(EMPTY_REFUND);
  return (
    <Dialog title={ru.returns.confirmTitle} onClose={onCancel} testId="return-confirm">
      <Loaded read={preview} testId="return-confirm">
        {(p) => {
          const refunds: Refund[] = toCash ? [{ form: 'cash', amount: p.total }] : p.refunds;
          const movable = p.cashAllowed && p.refunds.some((r) => r.form !== 'cash');
          const slipNeeded = routes.data?.card === 'standalone' && refunds.some((r) => r.form === 'card' && r.amount > 0);
          return (
            <>
              <p className="dialog-text">
                {ru.returns.confirmTotal}:{' '}
                <strong className="num" data-testid="return-confirm-total">
                  {formatMoney(p.total)}
                </strong>
              </p>
              <p className="muted small">{ru.returns.confirmForms}:</p>
              <ul className="return-confirm-forms">
                {refunds.map((r) => (
                  <li key={r.form} data-testid={`return-confirm-${r.form}`}>
                    {ru.paymentForms[r.form]} <span className="num">{formatMoney(r.amount)}</span>
                  </li>
                ))}
              </ul>
              {movable && (
                <label className="check">
                  <input type="checkbox" checked={toCash} onChange={(e) => setToCash(e.target.checked)} data-testid="return-confirm-to-cash" /> {ru.returns.toCash}
                </label>
              )}
              {slipNeeded && <CardRefundFields value={card} onChange={setCard} hint={pay.refundHint} codeLabel={pay.refundCode} testId="return-card" />}
              <div className="dialog-actions">
                <Button onClick={onCancel} shortcut="Esc" data-testid="return-confirm-cancel">
                  {ru.cancel}
                </Button>
                <Button
                  variant="primary"
                  onClick={() => onConfirm(refunds, slipNeeded ? refundOf(card) : undefined)}
                  disabled={busy}
                  autoFocus
                  data-testid="return-confirm-ok"
                >
                  {ru.returns.confirmOk}
                </Button>
              </div>
            </>
          );
        }}
      </Loaded>
    </Dialog>
  );
}
