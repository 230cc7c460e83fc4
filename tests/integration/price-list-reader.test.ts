/**
 * The reader of a streamed import (the bundled dist/main/price-list-reader.js, as the import's
 * worker starts it — `npm run build` first): the checked rows in parts, in file order, then the
 * end; and, once the file is read, it copies the import's WAL into the database file itself.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/database.js';
import type { ReaderInput, ReaderMessage, ToReader } from '../../main/services/price-list/reader-worker.js';
import { unpackRows } from '../../main/services/price-list/row-pack.js';
import { asideFile } from '../../main/services/price-list/search-aside.js';
import { workerBundle } from '../../main/tasks/runner.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const temp = useTempDir('kassa-reader-');
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

function startReader(path: string, input: ReaderInput): { reader: Worker; messages: ReaderMessage[]; ended: Promise<void> } {
  const reader = new Worker(workerBundle('price-list-reader.js'), { workerData: input });
  workers.push(reader);
  reader.postMessage({ type: 'file', bytes: readFileSync(path) } satisfies ToReader);
  const messages: ReaderMessage[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    reader.on('message', (m: ReaderMessage) => {
      messages.push(m);
      if (m.type !== 'rows') resolve();
    });
    reader.on('error', reject);
  });
  return { reader, messages, ended };
}

function priceList(rows: number): string {
  const file = join(temp.dir(), 'prajs.csv');
  const lines = ['Код;Наименование;Цена'];
  for (let i = 0; i < rows; i++) lines.push(`${1000 + i};Пряник ${i};1,${String(i % 100).padStart(2, '0')}`);
  writeFileSync(file, iconv.encode(lines.join('\r\n'), 'win1251'));
  return file;
}

const read = { charset: 'auto', delimiter: 'auto', header: true } as const;
const mapping = { code: 0, name: 1, price: 2 };

describe('the price-list reader', () => {
  it('hands the checked rows on in growing parts, in file order, then the end with its own times', async () => {
    const { messages, ended } = startReader(priceList(7_000), { read, mapping, batch: 1_000, maxBatch: 2_500 });
    await ended;
    const parts = messages.filter((m) => m.type === 'rows');
    expect(parts.map((m) => m.rows.row.length)).toEqual([1_000, 2_000, 2_500, 1_500]);
    const rows = parts.flatMap((m) => unpackRows(m.rows));
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 7_000 }, (_, i) => i + 2));
    expect(rows[6_999]).toMatchObject({ code: '7999', name: 'Пряник 6999', price: 199 });
    expect(messages.at(-1)).toMatchObject({ type: 'end', errors: [], rows: 7_000, width: 3, ms: { read: expect.any(Number) } });
  });

  it('once the file is read, copies the WAL into the database file (a passive checkpoint; nobody else copies it here)', async () => {
    const dbFile = join(temp.dir(), 'kassa.sqlite');
    const db = openDatabase(dbFile);
    try {
      db.pragma('wal_autocheckpoint = 0');
      db.pragma('wal_checkpoint(TRUNCATE)');
      const before = statSync(dbFile).size;
      // Pages that only the WAL holds: the file grows when someone copies them back.
      db.exec('CREATE TABLE filler (x TEXT)');
      const add = db.prepare('INSERT INTO filler VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 2_000; i++) add.run('x'.repeat(500));
      })();
      expect(statSync(dbFile).size).toBe(before);
      const { ended } = startReader(priceList(10), { read, mapping, batch: 1_000, maxBatch: 1_000, dbFile });
      await ended;
      await expect.poll(() => statSync(dbFile).size, { timeout: 5_000 }).toBeGreaterThan(before + 500_000);
    } finally {
      db.close();
    }
  });

  it('when asked, makes the search index of the items as committed in a file of its own, and says so in the shared flag', async () => {
    const dbFile = join(temp.dir(), 'kassa.sqlite');
    const db = openDatabase(dbFile);
    try {
      db.run("INSERT INTO sections (code, name) VALUES (0, 'Секция 0') ON CONFLICT DO NOTHING");
      const add = db.prepare("INSERT INTO items (code, name, name_lc, price, unit) VALUES (?, ?, ?, 100, 'шт')");
      for (let i = 0; i < 300; i++) add.run(String(5000 + i), `Пряник ${i}`, `${i % 3 === 0 ? 'пряник мятный' : 'пряник'} ${i}`);
      const { reader, ended } = startReader(priceList(10), { read, mapping, batch: 1_000, maxBatch: 1_000, dbFile });
      await ended;
      const ask = (file: string) => {
        const done = new Int32Array(new SharedArrayBuffer(4));
        reader.postMessage({ type: 'search', file, done: done.buffer } satisfies ToReader);
        return done;
      };
      const done = ask(asideFile(dbFile));
      await expect.poll(() => Atomics.load(done, 0)).toBe(1);
      const aside = new Sqlite(asideFile(dbFile), { readonly: true });
      try {
        expect(aside.prepare('SELECT count(*) FROM items_fts_docsize').pluck().get()).toBe(db.value('SELECT count(*) FROM items'));
        const found = aside.prepare('SELECT rowid FROM items_fts WHERE items_fts MATCH \'"мятный"\' ORDER BY rowid').pluck().all();
        expect(found).toEqual(db.values("SELECT id FROM items WHERE name_lc LIKE '%мятный%' ORDER BY id"));
        expect(found).toHaveLength(100);
      } finally {
        aside.close();
      }
      // Where it cannot be made (no such folder): 2, and the import makes the index itself.
      const failed = ask(join(temp.dir(), 'gone', 'search-aside'));
      await expect.poll(() => Atomics.load(failed, 0)).toBe(2);
    } finally {
      db.close();
    }
  });
});
