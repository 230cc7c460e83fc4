import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { takeReport } from './actions.js';

/** Z closes the shift, so it is asked for twice. */
export function ZReportConfirm({ onClose }: { readonly onClose: () => void }) {
  const dispatch = useAppDispatch();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    const ok = await dispatch(takeReport('z'));
    setBusy(false);
    if (!ok) onClose();
  };
  return (
    <ConfirmDialog
      title={ru.shift.zConfirmTitle}
      text={ru.shift.zConfirmText}
      confirm={ru.shift.zConfirm}
      onConfirm={confirm}
      onCancel={onClose}
      busy={busy}
      danger
      testId="z-confirm"
    />
  );
}
