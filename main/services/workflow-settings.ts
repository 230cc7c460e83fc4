/** The settings of the cashier's work: accounting mode, weight labels, currencies, annulment, terminal, discounts. */
import type { TerminalMode, WorkflowSettings } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { getSetting, setSetting } from './settings.js';
import { currentShift } from './shift.js';

const KEYS = [
  'accountingMode',
  'weightBarcode',
  'currencies',
  'annulment',
  'paymentTerminal',
  'oplati',
  'discounts',
  'zRequiresEmptyDrawer',
  'maxShiftHours',
  'amountLimits',
  'returnToCash',
  'stornoNeedsAdmin',
  'repeatScanAddsQuantity',
] as const;

export function workflowSettings(ctx: Ctx): WorkflowSettings {
  return {
    accountingMode: getSetting(ctx, 'accountingMode'),
    weightBarcode: getSetting(ctx, 'weightBarcode'),
    currencies: getSetting(ctx, 'currencies'),
    annulment: getSetting(ctx, 'annulment'),
    paymentTerminal: getSetting(ctx, 'paymentTerminal'),
    oplati: getSetting(ctx, 'oplati'),
    discounts: getSetting(ctx, 'discounts'),
    zRequiresEmptyDrawer: getSetting(ctx, 'zRequiresEmptyDrawer'),
    maxShiftHours: getSetting(ctx, 'maxShiftHours'),
    amountLimits: getSetting(ctx, 'amountLimits'),
    returnToCash: getSetting(ctx, 'returnToCash'),
    stornoNeedsAdmin: getSetting(ctx, 'stornoNeedsAdmin'),
    repeatScanAddsQuantity: getSetting(ctx, 'repeatScanAddsQuantity'),
  };
}

/**
 * Saves what the admin changed, all of it or nothing, in one transaction; the audit entry keeps
 * each changed value before and after. The settings screen sends every key: unchanged ones are skipped.
 */
export function saveWorkflow(ctx: Ctx, patch: Partial<WorkflowSettings>): WorkflowSettings {
  ctx.db.transaction(() => {
    const before = workflowSettings(ctx);
    const changed = KEYS.filter((k) => patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(before[k]));
    if (changed.includes('accountingMode') && currentShift(ctx)) {
      throw new KassaError('CONFLICT', 'Вид учёта меняется только при закрытой смене', {
        issues: [{ path: ['accountingMode'], message: 'Вид учёта меняется только при закрытой смене' }],
      });
    }
    if (changed.length === 0) return;
    for (const key of changed) setSetting(ctx, key, patch[key] as never);
    audit(ctx, 'settings.workflow', {
      changed,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, patch[k]])),
    });
  })();
  return workflowSettings(ctx);
}

/** Training mode: what the simulated terminal answers from now on. */
export function simulateTerminal(ctx: Ctx, mode: TerminalMode): void {
  if (!getSetting(ctx, 'trainingMode')) throw new KassaError('CONFLICT', 'Учебный терминал работает только в учебном режиме');
  const terminal = getSetting(ctx, 'paymentTerminal');
  // The mode drives the card simulator (no terminal chosen) and the ОПЛАТИ emulator's «customer» alike.
  ctx.db.transaction(() => {
    setSetting(ctx, 'paymentTerminal', { ...terminal, mode });
    audit(ctx, 'terminal.simulate', { mode });
  })();
}
