import { useState } from 'react';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { ReadState } from '../../components/Loaded.js';
import { formatMoney } from '../../../common/money.js';
import { useRead } from '../../app/server.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { takeReport } from './actions.js';

/** Z closes the shift, so it is asked for twice; with cash in the drawer «изъять всё и закрыть» is offered first. */
export function ZReportConfirm({ onClose }: { readonly onClose: () => void }) {
  const dispatch = useAppDispatch();
  const [busy, setBusy] = useState(false);
  const mustEmpty = useAppSelector((s) => s.workflow.settings?.zRequiresEmptyDrawer ?? true);
  // The drawer as it is now (not as last seen): what Z offers depends on it. Unknown, main decides.
  const read = useRead('cash.balance');
  const drawer = read.isFetching ? null : read.data ? read.data.filter((d) => d.amount !== 0) : read.error ? [] : null;

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
      <ReadState read={read} testId="z-drawer" />
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
