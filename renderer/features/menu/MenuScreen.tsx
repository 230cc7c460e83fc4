import { useRef, useState } from 'react';
import type { MethodName } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { formatMoney } from '../../../common/money.js';
import { canCall, isShiftOpen } from '../../app/access.js';
import { formatDateTime } from '../../app/dates.js';
import { call, refreshStatus, useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';
import { DrawerButton } from '../devices/DrawerButton.js';
import { dev } from '../devices/text.js';
import { FiscalQueueAge } from '../fiscal/FiscalQueueAge.js';
import { fiscalText } from '../fiscal/text.js';
import { st as settingsText } from '../settings/text.js';
import { stk as stockText } from '../stock/text.js';
import { dc as cardsText } from '../discount-cards/text.js';
import { gt as goodsText } from '../goods/text.js';
import { pl } from '../price-list/text.js';
import { sto } from '../storage/text.js';
import { goLiveText } from '../golive/text.js';
import { FirstRunOpener } from '../golive/FirstRunOpener.js';
import { mt as maintenanceText } from '../maintenance/text.js';
import { noticeShown } from '../../app/notices.js';
import { openShift, takeReport } from '../shift/actions.js';
import { ZReportConfirm } from '../shift/ZReportConfirm.js';
import { rt } from '../reports/text.js';
import { ex as exportsText } from '../exports/text.js';
import { ExportNotices } from '../exports/ExportNotices.js';
import { useScanOpensSale } from '../sale/useScanOpensSale.js';

type Item = {
  readonly id: string;
  readonly label: string;
  /** The contract method whose access decides whether the button works. */
  readonly method: MethodName;
  readonly run: () => void | Promise<unknown>;
  readonly variant?: 'primary' | 'secondary' | 'danger';
};

/** The main menu: every operation of the slice, greyed out by role and shift state. */
export function MenuScreen() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const [confirmZ, setConfirmZ] = useState(false);
  // Logging out with lines on the check: what stays open, said before the cashier leaves.
  const [openCheckWarning, setOpenCheckWarning] = useState<string | null>(null);
  const busy = useRef(false);

  const once = (fn: () => Promise<unknown>) => async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      await fn();
    } finally {
      busy.current = false;
    }
  };

  const items: readonly Item[] = [
    { id: 'sale', label: ru.menu.sale, method: 'sale.addItem', run: () => void dispatch(navigated('sale')), variant: 'primary' },
    { id: 'returns', label: ru.menu.returns, method: 'returns.findOriginal', run: () => void dispatch(navigated('returns')) },
    { id: 'cash', label: ru.menu.cash, method: 'cash.balance', run: () => void dispatch(navigated('cash')) },
    { id: 'open-shift', label: ru.menu.openShift, method: 'shift.open', run: once(() => dispatch(openShift())) },
    { id: 'x-report', label: ru.menu.xReport, method: 'shift.xReport', run: once(() => dispatch(takeReport('x'))) },
    { id: 'z-report', label: ru.menu.zReport, method: 'shift.zReport', run: () => setConfirmZ(true) },
    { id: 'documents', label: ru.menu.documents, method: 'documents.list', run: () => void dispatch(navigated('documents')) },
    { id: 'users', label: ru.menu.users, method: 'users.list', run: () => void dispatch(navigated('users')) },
    { id: 'devices', label: dev.menuDevices, method: 'devices.getSettings', run: () => void dispatch(navigated('devices')) },
    { id: 'diagnostics', label: dev.menuDiagnostics, method: 'devices.diagnostics', run: () => void dispatch(navigated('diagnostics')) },
    { id: 'fiscal', label: fiscalText.menu, method: 'fiscal.status', run: () => void dispatch(navigated('fiscal')) },
    { id: 'settings', label: settingsText.menu, method: 'settings.saveWorkflow', run: () => void dispatch(navigated('settings')) },
    { id: 'stock', label: stockText.menu, method: 'stock.documents', run: () => void dispatch(navigated('stock')) },
    { id: 'discount-cards', label: cardsText.menu, method: 'discountCards.list', run: () => void dispatch(navigated('discountCards')) },
    { id: 'goods', label: goodsText.menu, method: 'goods.list', run: () => void dispatch(navigated('goods')) },
    { id: 'price-list', label: pl.menu, method: 'priceList.preview', run: () => void dispatch(navigated('priceList')) },
    { id: 'storage', label: sto.menu, method: 'storage.targets', run: () => void dispatch(navigated('storage')) },
    { id: 'golive', label: goLiveText.menu, method: 'golive.status', run: () => void dispatch(navigated('golive')) },
    { id: 'maintenance', label: maintenanceText.menu, method: 'maintenance.status', run: () => void dispatch(navigated('maintenance')) },
    {
      id: 'bank-check',
      label: settingsText.bankCheck,
      method: 'terminal.check',
      // The terminal's own answer, in its words: green when the bank answers, red when not.
      run: once(async () => {
        const r = await dispatch(call('terminal.check'));
        if (r.ok) dispatch(noticeShown(r.value.ok ? 'success' : 'error', r.value.message));
      }),
    },
    { id: 'reports', label: rt.menu, method: 'reports.goods', run: () => void dispatch(navigated('reports')) },
    { id: 'exports', label: exportsText.menu, method: 'exports.journal', run: () => void dispatch(navigated('exports')) },
    {
      id: 'logout',
      label: ru.menu.logout,
      method: 'auth.logout',
      variant: 'danger',
      run: once(async () => {
        const open = canCall('sale.current', status).allowed ? await dispatch(call('sale.current', undefined, { quiet: true })) : null;
        if (open?.ok && open.value.lines.length > 0) {
          setOpenCheckWarning(ru.menu.logoutOpenCheck(open.value.lines.length, formatMoney(open.value.total)));
          return;
        }
        await logout();
      }),
    },
  ];

  async function logout(): Promise<void> {
    const r = await dispatch(call('auth.logout'));
    if (r.ok) await dispatch(refreshStatus());
  }

  // Digits 1–9 typed by hand press the first nine menu buttons. A scan's digits are not (its «4»
  // opened the shift, its «5» printed an X-report): it opens the sale with its item.
  const dialogOpen = confirmZ || openCheckWarning !== null;
  useScanOpensSale({
    enabled: !dialogOpen,
    onTyped: (text) => {
      const n = Number(text.at(-1));
      const item = Number.isInteger(n) && n >= 1 ? items[n - 1] : undefined;
      if (item && canCall(item.method, status).allowed) void item.run();
    },
  });

  return (
    <div className="screen menu-screen" data-testid="screen-menu">
      <FirstRunOpener />
      <section className="menu-grid" aria-label={ru.menu.title}>
        {items.map((item, i) => (
          <Button
            key={item.id}
            variant={item.variant ?? 'secondary'}
            size="large"
            className="menu-button"
            verdict={canCall(item.method, status)}
            shortcut={i < 9 ? String(i + 1) : undefined}
            data-testid={`menu-${item.id}`}
            onClick={() => void item.run()}
          >
            {item.label}
          </Button>
        ))}
      </section>
      <TillStatus />
      {confirmZ && <ZReportConfirm onClose={() => setConfirmZ(false)} />}
      {openCheckWarning !== null && (
        <ConfirmDialog
          title={ru.menu.logout}
          text={openCheckWarning}
          confirm={ru.menu.logoutAnyway}
          danger
          onConfirm={() => {
            setOpenCheckWarning(null);
            void logout();
          }}
          onCancel={() => setOpenCheckWarning(null)}
          testId="logout-confirm"
        />
      )}
    </div>
  );
}

