/** The Redux store and the one way screens call main: `dispatch(call(method, input))`, or `useRead` for data a screen shows. */
import { configureStore, type Middleware, type ThunkAction, type UnknownAction } from '@reduxjs/toolkit';
import { useDispatch, useSelector, useStore } from 'react-redux';
import { methods, type MethodInput, type MethodName, type MethodOutput, type Result } from '../../preload/contract/index.js';
import { ru } from '../i18n/ru.js';
import { noticeShown, noticesCleared, noticesSlice } from './notices.js';
import { saleSlice } from './sale.js';
import { apiErrorOf, initiate, server } from './server.js';
import { sessionSlice, statusLoaded } from './session.js';
import { uiSlice } from './ui.js';
import { workflowSlice } from './workflow.js';

export { refreshStatus } from './status.js';

/**
 * Another user (or nobody) at the till: nothing read for the last one may show. The cache is
 * emptied once the commands still running have their answer (the login or logout that changed the
 * user is one of them: emptying aborts what runs, and its answer must not be lost).
 */
const forgetOnUserChange: Middleware<object, { session: { status: { user: { id: number } | null } | null } }> = (api) => (next) => (action) => {
  const before = api.getState().session.status?.user?.id ?? null;
  const result = next(action);
  if (statusLoaded.match(action) && (action.payload.user?.id ?? null) !== before) {
    const forget = (): void => {
      const running = api.dispatch(server.util.getRunningMutationsThunk() as never) as unknown as readonly PromiseLike<unknown>[];
      if (running.length > 0) void Promise.allSettled(running).then(forget);
      else api.dispatch(server.util.resetApiState());
    };
    forget();
  }
  return result;
};

export const store = configureStore({
  reducer: {
    session: sessionSlice.reducer,
    ui: uiSlice.reducer,
    sale: saleSlice.reducer,
    notices: noticesSlice.reducer,
    workflow: workflowSlice.reducer,
    [server.reducerPath]: server.reducer,
  },
  middleware: (getDefault) => getDefault().concat(server.middleware, forgetOnUserChange),
  // RTK Query's actions tell the screens at the end of the task, not at the next animation frame:
  // the frame a scan's request asked for kept Chromium's frames running, and the scanned line,
  // ready a few ms later, waited for the next vsync tick instead of being drawn at once.
  enhancers: (getDefault) => getDefault({ autoBatch: { type: 'tick' } }),
});

export type RootState = ReturnType<typeof store.getState>;
export type AppStore = typeof store;
export type AppDispatch = typeof store.dispatch;
export type AppThunk<R> = ThunkAction<R, RootState, unknown, UnknownAction>;

export const useAppDispatch = useDispatch.withTypes<AppDispatch>();
export const useAppSelector = useSelector.withTypes<RootState>();
export const useAppStore = useStore.withTypes<AppStore>();

/** Queries only read: they do not start a new attempt, so they leave the notices on screen. */
const isQuery = (method: MethodName): boolean => methods[method].type === 'query';

type CallOptions = {
  /** Do not show the error in the notice area (the screen shows it itself). */
  readonly quiet?: boolean;
  /**
   * The last notices go when main answers, not when the call is sent. For a scan: its answer comes
   * within a frame, and a notice taken away at once made Chromium start drawing frames, so the new
   * line, ready a few ms later, waited for the next one (the first scan after «Чек отменён»).
   */
  readonly noticesStaleAtAnswer?: boolean;
};

/**
 * Calls main through the server cache (a command updates what it changed, a query reads afresh);
 * an error goes to the notice area in the server's Russian words, replacing the last one.
 */
export function call<M extends MethodName>(method: M, input?: MethodInput<M>, options: CallOptions = {}): AppThunk<Promise<Result<MethodOutput<M>>>> {
  return async (dispatch) => {
    // A new attempt makes the last error and the last confirmation stale.
    const clears = !isQuery(method);
    if (clears && !options.noticesStaleAtAnswer) dispatch(noticesCleared());
    const settled = await dispatch(initiate(method, input) as never as AppThunk<PromiseLike<{ data: unknown } | { error: unknown }>>);
    if (clears && options.noticesStaleAtAnswer) dispatch(noticesCleared());
    if ('data' in settled) return { ok: true, value: settled.data as MethodOutput<M> };
    const error = apiErrorOf(settled.error);
    // Dropped because another user logged in meanwhile: nothing to tell the new one.
    if (!error) return { ok: false, error: { code: 'CONFLICT', message: ru.errors.unexpected } };
    if (!options.quiet) dispatch(noticeShown('error', error.message, error.code));
    return { ok: false, error };
  };
}
