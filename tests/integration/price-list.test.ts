/**
 * «Прайс-лист» on a real till (real SQLite file, the router): files in Windows-1251 and UTF-8, XLSX,
 * the dry run with every error, the four modes, cancel and a crash midway (old catalogue back),
 * exports that read back as the same catalogue, mapping templates.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ean13CheckDigit } from '../../common/barcode.js';
import { openDatabase, type Db } from '../../main/db/database.js';
import { applyPlan, importRunning } from '../../main/services/price-list/apply.js';
import { priceListFolder } from '../../main/services/price-list/index.js';
import { planFile } from '../../main/services/price-list/plan-file.js';
import { loadCatalogue } from '../../main/services/price-list/plan.js';
import { asideFile, makeSearchAside, type SearchAside } from '../../main/services/price-list/search-aside.js';
import type { ImportRequest, MethodOutput } from '../../preload/contract/index.js';
import { adminReady, CASHIER, CASHIER_PASSWORD, loginAs, makeTill, type TestTill } from '../fixtures/core.js';
import { pieceItem } from '../fixtures/goods.js';

// The import's scratch tables, the journal, and the search index's own storage (its rows may be laid out anew; what it finds is checked).
const SCRATCH = ['price_list_run', 'price_list_undo', 'audit_log', 'items_fts_data', 'items_fts_idx', 'items_fts_docsize', 'items_fts_config', 'items_fts'];

/** From the admin of beforeEach: a cashier logged in on an open shift. */
async function cashierOnShift(till: TestTill): Promise<void> {
  await till.ok('users.create', { ...CASHIER, password: '7391' });
  await till.ok('auth.logout');
  await till.ok('auth.login', { login: CASHIER.login, password: '7391' });
  await till.ok('auth.changePassword', { oldPassword: '7391', newPassword: CASHIER_PASSWORD });
  await till.ok('shift.open');
}
const HEADER = 'Код;Наименование;Штрихкоды;Цена;НДС;Единица;Секция;Категория';

let till: TestTill;
beforeEach(async () => {
  till = makeTill();
  await adminReady(till);
});
afterEach(() => till.dispose());

async function upload(bytes: Buffer, name = 'prajs.csv'): Promise<string> {
  let fileId: string | undefined;
  for (let at = 0; at < bytes.length || at === 0; at += 300_000) {
    const r = await till.ok('priceList.upload', { ...(fileId && { fileId }), name, offset: at, data: bytes.subarray(at, at + 300_000).toString('base64') });
    fileId = r.fileId;
    if (bytes.length === 0) break;
  }
  return fileId!;
}

const win1251 = (lines: string[]) => iconv.encode(lines.join('\r\n'), 'win1251');

async function opened(bytes: Buffer, read = {}): Promise<MethodOutput<'priceList.open'>> {
  const fileId = await upload(bytes);
  return till.ok('priceList.open', { source: { kind: 'upload', fileId }, read });
}

async function request(bytes: Buffer, mode: ImportRequest['mode'] = 'update-code', read = {}): Promise<ImportRequest> {
  const o = await opened(bytes, read);
  return { fileId: o.fileId, read: { charset: 'auto', delimiter: 'auto', header: true, ...read }, mapping: o.mapping, mode };
}

const item = (code: string) =>
  till.ctx.db.one<{ name: string; price: number; vat_rate: number | null; hidden: number; category_id: number | null }>('SELECT * FROM items WHERE code = ?', code);