/** Who is at the till and in what state the till is. */
function TillStatus() {
  const status = useAppSelector((s) => s.session.status);
  if (!status?.user) return null;
  const { user, shift } = status;
  const open = isShiftOpen(status);
  return (
    <aside className="card till-status" data-testid="till-status">
      <h2>{ru.status.title}</h2>
      <dl className="figures">
        <dt>{ru.status.user}</dt>
        <dd data-testid="till-user">{user.name}</dd>
        <dt>{ru.users.role}</dt>
        <dd data-testid="till-role">{ru.roles[user.role]}</dd>
      </dl>
      {user.cashierId && (
        <p className="till-id">
          <span className="muted">{ru.users.cashierId}</span>
          <span data-testid="till-cashier-id">{user.cashierId}</span>
        </p>
      )}
      <div className={`till-shift ${open ? 'till-shift-open' : 'till-shift-closed'}`}>
        <span data-testid="till-shift">{open && shift ? ru.status.shiftNumber(shift.number) : ru.status.shiftClosed}</span>
        {open && shift && <span className="till-shift-since">{ru.status.since(formatDateTime(shift.openedAt))}</span>}
      </div>
      {open && shift?.tooLong && <p className="till-warn">{ru.status.shiftTooLong}</p>}
      {status.trainingMode && (
        <p>
          <span className="badge badge-training">{ru.training}</span>
        </p>
      )}
      <p className={status.fiscalQueue > 0 ? 'till-warn' : 'muted'} data-testid="till-fiscal-queue">
        {status.fiscalQueue > 0 ? ru.status.fiscalQueue(status.fiscalQueue) : ru.status.fiscalOk}
        {status.fiscalQueue > 0 && <FiscalQueueAge oldestAt={status.fiscalOldestAt} />}
      </p>
      <ExportNotices />
      <DrawerButton />
    </aside>
  );
}
