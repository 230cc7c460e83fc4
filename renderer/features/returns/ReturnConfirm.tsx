import { useState } from 'react';
import type { MethodInput, Refund } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Loaded } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { formatMoney } from '../../../common/money.js';
import { ru } from '../../i18n/ru.js';

type Props = {
  readonly input: MethodInput<'returns.preview'>;
  /** What is returned, when it is not the lines of the check (a return by the sum). */
  readonly what?: string;
  readonly testId?: string;
  readonly busy: boolean;
  readonly onConfirm: (refunds: Refund[]) => void;
  readonly onCancel: () => void;
};

/**
 * Before a return by the check is issued: its amount and the forms it goes back to, as main plans
 * them (the original forms). Where the settings allow, the cashier may give it all in cash.
 */
export function ReturnConfirm({ input, what, busy, onConfirm, onCancel, testId = 'return-confirm' }: Props) {
  const preview = useRead('returns.preview', input);
  const [toCash, setToCash] = useState(false);
  return (
    <Dialog title={ru.returns.confirmTitle} onClose={onCancel} testId={testId}>
      <Loaded read={preview} testId={testId}>
        {(p) => {
          const refunds: Refund[] = toCash ? [{ form: 'cash', amount: p.total }] : p.refunds;
          const movable = p.cashAllowed && p.refunds.some((r) => r.form !== 'cash');
          return (
            <>
              {what && (
                <p className="dialog-text" data-testid={`${testId}-what`}>
                  {what}
                </p>
              )}
              <p className="dialog-text">
                {ru.returns.confirmTotal}:{' '}
                <strong className="num" data-testid={`${testId}-total`}>
                  {formatMoney(p.total)}
                </strong>
              </p>
              {!what && <p className="muted small">{ru.returns.confirmForms}:</p>}
              <ul className="return-confirm-forms">
                {refunds.map((r) => (
                  <li key={r.form} data-testid={`${testId}-${r.form}`}>
                    {ru.paymentForms[r.form]} <span className="num">{formatMoney(r.amount)}</span>
                  </li>
                ))}
              </ul>
              {movable && (
                <label className="check">
                  <input type="checkbox" checked={toCash} onChange={(e) => setToCash(e.target.checked)} data-testid={`${testId}-to-cash`} /> {ru.returns.toCash}
                </label>
              )}
              <div className="dialog-actions">
                <Button onClick={onCancel} shortcut="Esc" data-testid={`${testId}-cancel`}>
                  {ru.cancel}
                </Button>
                <Button variant="primary" onClick={() => onConfirm(refunds)} disabled={busy} autoFocus data-testid={`${testId}-ok`}>
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
