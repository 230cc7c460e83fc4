import { Button } from '../../components/Button.js';
import { canCall } from '../../app/access.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { dev } from './text.js';

/**
 * «Открыть денежный ящик» for whoever is at the till: greyed, with the reason, when the contract or
 * the admin's setting forbids it (main checks again and logs every opening and refusal).
 */
export function DrawerButton() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const read = useRead('printer.drawerAccess', undefined, { skip: !status?.user });
  const access = read.error
    ? { allowed: false as const, reason: read.error.message }
    : read.data && (read.data.allowed ? { allowed: true as const } : { allowed: false as const, reason: read.data.reason ?? dev.drawerForbidden });

  const contract = canCall('printer.openDrawer', status);
  const verdict = !contract.allowed ? contract : (access ?? { allowed: false, reason: dev.drawerChecking });
  const open = async () => {
    const r = await dispatch(call('printer.openDrawer'));
    if (r.ok) dispatch(noticeShown('success', dev.drawerOpened));
  };
  return (
    <Button onClick={() => void open()} verdict={verdict} data-testid="open-drawer">
      {dev.openDrawer}
    </Button>
  );
}
