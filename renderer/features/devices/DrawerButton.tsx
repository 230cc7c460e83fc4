import { useEffect, useState } from 'react';
import { Button } from '../../components/Button.js';
import { canCall, type Verdict } from '../../app/access.js';
import { noticeShown } from '../../app/notices.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { dev } from './text.js';

/**
 * «Открыть денежный ящик» for whoever is at the till: greyed, with the reason, when the contract or
 * the admin's setting forbids it (main checks again and logs every opening and refusal).
 */
export function DrawerButton() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const [access, setAccess] = useState<Verdict | null>(null);
  const userId = status?.user?.id ?? null;

  useEffect(() => {
    if (userId === null) return;
    let live = true;
    // Asked directly, not through `call`: a read must not clear the notices on screen.
    void window.kassa.printer.drawerAccess().then((r) => {
      if (!live) return;
      setAccess(r.ok ? (r.value.allowed ? { allowed: true } : { allowed: false, reason: r.value.reason ?? dev.drawerForbidden }) : { allowed: false, reason: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [userId]);

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
