/** Which screen of the logged-in part is shown. Screens before login follow the session alone. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ShiftReport } from '../../preload/contract.js';
import { statusLoaded } from './session.js';

export type Screen = 'menu' | 'sale' | 'users' | 'report';

type UiState = {
  readonly screen: Screen;
  /** The X or Z report last taken, shown on the report screen. */
  readonly report: ShiftReport | null;
  /** Who the screen belongs to: another user logging in starts from the menu. */
  readonly userId: number | null;
};

const initialState: UiState = { screen: 'menu', report: null, userId: null };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    navigated(state, action: PayloadAction<Screen>) {
      state.screen = action.payload;
    },
    reportShown(state, action: PayloadAction<ShiftReport>) {
      state.report = action.payload;
      state.screen = 'report';
    },
  },
  extraReducers: (builder) => {
    builder.addCase(statusLoaded, (state, action) => {
      const userId = action.payload.user?.id ?? null;
      if (userId !== state.userId) return { screen: 'menu', report: null, userId };
      return state;
    });
  },
});

export const { navigated, reportShown } = uiSlice.actions;
