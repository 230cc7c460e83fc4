/**
 * The till's settings for the cashier's work (accounting mode, currencies, discounts) and its
 * sections, as last read from main (`settings.workflow`, `sections.list`); screens use defaults until they arrive.
 */
import { createSlice } from '@reduxjs/toolkit';
import type { Section, WorkflowSettings } from '../../preload/contract/index.js';
import { server } from './server.js';
import { statusLoaded } from './session.js';

type WorkflowState = { readonly settings: WorkflowSettings | null; readonly sections: readonly Section[] };

const initialState: WorkflowState = { settings: null, sections: [] };

export const workflowSlice = createSlice({
  name: 'workflow',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder.addCase(statusLoaded, (state, action) => (action.payload.user ? state : initialState));
    builder.addMatcher(server.endpoints['settings.workflow'].matchFulfilled, (state, action) => ({ ...state, settings: action.payload }));
    builder.addMatcher(server.endpoints['sections.list'].matchFulfilled, (state, action) => ({ ...state, sections: action.payload }));
  },
});
