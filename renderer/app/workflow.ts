/** The till's settings for the cashier's work (accounting mode, currencies, discounts) and its sections. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Section, WorkflowSettings } from '../../preload/contract/index.js';
import { statusLoaded } from './session.js';

type WorkflowState = { readonly settings: WorkflowSettings | null; readonly sections: readonly Section[] };

const initialState: WorkflowState = { settings: null, sections: [] };

export const workflowSlice = createSlice({
  name: 'workflow',
  initialState,
  reducers: {
    workflowLoaded(state, action: PayloadAction<{ settings: WorkflowSettings; sections: Section[] }>) {
      return action.payload;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(statusLoaded, (state, action) => (action.payload.user ? state : initialState));
  },
});

export const { workflowLoaded } = workflowSlice.actions;

