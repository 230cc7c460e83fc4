/** The payment terminal: the bank connection check, the training-mode simulator. */
import type { terminalMethods } from '../../../preload/contract/index.js';
import { cancelWaiting, paymentRoutes, settleUnknownTerminalOp, unknownTerminalOps } from '../../services/terminal.js';
import { simulateTerminal } from '../../services/workflow-settings.js';
import type { Handlers } from './handler.js';

export const terminalHandlers: Handlers<keyof typeof terminalMethods> = {
  'terminal.check': (_, ctx) => ctx.terminal.adapter.check(),
  'terminal.unknownOps': (_, ctx) => unknownTerminalOps(ctx),
  'terminal.settleUnknown': (input, ctx) => settleUnknownTerminalOp(ctx, input),
  'terminal.simulate': ({ mode }, ctx) => {
    simulateTerminal(ctx, mode);
    return null;
  },
  'terminal.routes': (_, ctx) => paymentRoutes(ctx),
  'terminal.cancelWait': (_, ctx) => cancelWaiting(ctx),
  'terminal.reconcile': (_, ctx) => ctx.terminal.adapter.reconcile?.() ?? { ok: true, message: 'Сверка итогов не нужна' },
};