describe('a Windows-1251 CSV as Excel saves it in Belarus', () => {
  const GOOD = [
    HEADER,
    '5001;Батон «Нарочанский» нарезной 400 г;4810000000018;1,89;10;шт;1;Хлеб/Батоны',
    '5002;Хлеб «Дарницкий» 700 г;4810000000025 4810000000032;2,15;10;шт;1;Хлеб',
    '5003;Яблоки Голден;;3,49;10;кг;2;Овощи и фрукты/Фрукты',
  ];

  it('has a worker thread made ready at the upload’s first piece, before «Открыть»', async () => {
    await till.ok('priceList.upload', { name: 'prajs.csv', offset: 0, data: win1251(GOOD.slice(0, 2)).toString('base64') });
    // The pool has an idle thread already: warming again starts none.
    await expect(till.ctx.tasks.warm()).resolves.toBeNull();
  });

  it('reads the charset, separator and decimal comma by itself and maps its columns by their names', async () => {
    const o = await opened(win1251(GOOD));
    expect(o).toMatchObject({ format: 'csv', charset: 'windows-1251', delimiter: ';', columns: HEADER.split(';') });
    expect(o.mapping).toEqual({ code: 0, name: 1, barcodes: 2, price: 3, vatRate: 4, unit: 5, section: 6, category: 7 });
    expect(o.sample[0]![1]).toBe('Батон «Нарочанский» нарезной 400 г');
  });

  it('shows three bad rows with their row, column and reason, and writes nothing until the file is clean', async () => {
    const bad = [
      ...GOOD,
      '5004;Кефир 1 л;4810000000049;-1,20;10;шт;1;Молочные',
      '5005;Сок яблочный 1 л;4810000000056;2,49;18;шт;1;Соки',
      '5006;Вода 0,5 л;4810000000061;0,99;20;шт;1;Вода',
    ];
    const before = till.fingerprint({ except: SCRATCH });
    const req = await request(win1251(bad));
    const preview = await till.ok('priceList.preview', req);
    expect(preview.counts).toMatchObject({ rows: 6, add: 3, errors: 3 });
    expect(preview.errors).toEqual([
      { row: 5, column: 'Цена (D)', message: 'отрицательная цена -1,20' },
      { row: 6, column: 'НДС (E)', message: expect.stringContaining('неизвестная ставка НДС «18»') },
      { row: 7, column: 'Штрихкоды (C)', message: 'штрихкод «4810000000061» — неверная контрольная цифра' },
    ]);
    expect(preview.rows.filter((r) => r.action === 'error').map((r) => r.row)).toEqual([5, 6, 7]);
    // The unknown rate is no rate at all in the preview, not «без НДС»; a good one on a bad row stays.
    expect(preview.rows.find((r) => r.row === 6)).not.toHaveProperty('vatRate');
    expect(preview.rows.find((r) => r.row === 5)).toHaveProperty('vatRate', 1000);
    expect(till.fingerprint({ except: SCRATCH })).toBe(before);
    const refused = await till.call('priceList.apply', req);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('каталог не изменён') } });
    expect(till.fingerprint({ except: SCRATCH })).toBe(before);
  });

  it('imports a clean file: prices in kopecks, a category path as subcategories, two barcodes on one item', async () => {
    const result = await till.ok('priceList.apply', await request(win1251(GOOD)));
    expect(result.counts).toMatchObject({ add: 3, errors: 0 });
    expect(item('5001')).toMatchObject({ name: 'Батон «Нарочанский» нарезной 400 г', price: 189, vat_rate: 1000 });
    const path = till.ctx.db.value<string>(
      "SELECT p.name || '/' || c.name FROM items i JOIN categories c ON c.id = i.category_id JOIN categories p ON p.id = c.parent_id WHERE i.code = '5001'",
    );
    expect(path).toBe('Хлеб/Батоны');
    expect(till.ctx.db.values('SELECT barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.code = ? ORDER BY 1', '5002')).toEqual([
      '4810000000025',
      '4810000000032',
    ]);
    expect(till.ctx.db.one('SELECT unit, weighted FROM items WHERE code = ?', '5003')).toEqual({ unit: 'кг', weighted: 1 });
    expect(importRunning(till.ctx.db)).toBe(false);
  });

  it('says so when the chosen charset does not fit the file, and when the file is no price list at all', async () => {
    const utf8 = Buffer.from(GOOD.join('\n'), 'utf8');
    const wrong = async (bytes: Buffer, read: object) => {
      const fileId = await upload(bytes);
      return till.call('priceList.open', { source: { kind: 'upload', fileId }, read });
    };
    expect(await wrong(win1251(GOOD), { charset: 'utf-8' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('не в кодировке UTF-8') } });
    expect(await wrong(utf8, { charset: 'windows-1251' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Файл в кодировке UTF-8') } });
    expect(await wrong(Buffer.alloc(0), {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('Файл пустой') } });
    expect(await wrong(Buffer.from('\r\n;;;\r\n'), {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('Файл пустой') } });
    expect(await wrong(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), {})).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('двоичные данные') },
    });
    expect(await wrong(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('.xls') } });
    // UTF-8 with a BOM, comma-separated with a decimal point: read by itself.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD.map((l) => l.replaceAll(';', ',').replace(/(\d),(\d\d),/, '$1.$2,')).join('\n'))]);
    expect(await till.ok('priceList.open', { source: { kind: 'upload', fileId: await upload(bom) }, read: {} })).toMatchObject({ charset: 'utf-8', delimiter: ',' });
  });

  it('opens a big file by its head on the till thread — the charset told from the first bytes past ASCII, wherever they are — and leaves the rest to the dry run', async () => {
    // 1.3 MB of rows in plain ASCII (more than «Открыть» reads of a file), then a row with Cyrillic in Windows-1251 and a quote never closed.
    const plain = Array.from({ length: 30_000 }, (_, i) => `${70_000 + i};Item ${i} lorem ipsum dolor;;1,00;20;;1;`);
    const bytes = win1251([HEADER, ...plain, '89999;Батон;;1,00;20;шт;1;', '90000;"Сыр;;1,00;20;шт;1;']);
    expect(bytes.length).toBeGreaterThan(1_300_000);
    const o = await opened(bytes);
    // Only the first 256 KB are parsed: the broken quote far below does not stop «Открыть».
    expect(o).toMatchObject({ charset: 'windows-1251', delimiter: ';', columns: HEADER.split(';') });
    expect(o.sample).toHaveLength(10);
    expect(o.sample[0]![0]).toBe('70000');
    const dryRun = (fileId: string, mapping: object) =>
      till.call('priceList.preview', { fileId, read: { charset: 'auto', delimiter: 'auto', header: true }, mapping, mode: 'add' });
    expect(await dryRun(o.fileId, o.mapping)).toMatchObject({ ok: false, error: { message: expect.stringContaining('кавычка открыта и не закрыта') } });
    // UTF-8 Cyrillic at the head, a Windows-1251 row past what the charset is told from (and «Открыть» decodes): UTF-8, and the row refuses the file where it is read.
    const mixed = Buffer.concat([
      Buffer.from(`${[HEADER, '89999;Батон;;1,00;20;шт;1;', ...plain.slice(0, 8_000)].join('\r\n')}\r\n`, 'utf8'),
      win1251(['90001;Сыр;;1,00;20;шт;1;']),
    ]);
    const m = await opened(mixed);
    expect(m).toMatchObject({ charset: 'utf-8', columns: HEADER.split(';') });
    expect(await dryRun(m.fileId, m.mapping)).toMatchObject({ ok: false, error: { message: expect.stringContaining('нет в кодировке UTF-8') } });
  });

  it('refuses a 50 MB XLSX with a clear message instead of running out of memory', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024);
    big.write('PK\u0003\u0004', 'latin1');
    const fileId = await upload(big, 'huge.xlsx');
    expect(await till.call('priceList.open', { source: { kind: 'upload', fileId }, read: {} })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/XLSX слишком большой \(50,0 МБ.*CSV/) },
    });
  });

  it('finds duplicate barcodes in the file and against other items, too long names, bad units and missing fields of new items', async () => {
    const sampleBarcode = till.ctx.db.value<string>("SELECT barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.code = '1001'")!;
    const rows = [
      HEADER,
      `6001;${'Б'.repeat(129)};;1,00;20;шт;0;`,
      '6002;Гвозди;4810000000018;1,00;20;кг-ящик;0;',
      '6003;Шурупы;4810000000018;1,00;20;шт;0;',
      `6004;Дюбели;${sampleBarcode};1,00;20;шт;0;`,
      '6005;;;2,00;20;шт;0;',
      '6001;Повтор кода;;1,00;20;шт;0;',
      '6006;Краска;;1,005;20;л;0;',
    ];
    const preview = await till.ok('priceList.preview', await request(win1251(rows)));
    const says = preview.errors.map((e) => `${e.row} ${e.column}: ${e.message}`);
    expect(says).toEqual([
      '2 Наименование (B): наименование длиннее 128 символов (129)',
      '3 Единица (F): неизвестная единица «кг-ящик» (бывают: шт, кг, л, м, м², упак)',
      '4 Штрихкоды (C): штрихкод 4810000000018 уже есть в строке 3',
      `5 Штрихкоды: штрихкод ${sampleBarcode} уже у товара «Молоко Савушкин 3,2% 1 л» (код 1001)`,
      '6 Наименование (B): нет наименования',
      '7 Код (A): код 6001 уже был в строке 2',
      '8 Цена (D): цена 1,005 — больше двух знаков после запятой',
    ]);
  });
});

