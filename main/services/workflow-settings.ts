/** The settings of the cashier's work: accounting mode, weight labels, currencies, annulment, terminal, discounts. */
import type { TerminalMode, WorkflowSettings } from '../../preload/contract.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { getSetting, setSetting } from './settings.js';
import { currentShift } from './shift.js';

const KEYS = ['accountingMode', 'weightBarcode', 'currencies', 'annulment', 'paymentTerminal', 'discounts', 'zRequiresEmptyDrawer'] as const;

export function workflowSettings(ctx: Ctx): WorkflowSettings {
  return {
    accountingMode: getSetting(ctx, 'accountingMode'),
    weightBarcode: getSetting(ctx, 'weightBarcode'),
    currencies: getSetting(ctx, 'currencies'),
    annulment: getSetting(ctx, 'annulment'),
    paymentTerminal: getSetting(ctx, 'paymentTerminal'),
    discounts: getSetting(ctx, 'discounts'),
    zRequiresEmptyDrawer: getSetting(ctx, 'zRequiresEmptyDrawer'),
  };
}

export function saveWorkflow(ctx: Ctx, patch: Partial<WorkflowSettings>): WorkflowSettings {
  ctx.db.transaction(() => {
    if (patch.accountingMode !== undefined && patch.accountingMode !== getSetting(ctx, 'accountingMode') && currentShift(ctx)) {
      throw new KassaError('CONFLICT', 'Вид учёта меняется только при закрытой смене');
    }
    for (const key of KEYS) {
      const value = patch[key];
      if (value !== undefined) setSetting(ctx, key, value as never);
    }
    audit(ctx, 'settings.workflow', { changed: KEYS.filter((k) => patch[k] !== undefined) });
  })();
  return workflowSettings(ctx);
}

/** Training mode: what the simulated terminal answers from now on. */
export function simulateTerminal(ctx: Ctx, mode: TerminalMode): void {
  if (!getSetting(ctx, 'trainingMode')) throw new KassaError('CONFLICT', 'Учебный терминал работает только в учебном режиме');
  const terminal = getSetting(ctx, 'paymentTerminal');
  if (terminal.kind !== 'simulator') throw new KassaError('CONFLICT', 'Подключён не учебный терминал');
  ctx.db.transaction(() => {
    setSetting(ctx, 'paymentTerminal', { ...terminal, mode });
    audit(ctx, 'terminal.simulate', { mode });
  })();
}
