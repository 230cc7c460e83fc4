/**
 * The till's SQLite file across versions of the program, on real files in a temp folder.
 *
 * Each migration gets its own `describe('NNN-…')` below: it starts from the previous schema
 * holding a shop (`openAt(N - 1)` + the seed of that schema), applies its migration with
 * `openAt(N, file)`, and checks that the data came through and the new schema works.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion, type Db } from '../../main/db/database.js';
import { recoverPriceListImport } from '../../main/services/price-list/apply.js';
import { checksWithoutLists } from '../../main/db/migrations/022-items-checks-without-lists.js';
import { rebuildReportAggregates } from '../../main/services/reports/aggregates.js';
import { migrations, type Migration } from '../../main/db/migrations/index.js';
import { addItem, seedShopV1 } from '../fixtures/shop-v1.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const LATEST = migrations.length;
const tmp = useTempDir('kassa-migrations-');
const opened: Db[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function dbFile(name = 'kassa.sqlite'): string {
  return path.join(tmp.dir(), name);
}

/** The till's file at schema `version` (0 = an empty file), as that version of the program left it. */
function openAt(version: number, file = dbFile()): Db {
  const db = openDatabase(file, { migrateTo: version });
  opened.push(db);
  return db;
}

/** A new file holding the shop of schema 1 (seeded, closed): where a migration's test begins. */
function shopAtV1(): { file: string; shop: ReturnType<typeof seedShopV1> } {
  const file = dbFile();
  const at1 = openAt(1, file);
  const shop = seedShopV1(at1);
  at1.close();
  return { file, shop };
}

function reopen(file: string): Db {
  const db = openDatabase(file);
  opened.push(db);
  return db;
}

/** Tables, indexes and triggers with their SQL: what a migration may change. */
function schemaOf(db: Db): { type: string; name: string; sql: string | null }[] {
  return db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as {
    type: string;
    name: string;
    sql: string | null;
  }[];
}