describe('modes', () => {
  const csv = (lines: string[]) => win1251([HEADER, ...lines]);

  it('«only new» skips codes the catalogue has; «update by code» changes them and adds the rest', async () => {
    const file = csv(['1001;Молоко новое;4810268001055;3,00;10;шт;1;Молочные продукты', '7001;Новинка;;5,00;20;шт;0;']);
    const add = await till.ok('priceList.apply', await request(file, 'add'));
    expect(add.counts).toMatchObject({ add: 1, skip: 1 });
    expect(item('1001')).toMatchObject({ price: 289 });
    const update = await till.ok('priceList.apply', await request(csv(['1001;Молоко новое;4810268001055;3,00;10;шт;1;Молочные продукты']), 'update-code'));
    expect(update.counts).toMatchObject({ update: 1 });
    expect(item('1001')).toMatchObject({ name: 'Молоко новое', price: 300 });
    expect(till.ctx.db.value('SELECT count(*) FROM items')).toBe(57);
  });

  it('«update by barcode» finds the item by its barcode; a file of code and price leaves the other fields alone', async () => {
    const file = Buffer.from('Штрихкод;Цена\n4810268001055;9,99\n', 'utf8');
    const req = await request(file, 'update-barcode');
    expect(req.mapping).toEqual({ barcodes: 0, price: 1 });
    const r = await till.ok('priceList.apply', req);
    expect(r.counts).toMatchObject({ update: 1, errors: 0 });
    expect(item('1001')).toMatchObject({ name: 'Молоко Савушкин 3,2% 1 л', price: 999, vat_rate: 1000 });
  });

  it('writes a new price alone, and the other fields when one of them changed', async () => {
    const was = till.ctx.db.one<{ section: number; category_id: number; vat_rate: number }>(
      'SELECT section, category_id, vat_rate FROM items WHERE code = ?',
      '1001',
    )!;
    const priceOnly = await till.ok(
      'priceList.apply',
      await request(csv(['1001;Молоко Савушкин 3,2% 1 л;4810268001055;3,15;10;шт;1;Молочные продукты']), 'update-code'),
    );
    expect(priceOnly.counts).toMatchObject({ update: 1 });
    expect(till.ctx.db.one('SELECT price, section, category_id, vat_rate FROM items WHERE code = ?', '1001')).toEqual({ ...was, price: 315 });
    const more = await till.ok(
      'priceList.apply',
      await request(csv(['1001;Молоко Савушкин 3,2% 1 л;4810268001055;3,15;20;шт;2;Молочные продукты/Молоко']), 'update-code'),
    );
    expect(more.counts).toMatchObject({ update: 1 });
    const now = till.ctx.db.one<{ price: number; section: number; category_id: number; vat_rate: number }>(
      'SELECT price, section, category_id, vat_rate FROM items WHERE code = ?',
      '1001',
    )!;
    expect(now).toMatchObject({ price: 315, section: 2, vat_rate: 2000 });
    expect(now.category_id).not.toBe(was.category_id);
  });

  it('counts a row as unchanged when only the letter case of its category path differs, and as changed when a level does', async () => {
    const milk = (category: string) => csv([`1001;Молоко Савушкин 3,2% 1 л;4810268001055;2,89;10;шт;1;${category}`]);
    const preview = async (category: string) => (await till.ok('priceList.preview', await request(milk(category), 'update-code'))).counts;
    await expect(preview('Молочные продукты')).resolves.toMatchObject({ same: 1, update: 0 });
    await expect(preview('МОЛОЧНЫЕ продукты')).resolves.toMatchObject({ same: 1, update: 0 });
    await expect(preview('Молочные продукты/Молоко')).resolves.toMatchObject({ same: 0, update: 1 });
    await expect(preview('Молочные изделия')).resolves.toMatchObject({ same: 0, update: 1 });
  });

  it('«replace» deletes what was never sold, hides what was sold and keeps what an open check holds', async () => {
    await cashierOnShift(till);
    const sold = till.ctx.db.value<string>("SELECT barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.code = '1002'")!;
    const inCheck = till.ctx.db.value<string>("SELECT barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.code = '1003'")!;
    const first = await till.ok('sale.addItem', { barcode: sold });
    await till.ok('sale.pay', { payments: [{ form: 'cash', amount: first.total }] });
    await till.ok('sale.addItem', { barcode: inCheck });
    await loginAs(till, 'admin');
    const req = await request(csv(['1001;Молоко;4810268001055;2,89;10;шт;1;Молочные', '8001;Новый товар;;1,00;20;шт;0;']), 'replace');
    const preview = await till.ok('priceList.preview', req);
    expect(preview.counts).toMatchObject({ add: 1, update: 1, hide: 1, keep: 1, remove: 53 });
    expect(preview.notes.join('\n')).toMatch(/открытом или отложенном чеке: 1/);
    await till.ok('priceList.apply', req);
    expect(item('1002')).toMatchObject({ hidden: 1 });
    expect(item('1003')).toMatchObject({ hidden: 0 });
    expect(item('1004')).toBeUndefined();
    expect(till.ctx.db.value('SELECT count(*) FROM items')).toBe(4);
  });
});

describe('the writing order', () => {
  it('writes updates first, then the new items in name order (ids by name), each with its own barcodes', async () => {
    const ean = (i: number) => `481990${String(i).padStart(6, '0')}${ean13CheckDigit(`481990${String(i).padStart(6, '0')}`)}`;
    const names = ['Ёжик в тумане', 'Яблоко', 'Арбуз', 'Борщ', 'ёлочная игрушка', 'Вафли'];
    // Арбуз has three barcodes: the first is staged with its op, the others beside it.
    const codes = (i: number) => (i === 2 ? `${ean(2)} ${ean(20)} ${ean(21)}` : ean(i));
    const lines = [
      HEADER,
      ...names.map((n, i) => `${8000 + i};${n};${codes(i)};1,${i}0;20;шт;0;`),
      '1001;Молоко;4810268001055 4810268001062;9,99;10;шт;1;Молочные продукты',
    ];
    const plan = await planOf(till.ctx.db, await request(win1251(lines), 'update-code'));
    const base = till.ctx.db.value<number>('SELECT max(id) FROM items')!;
    applyPlan(till.ctx.db, plan, { now: new Date().toISOString(), chunk: 3 });
    const added = till.ctx.db.all<{ id: number; name: string; code: string; barcodes: string }>(
      `SELECT i.id, i.name, i.code, (SELECT group_concat(barcode, ' ') FROM (SELECT barcode FROM item_barcodes WHERE item_id = i.id ORDER BY barcode)) AS barcodes
       FROM items i WHERE i.id > ? ORDER BY i.id`,
      base,
    );
    // By the search key (lower case, ё as е), as the name index keeps them: the index is appended to, not written all over.
    expect(added.map((r) => r.name)).toEqual(['Арбуз', 'Борщ', 'Вафли', 'Ёжик в тумане', 'ёлочная игрушка', 'Яблоко']);
    expect(added.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => base + n));
    for (const r of added) expect(r.barcodes).toBe(codes(Number(r.code) - 8000));
    expect(item('1001')).toMatchObject({ price: 999 });
    expect(till.ctx.db.values('SELECT barcode FROM item_barcodes WHERE item_id = (SELECT id FROM items WHERE code = ?) ORDER BY barcode', '1001')).toEqual([
      '4810268001055',
      '4810268001062',
    ]);
  });
});

