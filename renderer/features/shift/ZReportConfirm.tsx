import { useEffect, useState } from 'react';
import type { Currency } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { formatMoney } from '../../../common/money.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { takeReport } from './actions.js';

/** Z closes the shift, so it is asked for twice; with cash in the drawer «изъять всё и закрыть» is offered first. */
export function ZReportConfirm({ onClose }: { readonly onClose: () => void }) {
  const dispatch = useAppDispatch();
  const [busy, setBusy] = useState(false);
  const [drawer, setDrawer] = useState<readonly { currency: Currency; amount: number }[] | null>(null);
  const mustEmpty = useAppSelector((s) => s.workflow.settings?.zRequiresEmptyDrawer ?? true);

  useEffect(() => {
    void dispatch(call('cash.balance', undefined, { quiet: true })).then((r) => setDrawer(r.ok ? r.value.filter((d) => d.amount !== 0) : []));
  }, [dispatch]);

  const confirm = async (cashOutAll: boolean) => {
    setBusy(true);
    const ok = await dispatch(takeReport('z', cashOutAll));
    setBusy(false);
    if (!ok) onClose();
  };
  const hasCash = (drawer?.length ?? 0) > 0;

  return (
    <Dialog title={ru.shift.zConfirmTitle} onClose={onClose} testId="z-confirm">
      <p className="dialog-text">{ru.shift.zConfirmText}</p>
      {drawer !== null && (
        <div className="z-drawer" data-testid="z-drawer">
          {hasCash ? (
            <>
              <p className="dialog-text">{ru.shift.zDrawer}</p>
              <ul className="z-drawer-list">
                {drawer.map((d) => (
                  <li key={d.currency} data-testid={`z-drawer-${d.currency}`}>
                    <span>{d.currency}</span> <strong className="num">{formatMoney(d.amount)}</strong>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">{ru.shift.zDrawerEmpty}</p>
          )}
        </div>
      )}
      <div className="dialog-actions dialog-actions-wrap">
        <Button onClick={onClose} shortcut="Esc" data-testid="z-confirm-cancel">
          {ru.cancel}
        </Button>
        {hasCash && mustEmpty ? (
          // The drawer must be empty before Z (settings): emptying it is the only way to close.
          <Button variant="danger" onClick={() => void confirm(true)} disabled={busy} autoFocus data-testid="z-confirm-ok">
            {ru.shift.zCashOutAll}
          </Button>
        ) : (
          <>
            {hasCash && (
              <Button onClick={() => void confirm(true)} disabled={busy} data-testid="z-confirm-cash-out-all">
                {ru.shift.zCashOutAll}
              </Button>
            )}
            <Button variant="danger" onClick={() => void confirm(false)} disabled={busy || drawer === null} autoFocus data-testid="z-confirm-ok">
              {ru.shift.zConfirm}
            </Button>
          </>
        )}
      </div>
      {hasCash && <p className="field-hint z-hint">{ru.shift.zCashOutAllHint}</p>}
    </Dialog>
  );
}
