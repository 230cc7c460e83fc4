/** What main says about the till: setup done, training mode, who is logged in, the shift, the СКО queue. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { AppStatus, EventPayload } from '../../preload/contract/index.js';

type SessionState = {
  readonly status: AppStatus | null;
  /** The СКО's answer to the PIN, shown once before the login screen. */
  readonly setupMessage: string | null;
  readonly loadFailed: boolean;
};

const initialState: SessionState = { status: null, setupMessage: null, loadFailed: false };

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    statusLoaded(state, action: PayloadAction<AppStatus>) {
      return { ...state, status: action.payload, loadFailed: false };
    },
    statusLoadFailed(state) {
      return { ...state, loadFailed: true };
    },
    shiftChanged(state, action: PayloadAction<EventPayload<'shift.changed'>>) {
      if (state.status) state.status = { ...state.status, shift: action.payload };
    },
    fiscalQueueChanged(state, action: PayloadAction<EventPayload<'fiscal.queue'>>) {
      const q = action.payload;
      if (state.status)
        state.status = { ...state.status, fiscalQueue: q.pending, fiscalOldestAt: q.oldestAt, fiscalRejected: q.rejected, fiscalNeedsPin: q.needsPin };
    },
    setupMessageShown(state, action: PayloadAction<string>) {
      return { ...state, setupMessage: action.payload };
    },
    setupMessageCleared(state) {
      return { ...state, setupMessage: null };
    },
  },
});

export const { statusLoaded, statusLoadFailed, shiftChanged, fiscalQueueChanged, setupMessageShown, setupMessageCleared } = sessionSlice.actions;
