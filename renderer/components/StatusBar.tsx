import type { ReactNode } from 'react';
import { canCall, isShiftOpen } from '../app/access.js';
import { formatDateTime } from '../app/dates.js';
import { useAppDispatch, useAppSelector } from '../app/store.js';
import { navigated } from '../app/ui.js';
import { ru } from '../i18n/ru.js';
import { FiscalQueueAge } from '../features/fiscal/FiscalQueueAge.js';
import { fiscalText } from '../features/fiscal/text.js';
import { statusText } from './status-text.js';
import { goLiveText } from '../features/golive/text.js';

/** The till status along the top of every screen: user, shift, training mode, СКО queue, what the СКО needs from a person. */
export function StatusBar() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const user = status?.user;
  const shift = status?.shift;
  // A badge that needs a person opens the «СКО» screen, where it can be dealt with.
  const canOpen = status !== null && status !== undefined && !!user && !user.mustChangePassword && canCall('fiscal.status', status).allowed;
  const badge = (testId: string, className: string, children: ReactNode) =>
    canOpen ? (
      <button
        type="button"
        className={`badge ${className} badge-button`}
        data-testid={testId}
        title={fiscalText.statusOpen}
        onClick={() => dispatch(navigated('fiscal'))}
      >
        {children}
      </button>
    ) : (
      <span className={`badge ${className}`} data-testid={testId}>
        {children}
      </span>
    );
  return (
    <header className="statusbar" data-testid="statusbar">
      <span className="statusbar-app">{ru.appName}</span>
      {status?.trainingMode && (
        <span className="badge badge-training" data-testid="training-badge">
          {ru.training}
        </span>
      )}
      {status && !status.trainingMode && (
        <span className="badge badge-working" data-testid="working-badge">
          {goLiveText.badgeWorking}
        </span>
      )}
      <span className="statusbar-spacer" />
      {user && !user.mustChangePassword && (
        <ShiftLine
          text={shift && isShiftOpen(status) ? ru.status.shiftOpen(shift.number, formatDateTime(shift.openedAt)) : ru.status.shiftClosed}
          // With СКО badges up there is no room for the date: the number stays, the rest is the title.
          short={
            shift && isShiftOpen(status) && (status.fiscalNeedsPin || status.fiscalRejected > 0 || status.fiscalQueue > 0)
              ? ru.status.shiftShort(shift.number)
              : null
          }
        />
      )}
      {status?.fiscalNeedsPin && badge('status-fiscal-pin', 'badge-danger', fiscalText.statusPin)}
      {status && status.fiscalRejected > 0 && badge('status-fiscal-rejected', 'badge-danger', fiscalText.statusRejected(status.fiscalRejected))}
      {status &&
        status.fiscalQueue > 0 &&
        badge(
          'status-fiscal-queue',
          'badge-warn',
          <>
            {ru.status.fiscalQueue(status.fiscalQueue)}
            <FiscalQueueAge oldestAt={status.fiscalOldestAt} />
          </>,
        )}
      {status?.disk?.low && (
        // Before the disk fills: then the till can store no check at all (app.status.disk, setting diskWarnMb).
        <span
          className="badge badge-danger"
          data-testid="status-disk-low"
          role="alert"
          title={statusText.diskLowTitle(status.disk.folder, status.disk.freeBytes, status.disk.warnBelowBytes)}
        >
          {statusText.diskLow(status.disk.freeBytes)}
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

function ShiftLine({ text, short }: { readonly text: string; readonly short: string | null }) {
  return (
    <span className="statusbar-item" data-testid="status-shift" title={text}>
      {short ?? text}
    </span>
  );
}
