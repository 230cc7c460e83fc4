/** Every migration, in order, imported statically. Append only: never edit a released one. */
import type Database from 'better-sqlite3';
import { m001Initial } from './001-initial.js';

export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
};

export const migrations: readonly Migration[] = [m001Initial];