describe('never half a catalogue', () => {
  it('«Отменить» midway puts back every item, barcode and category as they were', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 500; i++) lines.push(`${9000 + i};Товар ${i};;${i},50;20;шт;${i % 4};Новая/Подкатегория ${i % 7}`);
    lines.push('1001;Молоко дороже;4810268001055;9,99;10;шт;1;Молочные продукты');
    const req = await request(win1251(lines), 'replace');
    const before = till.fingerprint({ except: SCRATCH });
    const plan = await planOf(till.ctx.db, req);
    let chunks = 0;
    expect(() => applyPlan(till.ctx.db, plan, { now: new Date().toISOString(), chunk: 50, cancelled: () => ++chunks === 4 })).toThrow(/отменён/);
    expect(chunks).toBe(4);
    expect(till.fingerprint({ except: SCRATCH })).toBe(before);
    expect(importRunning(till.ctx.db)).toBe(false);
    expect(searchAutomerge(till.ctx.db)).toBe(4);
  });

  it('a crash midway (the connection gone) is undone when the till starts again', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 300; i++) lines.push(`${9000 + i};Товар ${i};;1,00;20;шт;0;Разное`);
    const req = await request(win1251(lines), 'replace');
    const before = till.fingerprint({ except: SCRATCH });
    const file = join(till.dir, 'kassa.sqlite');
    const other = openDatabase(file);
    const plan = await planOf(other, req);
    expect(() =>
      applyPlan(other, plan, {
        now: new Date().toISOString(),
        chunk: 40,
        progress: (done) => {
          if (done >= 120) other.close(); // the process is gone: nothing more is written, nothing undone
        },
      }),
    ).toThrow();
    expect(till.ctx.db.value('SELECT count(*) FROM items WHERE code >= ?', '9000')).toBeGreaterThan(0);
    till.close();
    const again = makeTillAt(till.dir);
    try {
      expect(again.fingerprint({ except: SCRATCH })).toBe(before);
      // The crash left the search index's own merging off; undoing the import turns it on again.
      expect(again.automerge()).toBe(4);
    } finally {
      again.close();
    }
  });
});

describe('the WAL while an import writes', () => {
  // 600 new items in chunks of 50 on the worker's own connection (as the task runs it).
  async function newGoods(): Promise<ImportRequest> {
    const lines = [HEADER];
    for (let i = 0; i < 600; i++) lines.push(`${30000 + i};Пряник тульский ${i};${ean(i)};1,${String(i % 100).padStart(2, '0')};20;шт;0;Сладости/Пряники`);
    return request(win1251(lines), 'add');
  }
  const ean = (i: number) => {
    const body = `481990${String(i).padStart(6, '0')}`;
    return `${body}${ean13CheckDigit(body)}`;
  };

  it('while nobody else writes, the import copies the WAL into the file itself; its goods are found by name and scanned by barcode', async () => {
    const req = await newGoods();
    const other = openDatabase(join(till.dir, 'kassa.sqlite'));
    try {
      const plan = await planOf(other, req);
      const during: number[] = [];
      applyPlan(other, plan, {
        now: new Date().toISOString(),
        chunk: 50,
        progress: (done, total) => {
          if (done > 0 && done < total) during.push(other.pragma('wal_autocheckpoint', { simple: true }) as number);
        },
      });
      // SQLite's own rule (after every commit past 1,000 pages) is off while it writes, and back afterwards.
      expect(during.length).toBeGreaterThan(5);
      expect(new Set(during)).toEqual(new Set([0]));
      expect(other.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      other.close();
    }
    expect(till.ctx.db.value("SELECT count(*) FROM items WHERE name LIKE 'Пряник тульский %'")).toBe(600);
    // The search index took every new name, and each barcode names its own item.
    expect((await till.ok('catalogue.search', { query: 'тульский 599', limit: 20 })).map((i) => i.code)).toEqual(['30599']);
    expect((await till.ok('catalogue.search', { query: 'ТУЛЬСКИЙ 417', limit: 20 })).map((i) => i.code)).toEqual(['30417']);
    await cashierOnShift(till);
    const check = await till.ok('sale.addItem', { barcode: ean(417) });
    expect(check.lines.at(-1)).toMatchObject({ name: 'Пряник тульский 417', price: 117 });
  });

  it('once the till commits, SQLite copies the WAL after each commit again: a sale never has to copy what the import left', async () => {
    const req = await newGoods();
    const other = openDatabase(join(till.dir, 'kassa.sqlite'));
    try {
      const plan = await planOf(other, req);
      const during: number[] = [];
      let pauses = 0;
      applyPlan(other, plan, {
        now: new Date().toISOString(),
        chunk: 50,
        // After each chunk but the last.
        progress: (done, total) => {
          if (done === 0 || done === total) return;
          during.push(other.pragma('wal_autocheckpoint', { simple: true }) as number);
          // The till writes once, between the third and the fourth chunk.
          if (++pauses === 3) till.ctx.db.run("INSERT INTO settings (key, value) VALUES ('test.touch', '1') ON CONFLICT (key) DO UPDATE SET value = value || '1'");
        },
      });
      expect(during.slice(0, 3)).toEqual([0, 0, 0]);
      expect(new Set(during.slice(3))).toEqual(new Set([1000]));
    } finally {
      other.close();
    }
  });
});

/** FTS5's own merging of the name search index after each commit, as the index keeps it (4 when never set: its default). */
function searchAutomerge(db: Db): number {
  return db.value<number>("SELECT v FROM items_fts_config WHERE k = 'automerge'") ?? 4;
}

/** The segments the name search index is made of now: a search reads each. */
function searchSegments(db: Db): number {
  return db.value<number>('SELECT count(DISTINCT segid) FROM items_fts_idx')!;
}

async function planOf(db: Parameters<typeof planFile>[0], req: ImportRequest) {
  const path = join(priceListFolder(till.ctx.db), `${req.fileId}.data`);
  return planFile(db, path, statSync(path).size, req);
}

function makeTillAt(dir: string) {
  const t = makeTill({ dataDir: dir });
  return {
    fingerprint: (options?: { except?: readonly string[] }) => t.fingerprint(options),
    automerge: () => searchAutomerge(t.ctx.db),
    close: () => {
      t.close();
    },
  };
}

describe('the name search index while an import writes', () => {
  it('is not merged after each chunk, and is merged once the goods are in: the new names are found (the staged ops in memory meanwhile)', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 600; i++) lines.push(`${40000 + i};Сушки ванильные ${i};;2,00;20;шт;0;Сладости`);
    const req = await request(win1251(lines), 'add');
    const other = openDatabase(join(till.dir, 'kassa.sqlite'));
    try {
      const plan = await planOf(other, req);
      const merging: number[] = [];
      const segments: number[] = [];
      // Where the staged ops are: 2 = memory (the chunks read them; a temporary file was a third of the writing).
      const stores: number[] = [];
      applyPlan(other, plan, {
        now: new Date().toISOString(),
        chunk: 50,
        progress: (done, total) => {
          if (done === 0 || done === total) return;
          merging.push(searchAutomerge(other));
          segments.push(searchSegments(other));
          stores.push(other.pragma('temp_store', { simple: true }) as number);
        },
      });
      // A segment per chunk, none merged meanwhile (FTS5 merged a little after each commit before).
      expect(new Set(merging)).toEqual(new Set([0]));
      expect(segments.at(-1)! - segments[0]!).toBe(segments.length - 1);
      expect(searchAutomerge(other)).toBe(4);
      expect(searchSegments(other)).toBeLessThan(4);
      expect(new Set(stores)).toEqual(new Set([2]));
      expect(other.pragma('temp_store', { simple: true })).toBe(0);
    } finally {
      other.close();
    }
    expect((await till.ok('catalogue.search', { query: 'ванильные 599', limit: 20 })).map((i) => i.code)).toEqual(['40599']);
  });

  it('ends a chunk at the next part when the till’s write waits for the lock', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 600; i++) lines.push(`${50000 + i};Баранки ${i};;1,00;20;шт;0;Сладости`);
    const plan = await planOf(till.ctx.db, await request(win1251(lines), 'add'));
    const done: number[] = [];
    // One chunk could take all 600 ops; the till's waiting ends it after each part of 256.
    applyPlan(till.ctx.db, plan, { now: new Date().toISOString(), chunk: 600, tillWaits: () => true, progress: (n) => void (n > 0 && done.push(n)) });
    expect(done).toEqual([256, 512, 600]);
    expect(till.ctx.db.value("SELECT count(*) FROM items WHERE name LIKE 'Баранки %'")).toBe(600);
  });
});

