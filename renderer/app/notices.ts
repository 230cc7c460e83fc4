/**
 * The notice area: errors in red under the status bar until dismissed or the next attempt starts;
 * confirmations as a short toast that does not push the screen around.
 */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type NoticeKind = 'error' | 'success' | 'info';
export type Notice = { readonly id: number; readonly kind: NoticeKind; readonly text: string; readonly code?: string };

let nextId = 1;

const MAX_NOTICES = 3;

export const noticesSlice = createSlice({
  name: 'notices',
  initialState: { items: [] as Notice[] },
  reducers: {
    noticeShown: {
      reducer(state, action: PayloadAction<Notice>) {
        // The same text again replaces the old one, so a repeated scan does not stack notices;
        // a confirmation replaces the previous confirmation.
        const confirmation = action.payload.kind !== 'error';
        state.items = state.items.filter((n) => n.text !== action.payload.text && (!confirmation || n.kind === 'error'));
        state.items.push(action.payload);
        if (state.items.length > MAX_NOTICES) state.items.splice(0, state.items.length - MAX_NOTICES);
      },
      prepare(kind: NoticeKind, text: string, code?: string) {
        return { payload: code === undefined ? { id: nextId++, kind, text } : { id: nextId++, kind, text, code } };
      },
    },
    noticeDismissed(state, action: PayloadAction<number>) {
      state.items = state.items.filter((n) => n.id !== action.payload);
    },
    noticesCleared(state) {
      // Cleared on every scan: with nothing shown the state stays as it is (no render).
      if (state.items.length > 0) state.items = [];
    },
  },
});

export const { noticeShown, noticeDismissed, noticesCleared } = noticesSlice.actions;
