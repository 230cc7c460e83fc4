/**
 * Every contract method's handler, one file per area, merged into one map. Its type comes from
 * the contract: a method without a handler, or a handler without a method, does not compile.
 * Handlers stay thin: the parsed input goes to a service, which does the work.
 */
import type { MethodName } from '../../../preload/contract/index.js';
import { appHandlers } from './app.js';
import { authHandlers } from './auth.js';
import { cashHandlers } from './cash.js';
import { catalogueHandlers } from './catalogue.js';
import { devicesHandlers } from './devices.js';
import { documentsHandlers } from './documents.js';
import { fiscalHandlers } from './fiscal.js';
import { goliveHandlers } from './golive.js';
import type { Handlers } from './handler.js';
import { returnsHandlers } from './returns.js';
import { saleHandlers } from './sale.js';
import { sectionsHandlers } from './sections.js';
import { settingsHandlers } from './settings.js';
import { shiftHandlers } from './shift.js';
import { storageHandlers } from './storage.js';
import { priceListHandlers } from './price-list.js';
import { tasksHandlers } from './tasks.js';
import { maintenanceHandlers } from './maintenance.js';
import { reportsHandlers } from './reports.js';
import { terminalHandlers } from './terminal.js';
import { usersHandlers } from './users.js';
import { stockHandlers } from './stock.js';
import { discountCardsHandlers } from './discount-cards.js';
import { goodsHandlers } from './goods.js';
import { exportsHandlers } from './exports.js';

export const handlers: Handlers<MethodName> = {
  ...appHandlers,
  ...authHandlers,
  ...usersHandlers,
  ...shiftHandlers,
  ...catalogueHandlers,
  ...saleHandlers,
  ...sectionsHandlers,
  ...returnsHandlers,
  ...documentsHandlers,
  ...cashHandlers,
  ...settingsHandlers,
  ...terminalHandlers,
  ...fiscalHandlers,
  ...devicesHandlers,
  ...storageHandlers,
  ...stockHandlers,
  ...discountCardsHandlers,
  ...priceListHandlers,
  ...tasksHandlers,
  ...goodsHandlers,
  ...goliveHandlers,
  ...maintenanceHandlers,
  ...reportsHandlers,
  ...exportsHandlers,
};
