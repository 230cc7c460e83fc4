/**
 * The narrow API between the renderer and main, one file per area: every method with its input and
 * output schema, who may call it, and whether it is a query or a command; the events main sends.
 * Imports only zod, so main, preload and the renderer all share it. Adding a method: README,
 * «Adding an API method».
 */
import type { z } from 'zod';
import { appEvents, appMethods } from './app.js';
import { authMethods } from './auth.js';
import { cashMethods } from './cash.js';
import { catalogueMethods } from './catalogue.js';
import { devicesEvents, devicesMethods } from './devices.js';
import { documentsMethods } from './documents.js';
import { fiscalEvents, fiscalMethods } from './fiscal.js';
import { goliveMethods } from './golive.js';
import type { eventNames, methodNames } from './names.js';
import { returnsMethods } from './returns.js';
import { saleEvents, saleMethods } from './sale.js';
import { sectionsMethods } from './sections.js';
import { settingsMethods } from './settings.js';
import { shiftEvents, shiftMethods } from './shift.js';
import { storageMethods } from './storage.js';
import { priceListMethods } from './price-list.js';
import { tasksEvents, tasksMethods } from './tasks.js';
import { terminalEvents, terminalMethods } from './terminal.js';
import { maintenanceMethods } from './maintenance.js';
import { reportsMethods } from './reports.js';
import { usersMethods } from './users.js';
import { stockMethods } from './stock.js';
import { discountCardsMethods } from './discount-cards.js';
import { goodsMethods } from './goods.js';
import { exportsEvents, exportsMethods } from './exports.js';

export * from './shapes.js';
export * from './app.js';
export * from './auth.js';
export * from './users.js';
export * from './shift.js';
export * from './catalogue.js';
export * from './sale.js';
export * from './sections.js';
export * from './returns.js';
export * from './documents.js';
export * from './cash.js';
export * from './settings.js';
export * from './terminal.js';
export * from './fiscal.js';
export * from './devices.js';
export * from './storage.js';
export * from './stock.js';
export * from './discount-cards.js';
export * from './price-list.js';
export * from './tasks.js';
export * from './goods.js';
export * from './golive.js';
export * from './maintenance.js';
export * from './reports.js';
export * from './exports.js';
export type { Access, MethodType } from './method.js';
export { eventNames, methodNames } from './names.js';

export const methods = {
  ...appMethods,
  ...authMethods,
  ...usersMethods,
  ...shiftMethods,
  ...catalogueMethods,
  ...saleMethods,
  ...sectionsMethods,
  ...returnsMethods,
  ...documentsMethods,
  ...cashMethods,
  ...settingsMethods,
  ...terminalMethods,
  ...fiscalMethods,
  ...devicesMethods,
  ...storageMethods,
  ...stockMethods,
  ...discountCardsMethods,
  ...priceListMethods,
  ...tasksMethods,
  ...goodsMethods,
  ...goliveMethods,
  ...maintenanceMethods,
  ...reportsMethods,
  ...exportsMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

/** Events (main → renderer). */
export const events = {
  ...appEvents,
  ...shiftEvents,
  ...fiscalEvents,
  ...devicesEvents,
  ...saleEvents,
  ...terminalEvents,
  ...tasksEvents,
  ...exportsEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
/** The preload's name lists name exactly the contract's methods and events (a type error otherwise). */
export type MethodNamesMatchContract = Holds<Same<(typeof methodNames)[number], MethodName>>;
export type EventNamesMatchContract = Holds<Same<(typeof eventNames)[number], EventName>>;
