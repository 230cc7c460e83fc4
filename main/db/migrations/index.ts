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
import { m012Reports } from './012-reports.js';

// Until 011 stock is merged: a no-op stand-in keep the versions without gaps. The merge drops this line and its uses.
const reserved = (version: number): Migration => ({ version, name: `0${version}-reserved`, up: () => {} });

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
  reserved(11),
  m012Reports,
];
