/** The till's status and the first start (the СКО PIN). */
import type { appMethods } from '../../../preload/contract/index.js';
import { appStatus, enterPin } from '../../services/app.js';
import type { Handlers } from './handler.js';

export const appHandlers: Handlers<keyof typeof appMethods> = {
  'app.status': (_, ctx) => appStatus(ctx),
  'setup.enterPin': ({ pin }, ctx) => enterPin(ctx, pin),
};
