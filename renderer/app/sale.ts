/** The open check as main keeps it, and the last paid check until "Новый чек". */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { FiscalDocument, OpenCheck } from '../../preload/contract.js';
import { statusLoaded } from './session.js';

export type PaidCheck = { readonly document: FiscalDocument; readonly change: number; readonly tendered: number };

type SaleState = {
  readonly check: OpenCheck | null;
  readonly paid: PaidCheck | null;
};

const initialState: SaleState = { check: null, paid: null };

export const saleSlice = createSlice({
  name: 'sale',
  initialState,
  reducers: {
    checkLoaded(state, action: PayloadAction<OpenCheck>) {
      state.check = action.payload;
    },
    checkPaid(state, action: PayloadAction<PaidCheck>) {
      state.paid = action.payload;
      state.check = { lines: [], total: 0 };
    },
    newCheckStarted(state) {
      state.paid = null;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(statusLoaded, (state, action) => {
      if (!action.payload.user) return initialState;
      return state;
    });
  },
});

export const { checkLoaded, checkPaid, newCheckStarted } = saleSlice.actions;