function namesOf(db: Database.Database, type: 'table' | 'index' | 'trigger'): string[] {
  return (db.prepare('SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE ? ORDER BY name').all(type, 'sqlite_%') as { name: string }[]).map(
    (r) => r.name,
  );
}

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('opening the till database', () => {
  it('brings a new file up to the latest schema', () => {
    const file = dbFile();
    expect(fs.existsSync(file)).toBe(false);
    const db = reopen(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
  });

  it('writes ahead to a WAL journal, syncs fully and enforces foreign keys', () => {
    const db = reopen(dbFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    // so that INSERT OR REPLACE fires the append-only delete triggers (fiscal-immutability.test.ts)
    expect(db.pragma('recursive_triggers', { simple: true })).toBe(1);
    expect(() => addItem(db, { code: '9999', name: 'Товар без отдела', price: 100, vatRate: 2000, unit: 'шт', section: 42, barcodes: [] })).toThrow(
      /FOREIGN KEY constraint failed/,
    );
  });

  it('opens an up-to-date file again without touching its schema or its data', () => {
    const file = dbFile();
    const first = reopen(file);
    const shop = seedShopV1(first);
    const schemaBefore = schemaOf(first);
    first.close();

    const again = reopen(file);
    expect(schemaVersion(again)).toBe(LATEST);
    expect(schemaOf(again)).toEqual(schemaBefore);
    expect(count(again, 'users')).toBe(2);
    expect(count(again, 'document_lines')).toBe(2);
    expect(again.prepare('SELECT total FROM documents WHERE id = ?').get(shop.saleId)).toEqual({ total: 1133 });
  });

  it('refuses, in Russian, a file written by a newer version of the program, and lets go of it', () => {
    const file = dbFile();
    const newer = new Database(file);
    newer.exec('CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)');
    newer.pragma(`user_version = ${LATEST + 1}`);
    newer.close();

    expect(() => openDatabase(file)).toThrow(`База данных создана более новой версией программы (схема ${LATEST + 1}, известно ${LATEST})`);

    // A connection left open would keep the WAL file beside the database (and, on Windows,
    // keep the file locked against a restore from backup).
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST + 1);
    expect(namesOf(check, 'table')).toEqual(['from_the_future']);
    check.close();
  });
});

describe('migrate', () => {
  const failing = (version: number): Migration => ({
    version,
    name: `${String(version).padStart(3, '0')}-loyalty-cards`,
    up(db) {
      db.exec('CREATE TABLE loyalty_cards (number TEXT PRIMARY KEY, discount INTEGER NOT NULL) STRICT');
      db.exec('ALTER TABLE items ADD COLUMN stock INTEGER NOT NULL DEFAULT 0');
      db.exec("INSERT INTO settings (key, value) VALUES ('loyalty', 'on')");
      throw new Error('Питание пропало посреди миграции');
    },
  });
  const working = (version: number): Migration => ({
    version,
    name: `${String(version).padStart(3, '0')}-gift-certificates`,
    up(db) {
      db.exec('CREATE TABLE gift_certificates (number TEXT PRIMARY KEY) STRICT');
    },
  });

  it('knows its migrations in order, each named after its file', () => {
    expect(LATEST).toBeGreaterThan(0);
    migrations.forEach((m, i) => {
      expect(m.version, m.name).toBe(i + 1);
      expect(m.name).toMatch(/^\d{3}-[a-z0-9-]+$/);
      expect(Number(m.name.slice(0, 3)), m.name).toBe(m.version);
    });
  });

  it('stops at the version asked for: 0 leaves an empty file', () => {
    const db = openAt(0);
    expect(schemaVersion(db)).toBe(0);
    expect(namesOf(db, 'table')).toEqual([]);
  });

  it('refuses a list with a gap in the versions before applying anything', () => {
    const db = openAt(0);
    const withGap = [...migrations, working(LATEST + 2)];
    expect(() => migrate(db, withGap)).toThrow(`has version ${LATEST + 2}, expected ${LATEST + 1}`);
    expect(schemaVersion(db)).toBe(0);
    expect(namesOf(db, 'table')).toEqual([]);
  });

  it('rolls back a migration that fails midway: version, schema and data stay as they were', () => {
    const db = openAt(LATEST);
    seedShopV1(db);
    const schemaBefore = schemaOf(db);

    expect(() => migrate(db, [...migrations, failing(LATEST + 1)])).toThrow('Питание пропало посреди миграции');

    expect(schemaVersion(db)).toBe(LATEST);
    expect(schemaOf(db)).toEqual(schemaBefore);
    expect(db.prepare("SELECT * FROM settings WHERE key = 'loyalty'").all()).toEqual([]);
    expect(count(db, 'items')).toBe(2);
  });

  it('keeps the migrations before the failing one: each runs in its own transaction', () => {
    const db = openAt(LATEST);
    expect(() => migrate(db, [...migrations, working(LATEST + 1), failing(LATEST + 2)])).toThrow('Питание пропало');
    expect(schemaVersion(db)).toBe(LATEST + 1);
    expect(namesOf(db, 'table')).toContain('gift_certificates');
    expect(namesOf(db, 'table')).not.toContain('loyalty_cards');
  });

  it('applies the fixed migration on the next start after a failed one', () => {
    const file = dbFile();
    const db = openAt(LATEST, file);
    expect(() => migrate(db, [...migrations, failing(LATEST + 1)])).toThrow();
    migrate(db, [...migrations, working(LATEST + 1)]);
    expect(schemaVersion(db)).toBe(LATEST + 1);
    expect(namesOf(db, 'table')).toContain('gift_certificates');
  });
});

describe('001-initial', () => {
  const TABLES = [
    'audit_log',
    'document_lines',
    'document_payments',
    'documents',
    'fiscal_answers',
    'item_barcodes',
    'items',
    'open_check_lines',
    'outbox',
    'sections',
    'settings',
    'shifts',
    'users',
  ];

  it('creates the tables of a till from an empty file', () => {
    const file = dbFile();
    openAt(0, file).close();
    const db = openAt(1, file);
    expect(schemaVersion(db)).toBe(1);
    expect(namesOf(db, 'table')).toEqual(TABLES);
    expect(namesOf(db, 'index')).toEqual(expect.arrayContaining(['shifts_one_open', 'outbox_pending', 'items_name_lc']));
  });

  it('guards every fiscal table with no-update and no-delete triggers', () => {
    const db = openAt(1);
    const triggers = namesOf(db, 'trigger');
    for (const table of ['documents', 'document_lines', 'document_payments', 'fiscal_answers', 'audit_log']) {
      expect(triggers).toContain(`${table}_no_update`);
      expect(triggers).toContain(`${table}_no_delete`);
    }
    expect(triggers).toEqual(expect.arrayContaining(['shifts_close_only', 'shifts_no_delete']));
  });

  it('makes STRICT tables: a price in text is refused, not stored', () => {
    const db = openAt(1);
    db.prepare("INSERT INTO sections (code, name) VALUES (0, 'Основная')").run();
    expect(() => db.prepare("INSERT INTO items (code, name, name_lc, price, unit) VALUES ('1', 'Хлеб', 'хлеб', '1,45', 'шт')").run()).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
  });

  it('holds a shop: users, goods, an open shift with a paid and fiscalized sale', () => {
    const db = openAt(1);
    const shop = seedShopV1(db);
    const sale = db
      .prepare(
        `SELECT d.total, d.change, sum(l.amount) AS lines, f.sko_doc_id AS sko
           FROM documents d JOIN document_lines l ON l.document_id = d.id JOIN fiscal_answers f ON f.document_id = d.id
          WHERE d.id = ? GROUP BY d.id`,
      )
      .get(shop.saleId);
    expect(sale).toEqual({ total: 1133, change: 867, lines: 1133, sko: 'T-5A1B2C3D4E5F' });
  });

  it('finds a user by login whatever the case', () => {
    const db = openAt(1);
    seedShopV1(db);
    expect(db.prepare('SELECT name FROM users WHERE login = ?').get('IVANOVA')).toEqual({ name: 'Иванова М.' });
  });
});

describe('002-sko-client', () => {
  it('keeps the shop of schema 1 and adds the СКО binding, the signing key of answers and refused documents', () => {
    const file = dbFile();
    const shop = seedShopV1(openAt(1, file));
    const answerBefore = openAt(1, file).prepare('SELECT * FROM fiscal_answers WHERE document_id = ?').get(shop.saleId) as Record<string, unknown>;
    const db = openAt(2, file);
    expect(schemaVersion(db)).toBe(2);
    expect(namesOf(db, 'table')).toContain('sko_session');
    expect(namesOf(db, 'index')).toContain('outbox_waiting');
    expect(count(db, 'documents')).toBe(2);
    expect(db.prepare('SELECT * FROM fiscal_answers WHERE document_id = ?').get(shop.saleId)).toEqual({ ...answerBefore, key_id: '' });
    expect(db.prepare('SELECT attempts, rejected_at, reject_code FROM outbox WHERE id = ?').get(shop.outboxId)).toEqual({
      attempts: 0,
      rejected_at: null,
      reject_code: null,
    });
  });

  it('lets the outbox sender read the waiting rows without walking the delivered ones', () => {
    const db = openAt(2);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT o.id, d.kind FROM outbox o JOIN documents d ON d.id = o.document_id
         WHERE o.delivered_at IS NULL ORDER BY o.id LIMIT 300`,
      )
      .all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' | ')).toMatch(/SCAN o USING (COVERING )?INDEX outbox_waiting/);
  });

  it('still refuses to change the СКО answer of schema 1, new column included', () => {
    const file = dbFile();
    const shop = seedShopV1(openAt(1, file));
    const db = openAt(2, file);
    expect(() => db.prepare("UPDATE fiscal_answers SET key_id = 'forged' WHERE document_id = ?").run(shop.saleId)).toThrow(
      'fiscal_answers: fiscal records are append-only',
    );
  });

  it('keeps exactly one binding row, in a known state', () => {
    const db = openAt(2);
    const insert = db.prepare(
      "INSERT INTO sko_session (id, installation_id, endpoint, state, updated_at) VALUES (?, 'inst', 'embedded', ?, '2026-03-14T09:00:00Z')",
    );
    insert.run(1, 'none');
    expect(() => insert.run(2, 'none')).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE sko_session SET state = 'hacked' WHERE id = 1").run()).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE sko_session SET access_expires_at = 'soon' WHERE id = 1").run()).toThrow(/cannot store TEXT value in INTEGER column/);
  });
});

// describe('002-…', () => {
//   it('keeps the shop of schema 1', () => {
//     const file = dbFile();
//     const shop = seedShopV1(openAt(1, file));
//     const db = openAt(2, file); // openAt reopens the same file and applies 002 only
//     …check shop's rows and the new schema…
//   });
// });

describe('003-cashier-workflow', () => {
  /** The shop of schema 1, brought to schema 2, with a line of an open check. */
  function shopAt2(file: string) {
    const db = openAt(1, file);
    const shop = seedShopV1(db);
    db.prepare(
      "INSERT INTO open_check_lines (item_id, name, barcode, quantity, unit, price, vat_rate, section) VALUES (?, 'Молоко', '4810268001055', 2000, 'шт', 289, 1000, 1)",
    ).run(shop.milkId);
    db.close();
    const at2 = openAt(2, file);
    const rows = {
      documents: at2.prepare('SELECT * FROM documents ORDER BY id').all(),
      lines: at2.prepare('SELECT * FROM document_lines ORDER BY id').all(),
      answers: at2.prepare('SELECT * FROM fiscal_answers ORDER BY document_id').all(),
      outbox: at2.prepare('SELECT * FROM outbox ORDER BY id').all(),
      openLines: at2.prepare('SELECT * FROM open_check_lines ORDER BY id').all(),
    };
    at2.close();
    return { shop, rows };
  }

  it('keeps every document, line, answer, outbox row and open-check line of schema 2', () => {
    const file = dbFile();
    const { shop, rows } = shopAt2(file);
    const db = openAt(3, file);
    expect(schemaVersion(db)).toBe(3);
    const docs = db.prepare('SELECT * FROM documents ORDER BY id').all() as Record<string, unknown>[];
    expect(docs).toEqual(
      (rows.documents as Record<string, unknown>[]).map((d) => ({
        ...d,
        refers_to_id: null,
        currency: 'BYN',
        reason: null,
        discount_card: null,
        check_discount: 0,
      })),
    );
    expect(db.prepare('SELECT * FROM document_lines ORDER BY id').all()).toEqual(
      (rows.lines as Record<string, unknown>[]).map((l) => ({ ...l, discount: 0, mark_code: null, origin_line_id: null })),
    );
    expect(db.prepare('SELECT * FROM fiscal_answers ORDER BY document_id').all()).toEqual(rows.answers);
    expect(db.prepare('SELECT * FROM outbox ORDER BY id').all()).toEqual(rows.outbox);
    expect(db.prepare('SELECT * FROM open_check_lines ORDER BY id').all()).toEqual(
      (rows.openLines as Record<string, unknown>[]).map((l) => ({ ...l, parked_id: null, adjustment: null, mark_code: null, mark_key: null })),
    );
    expect(db.prepare('SELECT marked FROM items WHERE id = ?').pluck().get(shop.milkId)).toBe(0);
    expect(db.prepare('SELECT vat_rate FROM sections WHERE code = 1').pluck().get()).toBe(2000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1); // switched back on after the rebuild
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('keeps documents append-only after the rebuild, INSERT OR REPLACE included', () => {
    const file = dbFile();
    const { shop } = shopAt2(file);
    const db = openAt(3, file);
    expect(namesOf(db, 'trigger')).toEqual(expect.arrayContaining(['documents_no_update', 'documents_no_delete']));
    expect(() => db.prepare('UPDATE documents SET total = 1 WHERE id = ?').run(shop.saleId)).toThrow('documents: fiscal records are append-only');
    expect(() => db.prepare('DELETE FROM documents WHERE id = ?').run(shop.saleId)).toThrow('documents: fiscal records are append-only');
    expect(() =>
      db
        .prepare(
          `INSERT OR REPLACE INTO documents (id, shift_id, number_in_shift, kind, created_at, user_id, cashier, total, idempotency_key, training)
           VALUES (?, ?, 2, 'sale', '2026-03-14T09:00:00.000Z', ?, 'x', 1, 'forged', 1)`,
        )
        .run(shop.saleId, shop.shiftId, shop.cashierId),
    ).toThrow('documents: fiscal records are append-only');
    // The lines still point at the documents table, and it still checks them.
    expect(() =>
      db
        .prepare("INSERT INTO document_lines (document_id, line_no, name, quantity, unit, price, amount, vat, section) VALUES (999, 1, 'x', 1000, 'шт', 1, 1, 0, 0)")
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('takes the new kinds with their rules: a return refers to a sale, an annulment to one document once, currency on cash only', () => {
    const file = dbFile();
    const { shop } = shopAt2(file);
    const db = openAt(3, file);
    let n = 3;
    const add = (kind: string, extra: { refersTo?: number | null; currency?: string } = {}) =>
      db
        .prepare(
          `INSERT INTO documents (shift_id, number_in_shift, kind, created_at, user_id, cashier, total, idempotency_key, training, refers_to_id, currency)
           VALUES (?, ?, ?, '2026-03-14T10:00:00.000Z', ?, 'x', 100, ?, 1, ?, ?)`,
        )
        .run(shop.shiftId, n++, kind, shop.cashierId, `k${n}`, extra.refersTo ?? null, extra.currency ?? 'BYN');
    add('cash_in', { currency: 'USD' });
    add('return', { refersTo: shop.saleId });
    add('return');
    expect(() => add('refund')).toThrow(/CHECK constraint failed/);
    expect(() => add('sale', { currency: 'USD' })).toThrow(/CHECK constraint failed/);
    expect(() => add('cash_in', { currency: 'GBP' })).toThrow(/CHECK constraint failed/);
    expect(() => add('annulment')).toThrow(/CHECK constraint failed/);
    expect(() => add('sale', { refersTo: shop.saleId })).toThrow(/CHECK constraint failed/);
    add('annulment', { refersTo: shop.saleId });
    expect(() => add('annulment', { refersTo: shop.saleId })).toThrow(/UNIQUE constraint failed/);
    expect(() => add('return', { refersTo: 9999 })).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('indexes names for search as you type and keeps the index in step with the catalogue', () => {
    const file = dbFile();
    const { shop } = shopAt2(file);
    const db = openAt(3, file);
    const find = (q: string) => db.prepare('SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid').pluck().all(`"${q}"`);
    expect(find('савушк')).toEqual([shop.milkId]); // items of schema 2 are in the index
    const id = addItem(db, { code: '5001', name: 'Сок яблочный Сочны 1 л', price: 299, vatRate: 2000, unit: 'шт', section: 1, barcodes: [] });
    expect(find('блочн')).toEqual([id]);
    db.prepare("UPDATE items SET name = 'Нектар грушевый', name_lc = 'нектар грушевый' WHERE id = ?").run(id);
    expect(find('блочн')).toEqual([]);
    expect(find('грушев')).toEqual([id]);
  });

  it('rolls the whole rebuild back if it fails midway, leaving schema 2 and foreign keys on', () => {
    const file = dbFile();
    shopAt2(file);
    const db = openAt(2, file);
    const schemaBefore = schemaOf(db);
    const broken: Migration = {
      ...migrations[2]!,
      up(d) {
        migrations[2]!.up(d);
        throw new Error('Питание пропало посреди перестройки');
      },
    };
    expect(() => migrate(db, [migrations[0]!, migrations[1]!, broken])).toThrow('Питание пропало посреди перестройки');
    expect(schemaVersion(db)).toBe(2);
    expect(schemaOf(db)).toEqual(schemaBefore);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('004-sections-directory', () => {
  it('keeps every section of schema 3 with its rate, offered for sale, and answers «is it used?» from an index', () => {
    const file = dbFile();
    const at3 = openAt(1, file);
    seedShopV1(at3);
    at3.close();
    const db3 = openAt(3, file);
    db3.prepare('UPDATE sections SET vat_rate = 1000 WHERE code = 1').run();
    const sections3 = db3.prepare('SELECT * FROM sections ORDER BY code').all() as Record<string, unknown>[];
    db3.close();
    const db = openAt(4, file);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT * FROM sections ORDER BY code').all()).toEqual(sections3.map((s) => ({ ...s, hidden: 0 })));
    expect(() => db.prepare('UPDATE sections SET hidden = 2 WHERE code = 0').run()).toThrow(/CHECK constraint failed/);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan('SELECT 1 FROM document_lines WHERE section = 1')).toMatch(/USING (COVERING )?INDEX document_lines_section/);
    expect(plan('SELECT 1 FROM items WHERE section = 1')).toMatch(/USING (COVERING )?INDEX items_section/);
  });
});

describe('005-terminal-journal', () => {
  it('keeps the shop of schema 4 and journals terminal operations with known kinds and states only', () => {
    const { file, shop } = shopAtV1();
    const at4 = openAt(4, file);
    const documents4 = at4.prepare('SELECT * FROM documents ORDER BY id').all();
    at4.close();
    const db = openAt(5, file);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT * FROM documents ORDER BY id').all()).toEqual(documents4);
    const insert = db.prepare(
      "INSERT INTO terminal_ops (kind, purpose, form, amount, state, document_id, created_at, updated_at) VALUES (?, 'sale', 'card', 289, ?, ?, 'x', 'x')",
    );
    insert.run('purchase', 'settled', shop.saleId);
    expect(() => insert.run('purchase', 'maybe', null)).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('withdraw', 'pending', null)).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('purchase', 'settled', 999_999)).toThrow(/FOREIGN KEY constraint failed/);
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT * FROM terminal_ops WHERE state IN ('pending', 'approved')").all() as { detail: string }[])
      .map((r) => r.detail)
      .join('; ');
    expect(plan).toMatch(/INDEX terminal_ops_open/);
  });
});

describe('006-sko-frozen-requests', () => {
  it('keeps every outbox row of schema 5 with no request bytes yet, and freezes the bytes once kept', () => {
    const { file, shop } = shopAtV1();
    const at5 = openAt(5, file);
    // A document already tried before the upgrade: its next try is the first to keep its bytes.
    at5.prepare('UPDATE outbox SET attempts = 3 WHERE id = ?').run(shop.outboxId);
    const outbox5 = at5.prepare('SELECT * FROM outbox ORDER BY id').all() as Record<string, unknown>[];
    at5.close();
    const db = openAt(6, file);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT * FROM outbox ORDER BY id').all()).toEqual(outbox5.map((o) => ({ ...o, request_body: null })));
    const keep = db.prepare('UPDATE outbox SET attempts = attempts + 1, request_body = ? WHERE id = ?');
    keep.run('{"a":1}', shop.outboxId);
    keep.run('{"a":1}', shop.outboxId); // a retry with the same bytes
    expect(() => keep.run('{"a":2}', shop.outboxId)).toThrow(/outbox.request_body is frozen/);
    expect(() => keep.run(null, shop.outboxId)).toThrow(/outbox.request_body is frozen/);
    expect(db.prepare('SELECT attempts, request_body FROM outbox WHERE id = ?').get(shop.outboxId)).toEqual({ attempts: 5, request_body: '{"a":1}' });
  });
});

describe('007-label-amounts', () => {
  it('keeps the open check of schema 6 and lets a line carry its label amount, positive only', () => {
    const file = dbFile();
    const at1 = openAt(1, file);
    const shop = seedShopV1(at1);
    at1
      .prepare(
        "INSERT INTO open_check_lines (item_id, name, barcode, quantity, unit, price, vat_rate, section) VALUES (?, 'Молоко', '4810268001055', 2000, 'шт', 289, 1000, 1)",
      )
      .run(shop.milkId);
    at1.close();
    const at6 = openAt(6, file);
    const lines6 = at6.prepare('SELECT * FROM open_check_lines ORDER BY id').all() as Record<string, unknown>[];
    at6.close();
    const db = openAt(7, file);
    expect(db.prepare('SELECT * FROM open_check_lines ORDER BY id').all()).toEqual(lines6.map((l) => ({ ...l, label_amount: null })));
    const insert = db.prepare(
      "INSERT INTO open_check_lines (item_id, name, quantity, unit, price, vat_rate, section, label_amount) VALUES (?, 'Сыр', 358, 'кг', 2790, 1000, 1, ?)",
    );
    insert.run(shop.milkId, 1000);
    expect(() => insert.run(shop.milkId, 0)).toThrow(/CHECK constraint failed/);
  });
});

describe('008-document-requisites', () => {
  it('keeps every document of schema 7 without requisites, and keeps them append-only', () => {
    const { file, shop } = shopAtV1();
    const at7 = openAt(7, file);
    const documents7 = at7.prepare('SELECT * FROM documents ORDER BY id').all() as Record<string, unknown>[];
    at7.close();
    const db = openAt(8, file);
    expect(db.prepare('SELECT * FROM documents ORDER BY id').all()).toEqual(documents7.map((d) => ({ ...d, requisites: null })));
    expect(() => db.prepare("UPDATE documents SET requisites = '{}' WHERE id = ?").run(shop.saleId)).toThrow(/append-only/);
  });
});

describe('009-document-vat-and-marks', () => {
  it('keeps each document of schema 8 with the VAT it printed per rate, keys its sold marking codes, and stays append-only', () => {
    const { file, shop } = shopAtV1();
    const at8 = openAt(8, file);
    const code = `0104810203007012${'21'}SN0001\u001d93dGVzdA`;
    at8
      .prepare(
        `INSERT INTO document_lines (document_id, line_no, item_id, name, quantity, unit, price, amount, vat_rate, vat, section, mark_code)
         VALUES (?, 3, NULL, 'Кроссовки', 1000, 'шт', 3, 3, 2000, 1, 0, ?)`,
      )
      .run(shop.saleId, code);
    const lines8 = at8.prepare('SELECT * FROM document_lines ORDER BY id').all() as Record<string, unknown>[];
    at8.close();
    const db = openAt(9, file);
    expect(schemaVersion(db)).toBe(9);
    expect(db.prepare('SELECT * FROM document_lines ORDER BY id').all()).toEqual(
      lines8.map((l) => ({ ...l, mark_key: l.mark_code === code ? '04810203007012SN0001' : null })),
    );
    // The figures those documents printed: the sum of their lines' VAT (53 + 50 at 10 %; 1 at 20 %).
    expect(db.prepare('SELECT vat_rate, amount, vat FROM document_vat WHERE document_id = ? ORDER BY vat_rate').all(shop.saleId)).toEqual([
      { vat_rate: 1000, amount: 1133, vat: 103 },
      { vat_rate: 2000, amount: 3, vat: 1 },
    ]);
    expect(() => db.prepare('UPDATE document_vat SET vat = 0').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM document_vat').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE document_lines SET mark_key = 'x'").run()).toThrow(/append-only/);
    const insert = db.prepare('INSERT INTO document_vat (document_id, vat_rate, amount, vat) VALUES (?, ?, 1, 0)');
    expect(() => insert.run(shop.saleId, 1000)).toThrow(/UNIQUE/);
    expect(() => insert.run(999_999, 1000)).toThrow(/FOREIGN KEY/);
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT 1 FROM document_lines WHERE mark_key = 'x'").all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan).toMatch(/INDEX document_lines_mark/);
  });
});

describe('010-goods', () => {
  it('keeps the items of schema 9 with their barcodes, open-check lines and search, turns category texts into a tree, and marks kg goods weighted', () => {
    const { file, shop } = shopAtV1();
    const at9 = openAt(9, file);
    at9.prepare("UPDATE items SET category = 'Молочные продукты' WHERE id = ?").run(shop.milkId);
    at9
      .prepare("INSERT INTO open_check_lines (item_id, name, quantity, unit, price, vat_rate, section) VALUES (?, 'Бананы', 500, 'кг', 449, 1000, 1)")
      .run(shop.bananasId);
    const barcodes9 = at9.prepare('SELECT * FROM item_barcodes ORDER BY barcode').all();
    at9.close();

    const db = openAt(10, file);
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare('SELECT id, name, name_lc, parent_id, hidden FROM categories').all()).toEqual([
      { id: 1, name: 'Молочные продукты', name_lc: 'молочные продукты', parent_id: null, hidden: 0 },
    ]);
    expect(db.prepare('SELECT id, code, price, unit, category_id, weighted, free_price, hidden FROM items ORDER BY id').all()).toEqual([
      { id: shop.milkId, code: '1001', price: 289, unit: 'шт', category_id: 1, weighted: 0, free_price: 0, hidden: 0 },
      { id: shop.bananasId, code: '4011', price: 449, unit: 'кг', category_id: null, weighted: 1, free_price: 0, hidden: 0 },
    ]);
    expect(db.prepare('SELECT * FROM item_barcodes ORDER BY barcode').all()).toEqual(barcodes9);
    expect(count(db, 'open_check_lines')).toBe(1);
    // The search index follows the rebuilt table: found, renamed, removed.
    const find = (q: string) => db.prepare('SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid').pluck().all(`"${q}"`);
    expect(find('савушк')).toEqual([shop.milkId]);
    db.prepare("UPDATE items SET name = 'Молоко Бабушкина крынка', name_lc = 'молоко бабушкина крынка' WHERE id = ?").run(shop.milkId);
    expect(find('савушк')).toEqual([]);
    expect(find('крынк')).toEqual([shop.milkId]);
    // New units and the name limit; a line still refers to an item that exists.
    db.prepare("INSERT INTO items (code, name, name_lc, price, unit) VALUES ('2001', 'Ткань', 'ткань', 1200, 'м²')").run();
    expect(() => db.prepare("INSERT INTO items (code, name, name_lc, price, unit) VALUES ('2002', ?, 'x', 1, 'шт')").run('x'.repeat(129))).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO items (code, name, name_lc, price, unit) VALUES ('2003', 'Гвозди', 'гвозди', 1, 'ящик')").run()).toThrow(/CHECK/);
    expect(() => db.prepare('DELETE FROM items WHERE id = ?').run(shop.bananasId)).toThrow(/FOREIGN KEY/);
    // One category name per level, whatever the case; a card is a percent or a sum, never both.
    expect(() => db.prepare("INSERT INTO categories (name, name_lc) VALUES ('молочные ПРОДУКТЫ', 'молочные продукты')").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO categories (parent_id, name, name_lc) VALUES (1, 'Молочные продукты', 'молочные продукты')").run();
    expect(() => db.prepare("INSERT INTO discount_cards (number, kind, percent, amount) VALUES ('777', 'prefix', 500, 100)").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO discount_cards (number, kind, percent) VALUES ('777', 'prefix', 500)").run();
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan('SELECT 1 FROM document_lines WHERE item_id = 1')).toMatch(/INDEX document_lines_item/);
    expect(plan('SELECT id FROM items WHERE category_id = 1 ORDER BY name_lc')).toMatch(/INDEX items_category/);
  });
});

describe('011-stock', () => {
  it('keeps the shop of schema 10, adds empty stock tables, keeps posted stock documents append-only, and reads movements by time from indexes', () => {
    const { file, shop } = shopAtV1();
    const at10 = openAt(10, file);
    const documents10 = count(at10, 'documents');
    const items10 = at10.prepare('SELECT * FROM items ORDER BY id').all();
    at10.close();

    const db = openAt(11, file);
    expect(schemaVersion(db)).toBe(11);
    expect(count(db, 'documents')).toBe(documents10);
    expect(db.prepare('SELECT * FROM items ORDER BY id').all()).toEqual(items10);
    for (const t of ['stock_documents', 'stock_document_lines', 'stock_balances', 'stock_fiscal_documents']) expect(count(db, t)).toBe(0);

    const userId = db.prepare('SELECT id FROM users ORDER BY id LIMIT 1').pluck().get() as number;
    db.prepare("INSERT INTO stock_documents (kind, number, created_at, user_id, supplier) VALUES ('receipt', 1, '2026-12-01T09:00:00.000Z', ?, 'П')").run(userId);
    db.prepare('INSERT INTO stock_document_lines (document_id, line_no, item_id, quantity, price) VALUES (1, 1, ?, 5000, 190)').run(shop.milkId);
    // Numbered once per kind; a reason belongs to a write-off, a supplier to a receipt.
    expect(() => db.prepare("INSERT INTO stock_documents (kind, number, created_at, user_id) VALUES ('receipt', 1, 'x', ?)").run(userId)).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO stock_documents (kind, number, created_at, user_id, reason) VALUES ('receipt', 2, 'x', ?, 'бой')").run(userId)).toThrow(
      /CHECK/,
    );
    expect(() => db.prepare('UPDATE stock_document_lines SET quantity = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM stock_documents').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT item_id, kind, quantity FROM stock_movements').all()).toEqual([{ item_id: shop.milkId, kind: 'receipt', quantity: 5000 }]);
    // A balance may be below zero; it is a whole number of thousandths, never text.
    db.prepare('INSERT INTO stock_balances (item_id, quantity) VALUES (?, -1000)').run(shop.bananasId);
    expect(() => db.prepare("INSERT INTO stock_balances (item_id, quantity) VALUES (?, 'пять')").run(shop.milkId)).toThrow(/INTEGER/);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan("SELECT * FROM stock_movements WHERE at >= '2026-12-01'")).toMatch(/INDEX stock_fiscal_documents_at/);
    expect(plan("SELECT * FROM stock_movements WHERE at >= '2026-12-01'")).toMatch(/INDEX stock_documents_created/);
  });
});

describe('014-working-mode', () => {
  it('numbers shifts per mode: schema 13 shifts keep their numbers and take the mode of their documents, and stay close-only', () => {
    const { file, shop } = shopAtV1();
    const at13 = openAt(13, file);
    const shifts13 = at13.prepare('SELECT * FROM shifts ORDER BY id').all() as Record<string, unknown>[];
    const documents13 = count(at13, 'documents');
    at13.close();
    const db = openAt(14, file);
    expect(schemaVersion(db)).toBe(14);
    // The shop of schema 1 sold in training mode: its shift is a training shift, number unchanged.
    expect(db.prepare('SELECT * FROM shifts ORDER BY id').all()).toEqual(shifts13.map((s) => ({ ...s, training: 1 })));
    expect(count(db, 'documents')).toBe(documents13);
    // A working shift № 1 beside training shift № 1; a second working № 1 is refused.
    const openShift = db.prepare('SELECT id FROM shifts WHERE closed_at IS NULL').pluck().get() as number;
    db.prepare('UPDATE shifts SET closed_at = ? WHERE id = ?').run('2026-11-20T20:00:00.000Z', openShift);
    const insert = db.prepare("INSERT INTO shifts (number, opened_at, opened_by, training) VALUES (1, '2026-11-21T08:00:00.000Z', ?, 0)");
    insert.run(shop.adminId);
    db.prepare('UPDATE shifts SET closed_at = ? WHERE training = 0').run('2026-11-21T20:00:00.000Z');
    expect(() => insert.run(shop.adminId)).toThrow(/UNIQUE/);
    expect(() => db.prepare('UPDATE shifts SET training = 0 WHERE training = 1').run()).toThrow(/only closing/);
    expect(() => db.prepare('DELETE FROM shifts').run()).toThrow(/append-only/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});

describe('013-maintenance', () => {
  it('keeps the users and documents of schema 12, lets a user be disabled, and lets only a permitted cleanup delete fiscal rows', () => {
    const { file, shop } = shopAtV1();
    const at12 = openAt(12, file);
    const users12 = at12.prepare('SELECT * FROM users ORDER BY id').all() as Record<string, unknown>[];
    const documents12 = at12.prepare('SELECT * FROM documents ORDER BY id').all();
    at12.close();
    const db = openAt(13, file);
    expect(db.prepare('SELECT * FROM users ORDER BY id').all()).toEqual(users12.map((u) => ({ ...u, disabled_at: null })));
    expect(db.prepare('SELECT * FROM documents ORDER BY id').all()).toEqual(documents12);
    // Without the permit every fiscal table stays append-only.
    for (const table of ['document_payments', 'fiscal_answers', 'document_vat', 'document_lines', 'documents', 'shifts']) {
      expect(() => db.prepare(`DELETE FROM ${table}`).run(), table).toThrow(/append-only/);
    }
    expect(() => db.prepare('UPDATE documents SET total = 0 WHERE id = ?').run(shop.saleId)).toThrow(/append-only/);
    // With it (inside one transaction, as the cleanup does) they may go; updates still may not; the audit log never goes.
    db.transaction(() => {
      db.prepare("INSERT INTO maintenance_permit (id, operation, up_to, granted_at) VALUES (1, 'cleanup', '2026-01-01', '2026-01-02')").run();
      for (const table of ['document_payments', 'fiscal_answers', 'document_vat', 'document_lines', 'outbox', 'documents', 'shifts'])
        db.prepare(`DELETE FROM ${table}`).run();
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      db.prepare('DELETE FROM maintenance_permit').run();
    })();
    expect(count(db, 'documents')).toBe(0);
    expect(() => db.prepare("INSERT INTO maintenance_permit (id, operation, up_to, granted_at) VALUES (1, 'import', 'x', 'y')").run()).toThrow(/CHECK/);
  });
});

describe('012-reports', () => {
  it('keeps every document row of schema 11 and answers the reports from covering indexes', () => {
    const { file } = shopAtV1();
    const at11 = openAt(11, file);
    const before = ['documents', 'document_lines', 'document_payments', 'document_vat'].map((t) => at11.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
    at11.close();
    const db = openAt(12, file);
    expect(schemaVersion(db)).toBe(12);
    expect(['documents', 'document_lines', 'document_payments', 'document_vat'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all())).toEqual(before);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan('SELECT sum(quantity), sum(amount), sum(discount) FROM document_lines WHERE item_id = 1 AND document_id BETWEEN 1 AND 9')).toMatch(
      /COVERING INDEX document_lines_report/,
    );
    expect(plan("SELECT sum(amount) FROM document_payments WHERE form = 'cash' AND document_id BETWEEN 1 AND 9")).toMatch(/COVERING INDEX document_payments_report/);
    expect(plan('SELECT sum(amount), sum(vat) FROM document_vat WHERE vat_rate IS 2000 AND document_id BETWEEN 1 AND 9')).toMatch(
      /COVERING INDEX document_vat_report/,
    );
    expect(plan("SELECT user_id, sum(total), sum(change) FROM documents WHERE kind = 'sale' AND created_at >= '2025' AND created_at < '2026'")).toMatch(
      /COVERING INDEX documents_report/,
    );
  });
});

describe('015-goods-perf', () => {
  it('makes the price-list import its tables up front (keeping ones an older import made), and re-indexes a name for search only when it changed', () => {
    const { file, shop } = shopAtV1();
    const at14 = openAt(14, file);
    // An older version made the tables with its first import, and a crash left that import midway.
    at14.exec(`
      CREATE TABLE price_list_run (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL CHECK (state IN ('applying', 'done')), started_at TEXT NOT NULL) STRICT;
      CREATE TABLE price_list_undo (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('item', 'category', 'section')), ref INTEGER NOT NULL, before TEXT) STRICT;
      INSERT INTO price_list_run VALUES (1, 'applying', '2026-12-01T09:00:00.000Z');
      INSERT INTO price_list_undo (kind, ref, before) VALUES ('section', 7, NULL);
    `);
    const items14 = at14.prepare('SELECT * FROM items ORDER BY id').all();
    at14.close();

    const db = openAt(15, file);
    expect(schemaVersion(db)).toBe(15);
    expect(db.prepare('SELECT * FROM items ORDER BY id').all()).toEqual(items14);
    expect(db.prepare('SELECT kind, ref FROM price_list_undo').all()).toEqual([{ kind: 'section', ref: 7 }]);
    expect(count(db, 'price_list_run')).toBe(1);
    expect(() => db.prepare("INSERT INTO price_list_run VALUES (2, 'applying', 'x')").run()).toThrow(/CHECK/);

    // A fresh file has them too, empty.
    const fresh = openAt(15, dbFile('fresh.sqlite'));
    expect(count(fresh, 'price_list_run') + count(fresh, 'price_list_undo')).toBe(0);

    // The search index: a price change leaves it alone, a rename moves it.
    const find = (q: string) => db.prepare('SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid').pluck().all(`"${q}"`);
    const indexRows = () => count(db, 'items_fts_data');
    db.exec("INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 0)");
    const before = indexRows();
    db.prepare('UPDATE items SET (name, name_lc, price) = (name, name_lc, price + 1) WHERE id = ?').run(shop.milkId);
    expect(indexRows()).toBe(before);
    expect(find('савушк')).toEqual([shop.milkId]);
    db.prepare("UPDATE items SET name = 'Молоко Бабушкина крынка', name_lc = 'молоко бабушкина крынка' WHERE id = ?").run(shop.milkId);
    expect(indexRows()).toBeGreaterThan(before);
    expect(find('савушк')).toEqual([]);
    expect(find('крынк')).toEqual([shop.milkId]);
  });
});

describe('016-exports', () => {
  it('keeps the shop of schema 15 and queues exports: one daily archive a day, a journal of attempts, no job of an unknown kind', () => {
    const { file } = shopAtV1();
    const at15 = openAt(15, file);
    const documents15 = at15.prepare('SELECT * FROM documents ORDER BY id').all();
    const shifts15 = at15.prepare('SELECT * FROM shifts ORDER BY id').all();
    at15.close();
    const db = openAt(16, file);
    expect(schemaVersion(db)).toBe(16);
    expect(db.prepare('SELECT * FROM documents ORDER BY id').all()).toEqual(documents15);
    expect(db.prepare('SELECT * FROM shifts ORDER BY id').all()).toEqual(shifts15);
    const job = db.prepare(
      "INSERT INTO export_jobs (kind, cause, shift_id, shift_number, slot, target_id, target_name, created_at, next_at) VALUES (?, ?, ?, ?, ?, 't', 'NAS', '2026-12-01T20:00:00.000Z', '2026-12-01T20:00:00.000Z')",
    );
    const first = Number(job.run('reports', 'z', 1, 1, null).lastInsertRowid);
    job.run('archive', 'daily', null, null, '2026-12-01');
    // The daily archive once a day: a second row for the same day is refused (INSERT OR IGNORE skips it).
    expect(() => job.run('archive', 'daily', null, null, '2026-12-01')).toThrow(/UNIQUE/);
    expect(() => job.run('archive', 'z', null, null, '2026-12-01')).toThrow(/CHECK/); // a slot is for daily jobs only
    expect(() => job.run('labels', 'z', 1, 1, null)).toThrow(/CHECK/);
    expect(() => job.run('reports', 'z', null, null, null)).toThrow(/CHECK/); // reports belong to a shift
    db.prepare("INSERT INTO export_attempts (job_id, started_at, ok, message) VALUES (?, '2026-12-01T20:00:01.000Z', 0, 'Сервер не ответил')").run(first);
    expect(() => db.prepare("INSERT INTO export_attempts (job_id, started_at) VALUES (999, 'x')").run()).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});

describe('017-cleanup-stock', () => {
  it('lets the cleanup permit remove the stock movements of removed documents, and nothing else', () => {
    const { file, shop } = shopAtV1();
    const at16 = openAt(16, file);
    const documentId = at16.prepare('SELECT min(id) FROM documents').pluck().get() as number;
    at16.prepare("INSERT INTO stock_fiscal_documents (document_id, at) VALUES (?, '2026-11-01T09:00:00.000Z')").run(documentId);
    const permit = "INSERT INTO maintenance_permit (id, operation, up_to, granted_at) VALUES (1, 'cleanup', '2026-11-01', '2026-11-10T09:00:00.000Z')";
    at16.exec(permit);
    // Before: refused even under the cleanup's permit.
    expect(() => at16.prepare('DELETE FROM stock_fiscal_documents').run()).toThrow(/append-only/);
    at16.exec('DELETE FROM maintenance_permit');
    at16.close();

    const db = openAt(17, file);
    expect(schemaVersion(db)).toBe(17);
    expect(count(db, 'stock_fiscal_documents')).toBe(1);
    expect(() => db.prepare('DELETE FROM stock_fiscal_documents').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE stock_fiscal_documents SET at = 'x'").run()).toThrow(/append-only/);
    db.exec(permit);
    db.prepare('DELETE FROM stock_fiscal_documents').run();
    db.exec('DELETE FROM maintenance_permit');
    expect(count(db, 'stock_fiscal_documents')).toBe(0);
    expect(shop.milkId).toBeGreaterThan(0);
  });
});

describe('018-report-aggregates', () => {
  it('fills the daily report aggregates from the documents of schema 17, as a rebuild makes them', () => {
    const { file } = shopAtV1();
    const at17 = openAt(17, file);
    const documents17 = at17.prepare('SELECT * FROM documents ORDER BY id').all();
    const lines17 = at17
      .prepare("SELECT coalesce(sum(l.amount), 0) FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE d.kind = 'sale'")
      .pluck()
      .get() as number;
    const sales17 = at17.prepare("SELECT count(*) FROM documents WHERE kind = 'sale'").pluck().get() as number;
    at17.close();
    const db = openAt(18, file);
    expect(schemaVersion(db)).toBe(18);
    expect(db.prepare('SELECT * FROM documents ORDER BY id').all()).toEqual(documents17);
    expect(sales17).toBeGreaterThan(0);
    expect(db.prepare('SELECT sum(sold_amount) FROM report_goods_daily').pluck().get()).toBe(lines17);
    expect(db.prepare('SELECT sum(sold_amount) FROM report_goods_monthly').pluck().get()).toBe(lines17);
    expect(db.prepare("SELECT sum(count) FROM report_checks_hourly WHERE kind = 'sale'").pluck().get()).toBe(sales17);
    const tables = ['report_goods_daily', 'report_goods_monthly', 'report_payments_daily', 'report_vat_daily', 'report_checks_hourly'];
    const rows = () => tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5`).all());
    const filled = rows();
    db.transaction(() => rebuildReportAggregates(db))();
    expect(rows()).toEqual(filled);
  });
});