describe('a bulk load: many new items into a small catalogue', () => {
  // 600 new items (the thresholds lowered from 10,000 for the test) into the sample catalogue of a till being set up (no shift open).
  async function bulkGoods(): Promise<ImportRequest> {
    const lines = [HEADER];
    for (let i = 0; i < 600; i++) lines.push(`${60000 + i};Вафли лимонные ${599 - i};${ean(i)};3,${String(i % 100).padStart(2, '0')};20;шт;2;Сладости/Вафли`);
    return request(win1251(lines), 'add');
  }
  const ean = (i: number) => {
    const body = `481991${String(i).padStart(6, '0')}`;
    return `${body}${ean13CheckDigit(body)}`;
  };
  const schema = (db: Db) => db.all<{ type: string; name: string; sql: string }>('SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name');
  /** What the load dropped, as the schema and the run say it midway. */
  const midway = (db: Db) => ({
    indexes: db.values<string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'items' AND sql IS NOT NULL ORDER BY name"),
    triggers: db.values<string>("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'items' AND sql LIKE '%items_fts%' ORDER BY name"),
    kept: (JSON.parse(db.value<string>('SELECT restore FROM price_list_run') ?? '[]') as { name: string }[]).map((d) => d.name).sort(),
  });
  const DROPPED = ['items_category', 'items_fts_delete', 'items_fts_insert', 'items_fts_update', 'items_name_lc', 'items_price', 'items_section'];
  /** FTS5's own check of the name search index against the items (throws on a corrupt index). */
  const searchIndexSound = (db: Db) => db.run("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");

  it('drops the indexes of items and the search triggers while it writes, in file order, and makes them again: the same schema, every name found', async () => {
    const req = await bulkGoods();
    const before = schema(till.ctx.db);
    const other = openDatabase(join(till.dir, 'kassa.sqlite'));
    const seen: ReturnType<typeof midway>[] = [];
    try {
      const plan = await planOf(other, req);
      const base = other.value<number>('SELECT max(id) FROM items')!;
      applyPlan(other, plan, {
        now: new Date().toISOString(),
        chunk: 100,
        bulkFrom: 100,
        progress: (done, total) => void (done > 0 && done < total && seen.push(midway(other))),
      });
      expect(seen.length).toBeGreaterThan(3);
      for (const m of seen) expect(m).toEqual({ indexes: [], triggers: [], kept: DROPPED });
      // In the file's order (no name sort): the first row takes the first new id.
      expect(other.value('SELECT code FROM items WHERE id = ?', base + 1)).toBe('60000');
    } finally {
      other.close();
    }
    expect(schema(till.ctx.db)).toEqual(before);
    expect(till.ctx.db.value("SELECT count(*) FROM items WHERE name LIKE 'Вафли лимонные %'")).toBe(600);
    expect(till.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    searchIndexSound(till.ctx.db);
    expect(importRunning(till.ctx.db)).toBe(false);
    expect(searchAutomerge(till.ctx.db)).toBe(4);
    // New and old names alike are found, the new goods scan, and the name index serves the name range again.
    expect((await till.ok('catalogue.search', { query: 'лимонные 417', limit: 20 })).map((i) => i.code)).toEqual(['60182']);
    expect((await till.ok('catalogue.search', { query: 'молоко', limit: 20 })).map((i) => i.code)).toContain('1001');
    expect(JSON.stringify(till.ctx.db.all("EXPLAIN QUERY PLAN SELECT id FROM items WHERE name_lc >= 'в' AND name_lc < 'г'"))).toMatch(/items_name_lc/);
    await cashierOnShift(till);
    expect((await till.ok('sale.addItem', { barcode: ean(417) })).lines.at(-1)).toMatchObject({ name: 'Вафли лимонные 182', price: 317 });
  });

  it('is no bulk load with a shift open, nor for a catalogue more than half the size of the load, nor under the threshold', async () => {
    const req = await bulkGoods();
    const bulkOf = async (hooks: { bulkFrom?: number }) => {
      const plan = await planOf(till.ctx.db, req);
      const indexes: number[] = [];
      applyPlan(till.ctx.db, plan, {
        now: new Date().toISOString(),
        chunk: 100,
        ...hooks,
        progress: (d, t) => void (d > 0 && d < t && indexes.push(midway(till.ctx.db).indexes.length)),
      });
      till.ctx.db.run('DELETE FROM item_barcodes WHERE item_id IN (SELECT id FROM items WHERE code >= ?)', '60000');
      till.ctx.db.run('DELETE FROM items WHERE code >= ?', '60000');
      return indexes.length > 0 && indexes.every((n) => n === 0);
    };
    expect(await bulkOf({})).toBe(false); // 600 < 10,000
    expect(await bulkOf({ bulkFrom: 100 })).toBe(true);
    const sample = till.ctx.db.value<number>('SELECT count(*) FROM items')!;
    expect(await bulkOf({ bulkFrom: 100 })).toBe(true);
    // Items up to half the load: enough of them to make it no bulk load.
    const fill = till.ctx.db.prepare("INSERT INTO items (code, name, name_lc, price, unit) VALUES (?, 'Запас', 'запас', 100, 'шт')");
    for (let i = sample; i <= 300; i++) fill.run(String(70000 + i));
    expect(await bulkOf({ bulkFrom: 100 })).toBe(false);
    till.ctx.db.run("DELETE FROM items WHERE name = 'Запас'");
    expect(await bulkOf({ bulkFrom: 100 })).toBe(true);
    await cashierOnShift(till);
    expect(await bulkOf({ bulkFrom: 100 })).toBe(false);
  });

  it('«Отменить» midway: the catalogue as it was, the schema whole, the search index sound', async () => {
    const req = await bulkGoods();
    const before = till.fingerprint({ except: SCRATCH });
    const beforeSchema = schema(till.ctx.db);
    const plan = await planOf(till.ctx.db, req);
    let chunks = 0;
    expect(() =>
      applyPlan(till.ctx.db, plan, {
        now: new Date().toISOString(),
        chunk: 100,
        bulkFrom: 100,
        cancelled: () => ++chunks === 4 && midway(till.ctx.db).indexes.length === 0,
      }),
    ).toThrow(/отменён/);
    expect(chunks).toBe(4);
    expect(till.fingerprint({ except: SCRATCH })).toBe(before);
    expect(schema(till.ctx.db)).toEqual(beforeSchema);
    searchIndexSound(till.ctx.db);
    expect((await till.ok('catalogue.search', { query: 'молоко', limit: 20 })).map((i) => i.code)).toContain('1001');
  });

  it('refuses the load when a category of its rows is deleted meanwhile (its rows are written with the foreign keys off): the catalogue as it was', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 600; i++) lines.push(`${60000 + i};Печенье ${i};;2,00;20;шт;0;Сладости/${i < 300 ? 'Вафли' : 'Печенье'}`);
    // The subcategory is there already, and empty: the load finds it, and makes no new one.
    const sweets = till.ctx.db.value<number>("INSERT INTO categories (name, name_lc) VALUES ('Сладости', 'сладости') RETURNING id")!;
    till.ctx.db.run("INSERT INTO categories (parent_id, name, name_lc) VALUES (?, 'Печенье', 'печенье')", sweets);
    const req = await request(win1251(lines), 'add');
    const goods = () => till.ctx.db.all('SELECT i.*, (SELECT group_concat(barcode) FROM item_barcodes WHERE item_id = i.id) AS barcodes FROM items i ORDER BY i.id');
    const before = {
      goods: goods(),
      categories: till.ctx.db.all('SELECT * FROM categories WHERE name <> ? ORDER BY id', 'Печенье'),
      sections: till.ctx.db.all('SELECT * FROM sections ORDER BY code'),
    };
    const beforeSchema = schema(till.ctx.db);
    const other = openDatabase(join(till.dir, 'kassa.sqlite'));
    try {
      const plan = await planOf(other, req);
      let deleted = 0;
      expect(() =>
        applyPlan(other, plan, {
          now: new Date().toISOString(),
          chunk: 100,
          bulkFrom: 100,
          // The admin deletes the (still empty) subcategory in another window while the first rows go in.
          progress: (done) => void (done === 100 && (deleted = till.ctx.db.run("DELETE FROM categories WHERE name = 'Печенье'").changes)),
        }),
      ).toThrow(/удалили категорию или секцию/);
      expect(deleted).toBe(1);
      expect(other.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      other.close();
    }
    // As it was but for what the admin deleted.
    expect({
      goods: goods(),
      categories: till.ctx.db.all('SELECT * FROM categories ORDER BY id'),
      sections: till.ctx.db.all('SELECT * FROM sections ORDER BY code'),
    }).toEqual(before);
    expect(importRunning(till.ctx.db)).toBe(false);
    expect(schema(till.ctx.db)).toEqual(beforeSchema);
    expect(till.ctx.db.pragma('foreign_key_check')).toEqual([]);
  });

  /** The search index made aside as the streamed import's reader makes it (search-aside.ts), here on a connection of this thread; `meanwhile` runs before it is handed over. */
  const asideOf = (meanwhile?: () => void): SearchAside & { asked: number } => {
    const file = join(till.dir, 'kassa.sqlite');
    const aside = {
      asked: 0,
      start() {
        aside.asked++;
        const reader = openDatabase(file);
        try {
          makeSearchAside(reader, asideFile(file));
        } finally {
          reader.close();
        }
      },
      made() {
        meanwhile?.();
        return asideFile(file);
      },
    };
    return aside;
  };

  it('makes the search index aside while it makes the indexes and copies it in: sound for every connection, the import’s own too, and for the edits after it', async () => {
    const req = await bulkGoods();
    const before = schema(till.ctx.db);
    const other = openDatabase(join(till.dir, 'kassa.sqlite'));
    try {
      // Both connections have read the search index before: FTS5 keeps its layout per connection until another one commits.
      searchIndexSound(other);
      expect((await till.ok('catalogue.search', { query: 'молоко', limit: 20 })).map((i) => i.code)).toContain('1001');
      const aside = asideOf();
      const plan = await planOf(other, req);
      const found = other.prepare<[string], number>('SELECT count(*) FROM items_fts WHERE items_fts MATCH ?').pluck();
      const midway: number[] = [];
      const hooks = {
        now: new Date().toISOString(),
        chunk: 100,
        bulkFrom: 100,
        searchAside: aside,
        // The import's connection reads the index midway too (the old one: the new goods are not in it yet).
        progress: (done: number, total: number) => void (done > 0 && done < total && midway.push(found.get('"молоко"')!)),
      };
      expect(applyPlan(other, plan, hooks)).toEqual({ searchAside: true });
      expect(midway.length).toBeGreaterThan(0);
      expect(aside.asked).toBe(1);
      expect(existsSync(asideFile(join(till.dir, 'kassa.sqlite')))).toBe(false);
      searchIndexSound(other);
      expect(found.get('"лимонные 417"')).toBe(1);
      // The import's connection writes the index on: a renamed item, a deleted one (a stale layout would corrupt it here).
      other.run("UPDATE items SET name = 'Вафли ореховые 5', name_lc = 'вафли ореховые 5' WHERE code = '60594'");
      other.run("DELETE FROM items WHERE code = '60593'");
      searchIndexSound(other);
    } finally {
      other.close();
    }
    expect(schema(till.ctx.db)).toEqual(before);
    searchIndexSound(till.ctx.db);
    expect((await till.ok('catalogue.search', { query: 'лимонные 417', limit: 20 })).map((i) => i.code)).toEqual(['60182']);
    expect((await till.ok('catalogue.search', { query: 'ореховые', limit: 20 })).map((i) => i.code)).toEqual(['60594']);
    expect((await till.ok('catalogue.search', { query: 'лимонные 6', limit: 20 })).map((i) => i.code)).not.toContain('60593');
    expect((await till.ok('catalogue.search', { query: 'молоко', limit: 20 })).map((i) => i.code)).toContain('1001');
  });

  it('makes the search index itself when the aside one could not be made', async () => {
    const req = await bulkGoods();
    const other = openDatabase(join(till.dir, 'kassa.sqlite'));
    try {
      let asked = 0;
      const failed: SearchAside = { start: () => void asked++, made: () => null };
      const plan = await planOf(other, req);
      expect(applyPlan(other, plan, { now: new Date().toISOString(), chunk: 100, bulkFrom: 100, searchAside: failed })).toEqual({ searchAside: false });
      expect(asked).toBe(1);
    } finally {
      other.close();
    }
    searchIndexSound(till.ctx.db);
    expect((await till.ok('catalogue.search', { query: 'лимонные 417', limit: 20 })).map((i) => i.code)).toEqual(['60182']);
  });

  it('makes the search index itself when another connection commits after the aside one read the items: the renamed item is found by its new name', async () => {
    const req = await bulkGoods();
    const other = openDatabase(join(till.dir, 'kassa.sqlite'));
    try {
      // The admin renames an item in another window between the aside read and the copy.
      const aside = asideOf(() => till.ctx.db.run("UPDATE items SET name = 'Молоко отборное 1 л', name_lc = 'молоко отборное 1 л' WHERE code = '1001'"));
      const plan = await planOf(other, req);
      expect(applyPlan(other, plan, { now: new Date().toISOString(), chunk: 100, bulkFrom: 100, searchAside: aside })).toEqual({ searchAside: false });
      expect(aside.asked).toBe(1);
      expect(existsSync(asideFile(join(till.dir, 'kassa.sqlite')))).toBe(false);
    } finally {
      other.close();
    }
    searchIndexSound(till.ctx.db);
    expect((await till.ok('catalogue.search', { query: 'отборное', limit: 20 })).map((i) => i.code)).toEqual(['1001']);
    expect((await till.ok('catalogue.search', { query: 'лимонные 417', limit: 20 })).map((i) => i.code)).toEqual(['60182']);
  });

  for (const when of ['while it writes the items', 'while it makes the indexes again'] as const) {
    it(`a crash ${when} is undone when the till starts again, the schema made whole`, async () => {
      const req = await bulkGoods();
      const before = till.fingerprint({ except: SCRATCH });
      const beforeSchema = schema(till.ctx.db);
      const other = openDatabase(join(till.dir, 'kassa.sqlite'));
      const plan = await planOf(other, req);
      let crashed: ReturnType<typeof midway> | null = null;
      const crash = () => {
        crashed = midway(other);
        other.close(); // the process is gone: nothing more is written, nothing undone
      };
      expect(() =>
        applyPlan(other, plan, {
          now: new Date().toISOString(),
          chunk: 100,
          bulkFrom: 100,
          progress: (done) => void (when === 'while it writes the items' && done >= 300 && other.open && crash()),
          // Between the steps of the rebuild: the search index is back, the indexes not yet.
          pause: () => void (when === 'while it makes the indexes again' && other.open && midway(other).triggers.length > 0 && crash()),
        }),
      ).toThrow();
      expect(crashed).not.toBeNull();
      if (when === 'while it makes the indexes again') expect(crashed!.triggers).toHaveLength(3);
      else expect(crashed!.indexes).toEqual([]);
      till.close();
      const again = makeTill({ dataDir: till.dir });
      try {
        expect(again.fingerprint({ except: SCRATCH })).toBe(before);
        expect(schema(again.ctx.db)).toEqual(beforeSchema);
        searchIndexSound(again.ctx.db);
        expect(again.ctx.db.value('SELECT count(*) FROM price_list_run')).toBe(0);
      } finally {
        again.close();
      }
    });
  }
});

