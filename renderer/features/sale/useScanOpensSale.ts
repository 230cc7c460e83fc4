/**
 * The screens a cashier passes between customers — the menu, an X-report just taken, a return just
 * made: a scan there opens the sale with its item (the customer is waiting), and its digits are never
 * the screen's own keys. With the sale closed to this user now (no shift, an admin), the scan says why
 * and nothing opens. Keys typed by hand go to `onTyped`, as the scanner hook tells them apart.
 */
import { canCall } from '../../app/access.js';
import { noticeShown } from '../../app/notices.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';
import { addScanned } from './actions.js';
import { useScans } from './useWedgeScanner.js';

export function useScanOpensSale({ enabled, onTyped }: { readonly enabled: boolean; readonly onTyped: (text: string, enter: boolean) => void }): void {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const sumMode = useAppSelector((s) => s.workflow.settings?.accountingMode === 'sum');
  const onScan = (code: string) => {
    const sale = canCall('sale.scan', status);
    if (!sale.allowed) return void dispatch(noticeShown('error', ru.menu.scanNotAdded(sale.reason)));
    if (sumMode) return void dispatch(noticeShown('error', ru.sale.scanInSumMode));
    dispatch(navigated('sale'));
    void dispatch(addScanned(code, null));
  };
  useScans({ enabled, onScan, onTyped });
}
