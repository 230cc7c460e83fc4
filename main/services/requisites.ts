/**
 * The till's requisites as the admin edits them. Organisation, УНП and registration number come
 * from the СКО («Заполнить из ПК») and are locked once filled from it; trade object and address
 * stay the shop's to edit (DOMAIN «Start-up and users», 4).
 */
import { createRequire } from 'node:module';
import type { stdnum as stdnumModule } from 'stdnum';
import type { Requisites, RequisitesState } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { getSetting, setSetting } from './settings.js';

// stdnum (every country's numbers) loads when an УНП is first checked, not at start (cold start).
const load = createRequire(import.meta.url);
const unpValidator = () => (load('stdnum') as { stdnum: typeof stdnumModule }).stdnum.BY?.unp;

/** The three fields the operator registered: never typed over once the СКО has filled them. */
const FROM_SKO = ['organization', 'unp', 'registrationNumber'] as const;

/** The СКО filled them: fiscal.ts audits every «Заполнить из ПК», in the same transaction as the change. */
function filledFromSko(ctx: Ctx): boolean {
  return ctx.db.prepare("SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = 'requisites.filledFromSko')").pluck().get() === 1;
}

export function requisitesState(ctx: Ctx): RequisitesState {
  return { requisites: getSetting(ctx, 'requisites'), fromSko: filledFromSko(ctx) };
}

/** The УНП checked by its check digit (stdnum by.unp); its compact form, or a refusal next to the field. */
export function checkedUnp(unp: string): string {
  const validator = unpValidator();
  if (!validator) throw new Error('stdnum: no by.unp validator');
  const result = validator.validate(unp);
  if (!result.isValid) {
    const message = `УНП «${unp}» неверный: не сходится контрольная цифра или формат`;
    throw new KassaError('VALIDATION', message, { issues: [{ path: ['unp'], message }] });
  }
  return result.compact;
}

export function saveRequisites(ctx: Ctx, input: Requisites): RequisitesState {
  ctx.db.transaction(() => {
    const before = getSetting(ctx, 'requisites');
    const after: Requisites = { ...input, unp: checkedUnp(input.unp) };
    if (filledFromSko(ctx)) {
      const typedOver = FROM_SKO.filter((k) => after[k] !== before[k]);
      if (typedOver.length > 0) {
        const message = 'Организация, УНП и регистрационный номер заполнены из СКО и вручную не меняются';
        throw new KassaError('CONFLICT', message, { issues: typedOver.map((k) => ({ path: [k], message })) });
      }
    }
    const changed = (Object.keys(after) as (keyof Requisites)[]).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return;
    setSetting(ctx, 'requisites', after);
    audit(ctx, 'requisites.saved', { changed, before, after });
  })();
  return requisitesState(ctx);
}