describe('019-open-check-item', () => {
  it('finds the open and parked lines of an item by index, keeping every line of schema 18', () => {
    const { file, shop } = shopAtV1();
    const at18 = openAt(18, file);
    at18
      .prepare("INSERT INTO open_check_lines (item_id, name, quantity, unit, price, vat_rate, section) VALUES (?, 'Молоко', 1000, 'шт', 289, 1000, 0)")
      .run(shop.milkId);
    const lines18 = at18.prepare('SELECT * FROM open_check_lines ORDER BY id').all();
    const ask = 'SELECT 1 FROM open_check_lines WHERE item_id = ?';
    expect(JSON.stringify(at18.prepare(`EXPLAIN QUERY PLAN ${ask}`).all(shop.milkId))).toMatch(/SCAN open_check_lines/);
    at18.close();
    const db = openAt(19, file);
    expect(schemaVersion(db)).toBe(19);
    expect(db.prepare('SELECT * FROM open_check_lines ORDER BY id').all()).toEqual(lines18);
    expect(JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN ${ask}`).all(shop.milkId))).toMatch(/USING COVERING INDEX open_check_lines_item/);
    expect(() => db.prepare('DELETE FROM items WHERE id = ?').run(shop.milkId)).toThrow(/FOREIGN KEY/);
  });
});

describe('020-price-list-added-ranges', () => {
  it('keeps an undo log an older import left midway — its added items one per row — and undoes it as before; new rows may name a range of ids', () => {
    const { file } = shopAtV1();
    const at19 = openAt(19, file);
    const items19 = at19.prepare('SELECT * FROM items ORDER BY id').all();
    // An import of schema 19 added two items and a crash cut it midway.
    const added = [9001, 9002].map(
      (code) =>
        at19
          .prepare("INSERT INTO items (code, name, name_lc, price, unit) VALUES (?, 'Новинка', 'новинка', 100, 'шт') RETURNING id")
          .pluck()
          .get(String(code)) as number,
    );
    at19.exec("INSERT INTO price_list_run VALUES (1, 'applying', '2026-12-01T09:00:00.000Z')");
    for (const id of added) at19.prepare("INSERT INTO price_list_undo (kind, ref, before) VALUES ('item', ?, NULL)").run(id);
    const undo19 = at19.prepare('SELECT * FROM price_list_undo ORDER BY seq').all();
    at19.close();

    const db = openAt(20, file);
    expect(schemaVersion(db)).toBe(20);
    expect(db.prepare('SELECT seq, kind, ref, before FROM price_list_undo ORDER BY seq').all()).toEqual(undo19);
    expect(db.prepare('SELECT count(*) FROM price_list_undo WHERE last_ref IS NOT NULL').pluck().get()).toBe(0);
    // A range only of added items, and never backwards.
    expect(() => db.prepare("INSERT INTO price_list_undo (kind, ref, before, last_ref) VALUES ('item', 5, NULL, 4)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO price_list_undo (kind, ref, before, last_ref) VALUES ('category', 5, NULL, 6)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO price_list_undo (kind, ref, before, last_ref) VALUES ('item', 5, '{}', 6)").run()).toThrow(/CHECK/);

    db.close();
    // Undone by today's code (the latest schema), as the till starts.
    const latest = openAt(LATEST, file);
    expect(recoverPriceListImport(latest)).toBe('rolled-back');
    expect(latest.prepare('SELECT * FROM items ORDER BY id').all()).toEqual(items19);
    expect(count(latest, 'price_list_undo') + count(latest, 'price_list_run')).toBe(0);
  });
});

describe('021-price-list-bulk-load', () => {
  it('adds the run’s list of what a bulk load dropped: empty for a run an older till left, JSON or nothing', () => {
    const file = dbFile();
    const at20 = openAt(20, file);
    at20.exec("INSERT INTO price_list_run VALUES (1, 'applying', '2026-12-01T09:00:00.000Z')");
    at20.close();
    const db = openAt(21, file);
    expect(schemaVersion(db)).toBe(21);
    expect(db.prepare('SELECT state, restore FROM price_list_run').get()).toEqual({ state: 'applying', restore: null });
    expect(() => db.prepare("UPDATE price_list_run SET restore = 'CREATE INDEX'").run()).toThrow(/CHECK/);
    db.prepare('UPDATE price_list_run SET restore = ?').run(
      JSON.stringify([{ type: 'index', name: 'items_price', sql: 'CREATE INDEX items_price ON items (price)' }]),
    );
    // Nothing was dropped in fact: the recovery makes nothing twice and undoes the (empty) run.
    expect(recoverPriceListImport(db)).toBe('rolled-back');
    expect(db.prepare('SELECT count(*) FROM price_list_run').pluck().get()).toBe(0);
  });
});

describe('022-items-checks-without-lists', () => {
  it('says «one of» in the items’ checks by comparisons: the same rows, the same rules, no list built per row', () => {
    const { file } = shopAtV1();
    const at21 = openAt(21, file);
    const items21 = at21.prepare('SELECT * FROM items ORDER BY id').all();
    const sql21 = at21.prepare("SELECT sql FROM sqlite_schema WHERE name = 'items'").pluck().get() as string;
    expect(sql21).toMatch(/unit IN \(/);
    at21.close();

    const db = openAt(22, file);
    expect(schemaVersion(db)).toBe(22);
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'items'").pluck().get() as string;
    expect(sql).not.toMatch(/ IN \(/);
    expect(sql).toContain("(unit = 'шт' OR unit = 'кг' OR unit = 'л' OR unit = 'м' OR unit = 'м²' OR unit = 'упак')");
    expect(sql).toContain('(vat_rate = 0 OR vat_rate = 1000 OR vat_rate = 2000 OR vat_rate = 2500)');
    expect(db.prepare('SELECT * FROM items ORDER BY id').all()).toEqual(items21);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Each rule still refuses what it did; a good row and a row without VAT go in.
    const add = (over: Record<string, unknown>) =>
      db
        .prepare('INSERT INTO items (code, name, name_lc, price, vat_rate, unit, hidden) VALUES (@code, @name, @name, @price, @vat, @unit, @hidden)')
        .run({ code: 'X1', name: 'Проба', price: 100, vat: 2000, unit: 'шт', hidden: 0, ...over });
    for (const bad of [{ vat: 1500 }, { unit: 'кг2' }, { hidden: 2 }, { price: -1 }, { name: '' }])
      expect(() => db.transaction(() => add(bad))(), JSON.stringify(bad)).toThrow(/CHECK constraint failed/);
    expect(() => add({ vat: null })).not.toThrow();
    expect(() => add({ code: 'X2', unit: 'м²', hidden: 1 })).not.toThrow();
    // The schema table is read-only again.
    expect(() => db.prepare("UPDATE sqlite_schema SET sql = sql WHERE name = 'items'").run()).toThrow(/may not be modified/);
  });

  it('rewrites every list of a table’s text and nothing else', () => {
    expect(checksWithoutLists("a INTEGER CHECK (a IN (0, 1)), b TEXT CHECK (b IN ('x', 'y z')) -- IN ( comment")).toEqual({
      sql: "a INTEGER CHECK ((a = 0 OR a = 1)), b TEXT CHECK ((b = 'x' OR b = 'y z')) -- IN ( comment",
      rewritten: 2,
    });
  });
});
