/** Main's picture of the till (setup, training mode, who is logged in, the shift), read again on demand. */
import type { ThunkAction, UnknownAction } from '@reduxjs/toolkit';
import { invoke } from './api.js';
import { noticeShown } from './notices.js';
import { statusLoaded, statusLoadFailed } from './session.js';

export function refreshStatus(): ThunkAction<Promise<void>, unknown, unknown, UnknownAction> {
  return async (dispatch) => {
    const result = await invoke('app.status');
    if (result.ok) dispatch(statusLoaded(result.value));
    else {
      dispatch(statusLoadFailed());
      dispatch(noticeShown('error', result.error.message, result.error.code));
    }
  };
}
