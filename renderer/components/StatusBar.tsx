import { isShiftOpen } from '../app/access.js';
import { formatDateTime } from '../app/money.js';
import { useAppSelector } from '../app/store.js';
import { ru } from '../i18n/ru.js';
import { FiscalQueueAge } from '../features/fiscal/FiscalQueueAge.js';

/** The till status along the top of every screen: user, shift, training mode, СКО queue. */
export function StatusBar() {
  const status = useAppSelector((s) => s.session.status);
  const user = status?.user;
  const shift = status?.shift;
  return (
    <header className="statusbar" data-testid="statusbar">
      <span className="statusbar-app">{ru.appName}</span>
      {status?.trainingMode && (
        <span className="badge badge-training" data-testid="training-badge">
          {ru.training}
        </span>
      )}
      <span className="statusbar-spacer" />
      {user && !user.mustChangePassword && (
        <span className="statusbar-item" data-testid="status-shift">
          {shift && isShiftOpen(status) ? ru.status.shiftOpen(shift.number, formatDateTime(shift.openedAt)) : ru.status.shiftClosed}
        </span>
      )}
      {status && status.fiscalQueue > 0 && (
        <span className="badge badge-warn" data-testid="status-fiscal-queue">
          {ru.status.fiscalQueue(status.fiscalQueue)}
          <FiscalQueueAge oldestAt={status.fiscalOldestAt} />
        </span>
      )}
      {user && (
        <span className="statusbar-user" data-testid="status-user">
          {ru.userLabel(user.name, user.role)}
        </span>
      )}
    </header>
  );
}
