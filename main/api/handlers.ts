/** One handler per contract method: parsed input in, contract output out. Thin: services do the work. */
import type { MethodName, MethodOutput, MethodParsedInput } from '../../preload/contract.js';
import { appStatus, enterPin } from '../services/app.js';
import { itemByBarcode, searchItems } from '../services/catalogue.js';
import type { Ctx } from '../services/context.js';
import { documentView } from '../services/documents.js';
import { addItem, cancelCheck, openCheck, payCheck, removeLine } from '../services/sale.js';
import { currentShift, openShift, xReport, zReport } from '../services/shift.js';
import { changePassword, createUser, listUsers, login, loginChoices, logout, resetPassword } from '../services/users.js';

type Handlers = {
  readonly [M in MethodName]: (input: MethodParsedInput<M>, ctx: Ctx) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

/** Waits for the СКО at most this long before answering; the outbox keeps trying after. */
const FISCAL_WAIT_MS = 3_000;

async function deliverBriefly(ctx: Ctx): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ctx.fiscal.kick(), new Promise((resolve) => (timer = setTimeout(resolve, FISCAL_WAIT_MS)))]);
  clearTimeout(timer);
}

function sessionChanged(ctx: Ctx): void {
  ctx.emit('session.changed', appStatus(ctx));
}

export const handlers: Handlers = {
  'app.status': (_, ctx) => appStatus(ctx),
  'setup.enterPin': ({ pin }, ctx) => enterPin(ctx, pin),

  'auth.users': (_, ctx) => loginChoices(ctx),
  'auth.login': ({ login: name, password }, ctx) => {
    const user = login(ctx, name, password);
    sessionChanged(ctx);
    return user;
  },
  'auth.logout': (_, ctx) => {
    logout(ctx);
    sessionChanged(ctx);
    return null;
  },
  'auth.changePassword': ({ oldPassword, newPassword }, ctx) => {
    const user = changePassword(ctx, oldPassword, newPassword);
    sessionChanged(ctx);
    return user;
  },

  'users.list': (_, ctx) => listUsers(ctx),
  'users.create': (input, ctx) => createUser(ctx, input),
  'users.resetPassword': ({ login: name, temporaryPassword }, ctx) => resetPassword(ctx, name, temporaryPassword),

  'shift.current': (_, ctx) => currentShift(ctx),
  'shift.open': async (_, ctx) => {
    const shift = openShift(ctx);
    await deliverBriefly(ctx);
    return shift;
  },
  'shift.xReport': async (_, ctx) => {
    const report = xReport(ctx);
    await deliverBriefly(ctx);
    return { ...report, document: documentView(ctx, report.document.id) };
  },
  'shift.zReport': async (_, ctx) => {
    await deliverBriefly(ctx);
    const report = zReport(ctx);
    await deliverBriefly(ctx);
    return { ...report, document: documentView(ctx, report.document.id) };
  },

  'catalogue.search': ({ query, limit }, ctx) => searchItems(ctx, query, limit),
  'catalogue.byBarcode': ({ barcode }, ctx) => itemByBarcode(ctx, barcode),

  'sale.current': (_, ctx) => openCheck(ctx),
  'sale.addItem': (input, ctx) => addItem(ctx, input),
  'sale.removeLine': ({ lineId }, ctx) => removeLine(ctx, lineId),
  'sale.cancel': (_, ctx) => cancelCheck(ctx),
  'sale.pay': async ({ payments }, ctx) => {
    const { documentId, change } = payCheck(ctx, payments);
    await deliverBriefly(ctx);
    return { document: documentView(ctx, documentId), change };
  },

  'documents.get': ({ id }, ctx) => documentView(ctx, id),
};