describe('export', () => {
  for (const format of ['csv-1251', 'csv-utf8', 'xlsx'] as const) {
    it(`reads back as the same catalogue (${format})`, async () => {
      const exportReq =
        format === 'xlsx'
          ? { format: 'xlsx' as const }
          : { format: 'csv' as const, charset: format === 'csv-1251' ? ('windows-1251' as const) : ('utf-8' as const) };
      // Names Excel would run as formulas: written as text, read back as they were.
      for (const [code, name] of [
        ['9101', '=1+1 акция'],
        ['9102', '-10% скидка'],
      ] as const)
        await till.ok('goods.create', pieceItem(code, name));
      const out = await till.ok('priceList.export', exportReq);
      expect(out.rows).toBe(58);
      // Written by a worker task, not on the till's thread that sells.
      expect(
        till.ctx.tasks
          .list()
          .filter((t) => t.job === 'priceList.export')
          .map((t) => t.state),
      ).toEqual(['done']);
      const catalogue = loadCatalogue(till.ctx.db);
      // Change the catalogue, then import the export over it: it is as it was.
      await till.ok(
        'priceList.apply',
        await request(win1251([HEADER, '1001;Другое;4810268001055;1,00;20;шт;0;Другое', '9999;Лишний;;1,00;20;шт;0;']), 'update-code'),
      );
      const o = await till.ok('priceList.open', { source: { kind: 'upload', fileId: out.fileId! }, read: {} });
      expect(Object.keys(o.mapping)).toHaveLength(12);
      const r = await till.ok('priceList.apply', {
        fileId: o.fileId,
        read: { charset: 'auto', delimiter: 'auto', header: true },
        mapping: o.mapping,
        mode: 'replace',
      });
      expect(r.counts).toMatchObject({ errors: 0, update: 1, remove: 1, same: 57 });
      expect(loadCatalogue(till.ctx.db)).toEqual(catalogue);
      const again = await till.ok('priceList.export', exportReq);
      const bytes = async (id: string) => {
        const parts: Buffer[] = [];
        for (let at: number | null = 0; at !== null;) {
          const p: { data: string; next: number | null } = await till.ok('priceList.download', { fileId: id, offset: at });
          parts.push(Buffer.from(p.data, 'base64'));
          at = p.next;
        }
        return Buffer.concat(parts);
      };
      if (format === 'xlsx') {
        const a = await till.ok('priceList.open', { source: { kind: 'upload', fileId: again.fileId! }, read: {} });
        expect(a.sample).toEqual(o.sample);
      } else {
        const text = (await bytes(again.fileId!)).toString('latin1');
        expect(text).toContain(";'=1+1 ");
        expect(text).toContain(";'-10% ");
        expect((await bytes(again.fileId!)).equals(await bytes(out.fileId!))).toBe(true);
      }
    });
  }
});

