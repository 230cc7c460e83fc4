import { useCallback, useEffect, useRef, useState } from 'react';
import type { CatalogueItem, CheckLine, OpenCheck } from '../../../preload/contract.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { canCall } from '../../app/access.js';
import { formatMoney } from '../../app/money.js';
import { noticeShown } from '../../app/notices.js';
import { checkLoaded, newCheckStarted } from '../../app/sale.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';
import { BarcodeInput } from './BarcodeInput.js';
import { LinesTable } from './LinesTable.js';
import { PaidView } from './PaidView.js';
import { PaymentDialog } from './PaymentDialog.js';
import { SearchBox } from './SearchBox.js';

const newestLine = (check: OpenCheck): number | null => check.lines.reduce<number | null>((m, l) => (m === null || l.id > m ? l.id : m), null);

/** The sale: scan or search, see the lines and the total, take cash, show the receipt. */
export function SaleScreen() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const check = useAppSelector((s) => s.sale.check);
  const paid = useAppSelector((s) => s.sale.paid);
  const [paying, setPaying] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [lastLineId, setLastLineId] = useState<number | null>(null);
  const barcodeRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // The open check lives in main: load it on entering, so a reload loses nothing.
  useEffect(() => {
    void dispatch(call('sale.current')).then((r) => {
      if (r.ok) dispatch(checkLoaded(r.value));
    });
  }, [dispatch]);

  const lines = check?.lines ?? [];
  const total = check?.total ?? 0;
  const payVerdict = lines.length === 0 ? { allowed: false as const, reason: ru.sale.emptyShort } : canCall('sale.pay', status);

  const added = useCallback(
    (next: OpenCheck) => {
      dispatch(checkLoaded(next));
      setLastLineId(newestLine(next));
      barcodeRef.current?.focus();
    },
    [dispatch],
  );

  const addBarcode = async (barcode: string) => {
    const r = await dispatch(call('sale.addItem', { barcode }));
    if (r.ok) added(r.value);
    return r.ok;
  };

  const addItem = async (item: CatalogueItem) => {
    const r = await dispatch(call('sale.addItem', { itemId: item.id }));
    if (r.ok) added(r.value);
    return r.ok;
  };

  const remove = async (line: CheckLine) => {
    const r = await dispatch(call('sale.removeLine', { lineId: line.id }));
    if (r.ok) dispatch(checkLoaded(r.value));
    barcodeRef.current?.focus();
  };

  const cancelCheck = async () => {
    const r = await dispatch(call('sale.cancel'));
    setCancelling(false);
    if (r.ok) {
      dispatch(checkLoaded(r.value));
      dispatch(noticeShown('info', ru.sale.cancelDone));
    }
    barcodeRef.current?.focus();
  };

  const newCheck = useCallback(() => {
    dispatch(newCheckStarted());
    setLastLineId(null);
  }, [dispatch]);

  // F2 search, F4 barcode, F10 payment, Esc back to the menu (the open check stays in main).
  useEffect(() => {
    if (paid || paying || cancelling) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'F4') {
        e.preventDefault();
        barcodeRef.current?.focus();
      } else if (e.key === 'F10') {
        e.preventDefault();
        if (payVerdict.allowed) setPaying(true);
      } else if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        dispatch(navigated('menu'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, paid, paying, cancelling, payVerdict.allowed]);

  if (paid) return <PaidView paid={paid} onNewCheck={newCheck} />;

  return (
    <div className="screen sale-screen" data-testid="screen-sale">
      <section className="sale-main card">
        <div className="sale-inputs">
          <BarcodeInput ref={barcodeRef} onBarcode={addBarcode} />
          <SearchBox ref={searchRef} onPick={addItem} onLeave={() => barcodeRef.current?.focus()} />
        </div>
        <LinesTable lines={lines} lastLineId={lastLineId} onRemove={remove} />
      </section>
      <aside className="sale-side">
        <div className="card total-card">
          <span className="total-label">{ru.sale.total}</span>
          <span className="total-amount num" data-testid="sale-total">
            {formatMoney(total)}
          </span>
          <span className="muted" data-testid="sale-lines-count">
            {ru.sale.lines(lines.length)}
          </span>
        </div>
        <Button variant="primary" size="large" className="pay-button" verdict={payVerdict} shortcut={ru.sale.payKey} onClick={() => setPaying(true)} data-testid="sale-pay">
          {ru.sale.pay}
        </Button>
        <Button variant="danger" disabled={lines.length === 0} onClick={() => setCancelling(true)} data-testid="sale-cancel">
          {ru.sale.cancelCheck}
        </Button>
        <Button onClick={() => dispatch(navigated('menu'))} shortcut={ru.backKey} data-testid="sale-back">
          {ru.back}
        </Button>
      </aside>
      {paying && <PaymentDialog total={total} onClose={() => setPaying(false)} />}
      {cancelling && (
        <ConfirmDialog
          title={ru.sale.cancelCheck}
          text={ru.sale.cancelConfirm}
          confirm={ru.sale.cancelCheck}
          danger
          onConfirm={cancelCheck}
          onCancel={() => setCancelling(false)}
          testId="cancel-confirm"
        />
      )}
    </div>
  );
}
