/** Every migration, in order, imported statically. Append only: never edit a released one. */
import type { Migration } from './migration.js';
import { m001Initial } from './001-initial.js';
import { m002SkoClient } from './002-sko-client.js';
import { m003CashierWorkflow } from './003-cashier-workflow.js';

export type { Migration };
export const migrations: readonly Migration[] = [m001Initial, m002SkoClient, m003CashierWorkflow];
