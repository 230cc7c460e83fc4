/** The shift: open, X-report, Z-report (closing), the list of shifts. */
import type { shiftMethods } from '../../../preload/contract/index.js';
import { closeShift, currentShift, listShifts, openShift, takeXReport } from '../../services/shift.js';
import type { Handlers } from './handler.js';

export const shiftHandlers: Handlers<keyof typeof shiftMethods> = {
  'shift.current': (_, ctx) => currentShift(ctx),
  'shift.open': (_, ctx) => openShift(ctx),
  'shift.xReport': (_, ctx) => takeXReport(ctx),
  'shift.zReport': ({ cashOutAll }, ctx) => closeShift(ctx, { cashOutAll }),
  'shifts.list': (filter, ctx) => listShifts(ctx, filter),
};
