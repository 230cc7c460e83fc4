/** One handler per contract method: parsed input in, contract output out. Thin: services do the work. */
import type { MethodName, MethodOutput, MethodParsedInput, OpenCheck } from '../../preload/contract/index.js';
import { appStatus, enterPin } from '../services/app.js';
import { itemByBarcode, searchItems } from '../services/catalogue.js';
import type { Ctx } from '../services/context.js';
import { documentView } from '../services/documents.js';
import {
  compareWithSko,
  deliverBeforeZ,
  documentFiscal,
  fillRequisitesFromSko,
  fiscalSettings,
  fiscalStatus,
  resendRefused,
  saveFiscalSettings,
  unlockAgain,
} from '../services/fiscal.js';
import { devicesOf } from '../services/devices.js';
import { drawerAccess, openDrawer, printDocument, printerPreview, printerStatus, printNewDocument, testPrint } from '../services/printing.js';
import { addItem, cancelCheck, openCheck, payCheck, removeLine, stableWeight } from '../services/sale.js';
import { currentShift, openShift, xReport, zReport } from '../services/shift.js';
import { changePassword, createUser, listUsers, login, loginChoices, logout, resetPassword } from '../services/users.js';
import { workflowHandlers } from './workflow-handlers.js';

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

/** The pole display and the customer window follow the open check. */
function shown(ctx: Ctx, check: OpenCheck): OpenCheck {
  const lines = check.lines.map((l) => ({ name: l.name, quantity: l.quantity, unit: l.unit, amount: l.amount }));
  devicesOf(ctx).checkChanged({ lines, total: check.total, change: null });
  return check;
}

function sessionChanged(ctx: Ctx): void {
  ctx.emit('session.changed', appStatus(ctx));
}

export const handlers: Handlers = {
  'app.status': (_, ctx) => appStatus(ctx),
  'setup.enterPin': async ({ pin }, ctx) => {
    const result = await enterPin(ctx, pin);
    await devicesOf(ctx).restart('scale'); // the simulated scale runs in training mode only
    return result;
  },

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
    const print = await printNewDocument(ctx, report.document.id); // stored already: a failure only reports
    return { ...report, document: documentView(ctx, report.document.id), print };
  },
  'shift.zReport': async ({ cashOutAll }, ctx) => {
    await deliverBeforeZ(ctx); // Z waits for an empty queue (setting zWaitSeconds); zReport refuses if it is not
    const report = zReport(ctx, { cashOutAll });
    await deliverBriefly(ctx);
    const print = await printNewDocument(ctx, report.document.id);
    return { ...report, document: documentView(ctx, report.document.id), print };
  },

  'catalogue.search': ({ query, limit }, ctx) => searchItems(ctx, query, limit),
  'catalogue.byBarcode': ({ barcode }, ctx) => itemByBarcode(ctx, barcode),

  'sale.current': (_, ctx) => shown(ctx, openCheck(ctx)),
  'sale.addItem': async ({ weigh, ...input }, ctx) => {
    const quantity = weigh ? await stableWeight(ctx) : input.quantity;
    return shown(ctx, addItem(ctx, { ...input, quantity }));
  },
  'sale.removeLine': ({ lineId }, ctx) => shown(ctx, removeLine(ctx, lineId)),
  'sale.cancel': (_, ctx) => shown(ctx, cancelCheck(ctx)),
  'sale.pay': async ({ payments }, ctx) => {
    const { documentId, change, total } = await payCheck(ctx, payments);
    devicesOf(ctx).checkChanged({ lines: [], total, change });
    await deliverBriefly(ctx);
    // After the fiscal hand-off (the receipt carries the СКО id and QR); never rolls the sale back.
    const print = await printNewDocument(ctx, documentId);
    return { document: documentView(ctx, documentId), change, print };
  },


  'fiscal.status': (_, ctx) => fiscalStatus(ctx),
  'settings.fillRequisitesFromSko': (_, ctx) => fillRequisitesFromSko(ctx),
  'fiscal.unlock': ({ pin }, ctx) => unlockAgain(ctx, pin),
  'fiscal.resend': ({ documentId }, ctx) => resendRefused(ctx, documentId),
  'fiscal.document': ({ id }, ctx) => documentFiscal(ctx, id),
  'fiscal.compare': ({ id }, ctx) => compareWithSko(ctx, id),
  'fiscal.getSettings': (_, ctx) => fiscalSettings(ctx),
  'fiscal.saveSettings': (patch, ctx) => saveFiscalSettings(ctx, patch),

  'devices.listPorts': (_, ctx) => devicesOf(ctx).listPorts(),
  'devices.getSettings': (_, ctx) => devicesOf(ctx).settings(),
  'devices.saveSettings': (patch, ctx) => devicesOf(ctx).save(patch),
  'devices.diagnostics': (_, ctx) => devicesOf(ctx).diagnostics(),
  'scale.read': (_, ctx) => devicesOf(ctx).readWeight(),
  'scale.simulate': ({ grams }, ctx) => {
    devicesOf(ctx).simulate(grams);
    return null;
  },
  'display.test': (_, ctx) => devicesOf(ctx).testDisplay(),

  ...workflowHandlers,

  'printer.status': (_, ctx) => printerStatus(ctx),
  'printer.testPrint': (_, ctx) => testPrint(ctx),
  'printer.openDrawer': (_, ctx) => openDrawer(ctx),
  'printer.drawerAccess': (_, ctx) => drawerAccess(ctx),
  'printer.preview': (_, ctx) => printerPreview(ctx),
  'documents.print': ({ id, copy }, ctx) => printDocument(ctx, id, copy),
};
