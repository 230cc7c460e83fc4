/** Which screen of the logged-in part is shown. Screens before login follow the session alone. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ShiftReport } from '../../preload/contract/index.js';
import { statusLoaded } from './session.js';

export type Screen =
  | 'menu'
  | 'sale'
  | 'users'
  | 'report'
  | 'returns'
  | 'cash'
  | 'documents'
  | 'devices'
  | 'diagnostics'
  | 'fiscal'
  | 'settings'
  | 'stock'
  | 'discountCards'
  | 'goods'
  | 'priceList'
  | 'storage'
  | 'golive'
  | 'wizard'
  | 'maintenance'
  | 'journal'
  | 'reports'
  | 'exports';

type UiState = {
  readonly screen: Screen;
  /** The X or Z report last taken, shown on the report screen. */
  readonly report: ShiftReport | null;
  /** A sale to return from, chosen on the documents screen. */
  readonly returnOf: number | null;
  /** Who the screen belongs to: another user logging in starts from the menu. */
  readonly userId: number | null;
};

const initialState: UiState = { screen: 'menu', report: null, returnOf: null, userId: null };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    navigated(state, action: PayloadAction<Screen>) {
      state.screen = action.payload;
      state.returnOf = null;
    },
    reportShown(state, action: PayloadAction<ShiftReport>) {
      state.report = action.payload;
      state.screen = 'report';
    },
    returnStarted(state, action: PayloadAction<number>) {
      state.screen = 'returns';
      state.returnOf = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(statusLoaded, (state, action) => {
      const userId = action.payload.user?.id ?? null;
      if (userId !== state.userId) return { ...initialState, userId };
      return state;
    });
  },
});

export const { navigated, reportShown, returnStarted } = uiSlice.actions;
