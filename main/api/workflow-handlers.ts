/**
 * Handlers of the cashier's workflow (issue 3): sale editing, parked checks, returns, annulment,
 * cash in / out, lists and copies, workflow settings, the payment terminal. Thin: services work.
 */
import type { MethodName, MethodOutput, MethodParsedInput, OpenCheck } from '../../preload/contract/index.js';
import { annulDocument } from '../services/annulment.js';
import { cashBalance, cashMove } from '../services/cash.js';
import type { Ctx } from '../services/context.js';
import { devicesOf } from '../services/devices.js';
import { documentCopy, documentDetail, documentView, listDocuments } from '../services/documents.js';
import { printNewDocument } from '../services/printing.js';
import { requisitesState, saveRequisites } from '../services/requisites.js';
import { findOriginal, returnByCheck, returnFree } from '../services/returns.js';
import {
  addSection,
  parkCheck,
  parkedChecks,
  resumeCheck,
  scanCode,
  setCheckDiscount,
  setLineDiscount,
  setQuantity,
} from '../services/sale.js';
import { addSection as addDirectorySection, removeSection, saleSections, sectionDirectory, updateSection } from '../services/sections.js';
import { listShifts } from '../services/shift.js';
import { terminalOf } from '../services/terminal.js';
import { saveWorkflow, simulateTerminal, workflowSettings } from '../services/workflow-settings.js';

export type WorkflowMethod =
  | 'sale.scan' | 'sale.addSection' | 'sale.setQuantity' | 'sale.lineDiscount' | 'sale.checkDiscount' | 'sale.park' | 'sale.parked'
  | 'sale.resume' | 'sections.list' | 'returns.findOriginal' | 'returns.byCheck' | 'returns.free' | 'documents.annul' | 'cash.in'
  | 'cash.out' | 'cash.balance' | 'documents.get' | 'documents.copy' | 'documents.list' | 'shifts.list' | 'settings.workflow'
  | 'settings.saveWorkflow' | 'terminal.check' | 'terminal.simulate'
  | 'sections.directory' | 'sections.add' | 'sections.update' | 'sections.remove' | 'settings.requisites' | 'settings.saveRequisites';

type Handlers = {
  readonly [M in WorkflowMethod & MethodName]: (input: MethodParsedInput<M>, ctx: Ctx) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

/** Waits for the СКО at most this long before answering; the outbox keeps trying after. */
const FISCAL_WAIT_MS = 3_000;

export async function deliverBriefly(ctx: Ctx): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ctx.fiscal.kick(), new Promise((resolve) => (timer = setTimeout(resolve, FISCAL_WAIT_MS)))]);
  clearTimeout(timer);
}

/** The pole display and the customer window follow the open check. */
export function shownCheck(ctx: Ctx, check: OpenCheck): OpenCheck {
  const lines = check.lines.map((l) => ({ name: l.name, quantity: l.quantity, unit: l.unit, amount: l.amount }));
  devicesOf(ctx).checkChanged({ lines, total: check.total, change: null });
  return check;
}

/** A new document: to the СКО briefly (its id and QR on the receipt), then auto-print; never rolls it back. */
async function handedOver<T extends { document: { id: number } }>(ctx: Ctx, made: T): Promise<T & { print: MethodOutput<'cash.in'>['print'] }> {
  await deliverBriefly(ctx);
  const print = await printNewDocument(ctx, made.document.id);
  return { ...made, document: documentView(ctx, made.document.id), print };
}

export const workflowHandlers: Handlers = {
  'sale.scan': ({ code, quantity }, ctx) => shownCheck(ctx, scanCode(ctx, code, quantity)),
  'sale.addSection': (input, ctx) => shownCheck(ctx, addSection(ctx, input)),
  'sale.setQuantity': ({ lineId, quantity }, ctx) => shownCheck(ctx, setQuantity(ctx, lineId, quantity)),
  'sale.lineDiscount': ({ lineId, adjustment }, ctx) => shownCheck(ctx, setLineDiscount(ctx, lineId, adjustment)),
  'sale.checkDiscount': (input, ctx) => shownCheck(ctx, setCheckDiscount(ctx, input)),
  'sale.park': ({ note }, ctx) => shownCheck(ctx, parkCheck(ctx, note)),
  'sale.parked': (_, ctx) => parkedChecks(ctx),
  'sale.resume': ({ id }, ctx) => shownCheck(ctx, resumeCheck(ctx, id)),
  'sections.list': (_, ctx) => saleSections(ctx),
  'sections.directory': (_, ctx) => sectionDirectory(ctx),
  'sections.add': (input, ctx) => addDirectorySection(ctx, input),
  'sections.update': (input, ctx) => updateSection(ctx, input),
  'sections.remove': ({ code }, ctx) => {
    removeSection(ctx, code);
    return null;
  },

  'returns.findOriginal': (input, ctx) => findOriginal(ctx, input),
  'returns.byCheck': async (input, ctx) => handedOver(ctx, await returnByCheck(ctx, input)),
  'returns.free': async (input, ctx) => handedOver(ctx, await returnFree(ctx, input)),
  'documents.annul': async ({ documentId, reason }, ctx) => handedOver(ctx, { document: await annulDocument(ctx, documentId, reason) }),
  'cash.in': ({ amount, currency }, ctx) => handedOver(ctx, { document: cashMove(ctx, 'cash_in', amount, currency) }),
  'cash.out': ({ amount, currency }, ctx) => handedOver(ctx, { document: cashMove(ctx, 'cash_out', amount, currency) }),
  'cash.balance': (_, ctx) => cashBalance(ctx),

  'documents.get': ({ id }, ctx) => documentDetail(ctx, id),
  'documents.copy': (input, ctx) => documentCopy(ctx, input),
  'documents.list': (filter, ctx) => listDocuments(ctx, filter),
  'shifts.list': (filter, ctx) => listShifts(ctx, filter),

  'settings.workflow': (_, ctx) => workflowSettings(ctx),
  'settings.saveWorkflow': (patch, ctx) => saveWorkflow(ctx, patch),
  'settings.requisites': (_, ctx) => requisitesState(ctx),
  'settings.saveRequisites': (input, ctx) => saveRequisites(ctx, input),
  'terminal.check': (_, ctx) => terminalOf(ctx).check(),
  'terminal.simulate': ({ mode }, ctx) => {
    simulateTerminal(ctx, mode);
    return null;
  },
};
