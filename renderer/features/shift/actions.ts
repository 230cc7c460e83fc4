/** Shift operations started from the menu: open, X-report, Z-report (optionally emptying the drawer first). */
import { noticeShown } from '../../app/notices.js';
import { call, refreshStatus, type AppThunk } from '../../app/store.js';
import { reportShown } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';

export function openShift(): AppThunk<Promise<boolean>> {
  return async (dispatch) => {
    const r = await dispatch(call('shift.open'));
    if (r.ok) dispatch(noticeShown('success', ru.menu.shiftOpened(r.value.number)));
    await dispatch(refreshStatus());
    return r.ok;
  };
}

export function takeReport(kind: 'x' | 'z', cashOutAll = false): AppThunk<Promise<boolean>> {
  return async (dispatch) => {
    const r = await dispatch(kind === 'x' ? call('shift.xReport') : call('shift.zReport', cashOutAll ? { cashOutAll: true } : {}));
    if (r.ok) dispatch(reportShown(r.value));
    if (kind === 'z') await dispatch(refreshStatus());
    return r.ok;
  };
}