describe('templates', () => {
  it('saves a mapping under a name, overwrites it by the same name and removes it', async () => {
    const t = await till.ok('priceList.saveTemplate', { name: 'Поставщик «Хлебпром»', mapping: { code: 1, name: 0, price: 3 }, read: { charset: 'windows-1251' } });
    await till.ok('priceList.saveTemplate', { name: 'поставщик «хлебпром»', mapping: { code: 2, name: 0, price: 3 }, read: { charset: 'windows-1251' } });
    expect(await till.ok('priceList.templates', {})).toEqual([
      { id: t.id, name: 'Поставщик «Хлебпром»', mapping: { code: 2, name: 0, price: 3 }, read: { charset: 'windows-1251', delimiter: 'auto', header: true } },
    ]);
    expect(await till.call('priceList.saveTemplate', { name: 'Двойной', mapping: { code: 1, name: 1 }, read: {} })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    await till.ok('priceList.removeTemplate', { id: t.id });
    expect(await till.ok('priceList.templates', {})).toEqual([]);
  });
});

it('writes nothing for a cashier: every price-list method is the admin’s', async () => {
  await cashierOnShift(till);
  writeFileSync(join(till.dir, 'x'), '');
  expect(await till.call('priceList.export', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

describe('selling while a price list goes in', () => {
  it('adds every scanned line while the worker writes the import in chunks', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 3000; i++) lines.push(`${20000 + i};Товар ${i};;${1 + (i % 90)},${String(i % 100).padStart(2, '0')};20;шт;0;Разное/Группа ${i % 30}`);
    lines.push('1001;Молоко Савушкин 3,2% 1 л;4810268001055;3,09;10;шт;1;Молочные продукты');
    const req = await request(win1251(lines), 'update-code');
    const milk = '4810268001055';
    await till.ok('users.create', { ...CASHIER, password: '7391' });
    const running = till.call('priceList.apply', req);
    let finished = false;
    void running.finally(() => (finished = true));
    await till.ok('auth.logout');
    await till.ok('auth.login', { login: CASHIER.login, password: '7391' });
    await till.ok('auth.changePassword', { oldPassword: '7391', newPassword: CASHIER_PASSWORD });
    await till.ok('shift.open');
    let sold = 0;
    while (!finished) {
      await till.ok('sale.addItem', { barcode: milk });
      if (++sold % 20 === 0) await till.ok('sale.cancel');
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await running).toMatchObject({ ok: true, value: { counts: { add: 3000, update: 1 } } });
    expect(sold).toBeGreaterThan(3);
    // The next line takes the new price.
    await till.ok('sale.cancel');
    const check = await till.ok('sale.addItem', { barcode: milk });
    expect(check.lines.at(-1)).toMatchObject({ price: 309 });
  });
});

describe('a big CSV into a small catalogue, read while it is written', () => {
  // 12,000 rows (a bulk load from 10,000), one of them a new price for the sample's milk.
  const bigFile = (bad?: number) => {
    const lines = [HEADER];
    for (let i = 0; i < 12_000; i++) {
      const price = i === bad ? '-1,00' : `${1 + (i % 90)},${String(i % 100).padStart(2, '0')}`;
      // Every seventh name quoted, with a separator and quotes inside.
      const name = i % 7 === 0 ? `"Сухари ""ржаные; с тмином"" ${i}"` : `Сухари пшеничные ${i}`;
      lines.push(`${80000 + i};${name};${i % 3 === 0 ? '' : ean(i)};${price};${i % 5 === 0 ? 'без НДС' : '20'};шт;${i % 4};Бакалея/Сухари ${i % 13}`);
    }
    lines.splice(6_000, 0, '1001;Молоко Савушкин 3,2% 1 л;4810268001055;3,09;10;шт;1;Молочные продукты');
    return win1251(lines);
  };
  const ean = (i: number) => {
    const body = `481992${String(i).padStart(6, '0')}`;
    return `${body}${ean13CheckDigit(body)}`;
  };
  /** The catalogue by code, as the admin sees it (ids apart: a bulk load numbers the new items in file order). */
  const catalogue = (db: Db) =>
    loadCatalogue(db)
      .map(({ id: _id, categoryId: _c, ...item }) => item)
      .sort((a, b) => a.code.localeCompare(b.code));

  it('writes what the whole-file import writes, with the same counts', async () => {
    const req = await request(bigFile(), 'update-code');
    const result = await till.ok('priceList.apply', req);
    // Its name search index made on the reader's thread while the import made the other indexes.
    expect(result).toMatchObject({ streamed: true, searchAside: true, counts: { rows: 12_001, add: 12_000, update: 1, errors: 0 } });
    // The same file on a till with a shift open: read whole, then written with the indexes in place.
    const other = makeTill();
    try {
      await adminReady(other);
      await other.ok('users.create', { ...CASHIER, password: '7391' });
      await other.ok('auth.logout');
      await other.ok('auth.login', { login: CASHIER.login, password: '7391' });
      await other.ok('auth.changePassword', { oldPassword: '7391', newPassword: CASHIER_PASSWORD });
      await other.ok('shift.open');
      await loginAs(other, 'admin');
      const bytes = bigFile();
      let fileId: string | undefined;
      for (let at = 0; at < bytes.length; at += 300_000) {
        fileId = (
          await other.ok('priceList.upload', { ...(fileId && { fileId }), name: 'prajs.csv', offset: at, data: bytes.subarray(at, at + 300_000).toString('base64') })
        ).fileId;
      }
      const serial = await other.ok('priceList.apply', { ...req, fileId: fileId! });
      expect(serial.streamed).toBeUndefined();
      expect(serial.counts).toEqual(result.counts);
      expect(catalogue(till.ctx.db)).toEqual(catalogue(other.ctx.db));
    } finally {
      other.dispose();
    }
    expect(till.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    till.ctx.db.run("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");
    expect((await till.ok('catalogue.search', { query: 'тмином 11991', limit: 5 })).map((i) => i.code)).toEqual(['91991']);
  });

  it('refuses the file for a bad row near its end, as the dry run says, and the catalogue stays as it was', async () => {
    const req = await request(bigFile(11_990), 'update-code');
    const before = till.fingerprint({ except: SCRATCH });
    const preview = await till.ok('priceList.preview', req);
    expect(preview.errors).toEqual([expect.objectContaining({ row: 11_993, message: 'отрицательная цена -1,00' })]);
    // Written while read: the rows before the bad one went in (and were undone), none are left.
    let written = 0;
    const off = till.onEvent((event, payload) => {
      const task = payload as { job: string; done: number; note?: string };
      if (event === 'task.progress' && task.job === 'priceList.apply' && task.note?.startsWith('Записано')) written = Math.max(written, task.done);
    });
    const res = await till.call('priceList.apply', req).finally(off);
    expect(written).toBeGreaterThan(1_000);
    expect(res).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: expect.stringContaining('строк с ошибками: 1), каталог не изменён. Первая: строка 11993, Цена (D): отрицательная цена -1,00'),
      },
    });
    expect(importRunning(till.ctx.db)).toBe(false);
    expect(till.fingerprint({ except: SCRATCH })).toBe(before);
  });
});

describe('«Отменить» on the worker task', () => {
  it('stops the import midway and leaves the catalogue as it was', async () => {
    // Enough rows for many chunks: the set-based writer (goods-perf) put 3,000 rows in one or two,
    // finishing before the cancel could land.
    const lines = [HEADER];
    for (let i = 0; i < 30_000; i++) lines.push(`${30000 + i};Товар ${i};;1,00;20;шт;0;Отмена/Группа ${i % 10}`);
    const req = await request(win1251(lines), 'update-code');
    const before = till.fingerprint({ except: SCRATCH });
    let asked = false;
    const off = till.onEvent((event, payload) => {
      const task = payload as { id: string; job: string; state: string; done: number; note?: string };
      if (event !== 'task.progress' || task.job !== 'priceList.apply' || asked) return;
      if (task.state === 'running' && task.note?.startsWith('Записано') && task.done > 0) {
        asked = true;
        void till.call('tasks.cancel', { id: task.id });
      }
    });
    try {
      expect(await till.call('priceList.apply', req)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    } finally {
      off();
    }
    expect(asked).toBe(true);
    expect(importRunning(till.ctx.db)).toBe(false);
    expect(till.fingerprint({ except: SCRATCH })).toBe(before);
  });
});
