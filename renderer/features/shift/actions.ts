/** Shift operations started from the menu: open, X-report, Z-report. */
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

export function takeReport(kind: 'x' | 'z'): AppThunk<Promise<boolean>> {
  return async (dispatch) => {
    const r = await dispatch(call(kind === 'x' ? 'shift.xReport' : 'shift.zReport'));
    if (r.ok) dispatch(reportShown(r.value));
    if (kind === 'z') await dispatch(refreshStatus());
    return r.ok;
  };
}
