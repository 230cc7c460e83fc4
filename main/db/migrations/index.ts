/** Every migration, in order, imported statically. Append only: never edit a released one. */
import type { Migration } from './migration.js';
import { m001Initial } from './001-initial.js';
import { m002SkoClient } from './002-sko-client.js';
import { m003CashierWorkflow } from './003-cashier-workflow.js';
import { m004SectionsDirectory } from './004-sections-directory.js';
import { m005TerminalJournal } from './005-terminal-journal.js';
import { m006SkoFrozenRequests } from './006-sko-frozen-requests.js';
import { m007LabelAmounts } from './007-label-amounts.js';
import { m008DocumentRequisites } from './008-document-requisites.js';
import { m009DocumentVatAndMarks } from './009-document-vat-and-marks.js';
import { m010Goods } from './010-goods.js';
import { m011Stock } from './011-stock.js';
import { m012Reports } from './012-reports.js';
import { m013Maintenance } from './013-maintenance.js';
import { m014WorkingMode } from './014-working-mode.js';
import { m015GoodsPerf } from './015-goods-perf.js';
import { m016Exports } from './016-exports.js';
import { m017CleanupStock } from './017-cleanup-stock.js';
import { m018ReportAggregates } from './018-report-aggregates.js';
import { m019OpenCheckItem } from './019-open-check-item.js';
import { m020PriceListAddedRanges } from './020-price-list-added-ranges.js';
import { m021PriceListBulkLoad } from './021-price-list-bulk-load.js';
import { m022ItemsChecksWithoutLists } from './022-items-checks-without-lists.js';

export type { Migration };
export const migrations: readonly Migration[] = [
  m001Initial,
  m002SkoClient,
  m003CashierWorkflow,
  m004SectionsDirectory,
  m005TerminalJournal,
  m006SkoFrozenRequests,
  m007LabelAmounts,
  m008DocumentRequisites,
  m009DocumentVatAndMarks,
  m010Goods,
  m011Stock,
  m012Reports,
  m013Maintenance,
  m014WorkingMode,
  m015GoodsPerf,
  m016Exports,
  m017CleanupStock,
  m018ReportAggregates,
  m019OpenCheckItem,
  m020PriceListAddedRanges,
  m021PriceListBulkLoad,
  m022ItemsChecksWithoutLists,
];
