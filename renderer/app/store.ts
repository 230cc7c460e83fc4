/** The Redux store and the one way screens call main: `dispatch(call(method, input))`. */
import { configureStore, type ThunkAction, type UnknownAction } from '@reduxjs/toolkit';
import { useDispatch, useSelector } from 'react-redux';
import { methods, type ErrorCode, type MethodInput, type MethodName, type MethodOutput, type Result } from '../../preload/contract/index.js';
import { invoke } from './api.js';
import { noticeShown, noticesCleared, noticesSlice } from './notices.js';
import { saleSlice } from './sale.js';
import { sessionSlice, statusLoaded, statusLoadFailed } from './session.js';
import { uiSlice } from './ui.js';
import { workflowSlice } from './workflow.js';

export const store = configureStore({
  reducer: {
    session: sessionSlice.reducer,
    ui: uiSlice.reducer,
    sale: saleSlice.reducer,
    notices: noticesSlice.reducer,
    workflow: workflowSlice.reducer,
  },
});

export type RootState = ReturnType<typeof store.getState>;
export type AppStore = typeof store;
export type AppDispatch = typeof store.dispatch;
export type AppThunk<R> = ThunkAction<R, RootState, unknown, UnknownAction>;

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();

/** Errors that mean our picture of the session is stale: reload it so the right screen shows. */
const STALE_STATUS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SETUP_REQUIRED',
  'UNAUTHENTICATED',
  'PASSWORD_CHANGE_REQUIRED',
  'SHIFT_CLOSED',
  'SHIFT_OPEN',
  'SHIFT_TOO_LONG',
]);

/** Queries only read: they do not start a new attempt, so they leave the notices on screen. */
const isQuery = (method: MethodName): boolean => methods[method].type === 'query';

type CallOptions = {
  /** Do not show the error in the notice area (the screen shows it itself). */
  readonly quiet?: boolean;
};

/** Calls main; an error goes to the notice area in the server's Russian words, replacing the last one. */
export function call<M extends MethodName>(
  method: M,
  input?: MethodInput<M>,
  options: CallOptions = {},
): AppThunk<Promise<Result<MethodOutput<M>>>> {
  return async (dispatch) => {
    // A new attempt makes the last error and the last confirmation stale.
    if (!isQuery(method)) dispatch(noticesCleared());
    const result = await invoke(method, input);
    if (!result.ok) {
      if (!options.quiet) dispatch(noticeShown('error', result.error.message, result.error.code));
      if (STALE_STATUS.has(result.error.code)) void dispatch(refreshStatus());
    }
    return result;
  };
}

export function refreshStatus(): AppThunk<Promise<void>> {
  return async (dispatch) => {
    const result = await invoke('app.status');
    if (result.ok) dispatch(statusLoaded(result.value));
    else {
      dispatch(statusLoadFailed());
      dispatch(noticeShown('error', result.error.message, result.error.code));
    }
  };
}
