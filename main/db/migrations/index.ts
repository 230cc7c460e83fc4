/** Every migration, in order, imported statically. Append only: never edit a released one. */
import type { Migration } from './migration.js';
import { m001Initial } from './001-initial.js';

export type { Migration };
export const migrations: readonly Migration[] = [m001Initial];
