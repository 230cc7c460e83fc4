/** Returns: finding the original sale, by check, without itemization or without a check. */
import type { returnsMethods } from '../../../preload/contract/index.js';
import { findOriginal, previewByCheck, returnByCheck, returnFree } from '../../services/returns.js';
import type { Handlers } from './handler.js';

export const returnsHandlers: Handlers<keyof typeof returnsMethods> = {
  'returns.findOriginal': (input, ctx) => findOriginal(ctx, input),
  'returns.preview': (input, ctx) => previewByCheck(ctx, input),
  'returns.byCheck': (input, ctx) => returnByCheck(ctx, input),
  'returns.free': (input, ctx) => returnFree(ctx, input),
};
