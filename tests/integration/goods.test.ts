/**
 * The goods directory through the router on a real SQLite file: the admin's item card (barcodes by
 * check digit, unique code, audit of each change old → new), hiding and deleting, the category
 * tree, the list page by page, and what the sale makes of it (hidden goods not found, a new price
 * on the next line only, a price typed at sale, units sold by the thousandth). The list's speed
 * over 200,000 items is printed at the end (not asserted; `goods-list-200k` in the bench).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ean13CheckDigit } from '../../common/barcode.js';
import type { GoodsInput } from '../../preload/contract/index.js';
import { generateCatalogue } from '../bench/workflow.js';
import { cashierOnShift, loginAs, makeTill, type TestTill } from '../fixtures/core.js';
import { pieceItem } from '../fixtures/goods.js';

let till: TestTill;
afterEach(() => till?.dispose());

const ean13 = (first12: string) => `${first12}${ean13CheckDigit(first12)}`;
const LOAF_EAN = ean13('481999000001');
const LOAF_OWN = '200451'; // the shop's own code, printed in the store

const LOAF: GoodsInput = { ...pieceItem('9001', 'Батон к чаю', 189), barcodes: [LOAF_EAN, LOAF_OWN], vatRate: 1000 };

function auditOf(t: TestTill, itemId: number): { action: string; user_id: number | null; details: { itemId: number; changes: Record<string, unknown> } }[] {
  return (
    t.ctx.db
      .prepare("SELECT action, user_id, details FROM audit_log WHERE action LIKE 'goods.%' AND json_extract(details, '$.itemId') = ? ORDER BY id")
      .all(itemId) as { action: string; user_id: number | null; details: string }[]
  ).map((r) => ({ ...r, details: JSON.parse(r.details) as { itemId: number; changes: Record<string, unknown> } }));
}

/** A till with the cashier on shift, then the admin logged in to edit the catalogue. */
async function adminOnOpenShift(): Promise<TestTill> {
  const t = makeTill();
  await cashierOnShift(t);
  await loginAs(t, 'admin');
  return t;
}

describe('the item card', () => {
  it('creates an item with two barcodes, audits it, and the cashier scans both', async () => {
    till = await adminOnOpenShift();
    const item = await till.ok('goods.create', LOAF);
    expect(item).toMatchObject({ code: '9001', name: 'Батон к чаю', barcodes: [LOAF_OWN, LOAF_EAN], price: 189, used: false, hidden: false });
    const [created, ...more] = auditOf(till, item.id);
    expect(more).toEqual([]);
    expect(created).toMatchObject({ action: 'goods.created', details: { itemId: item.id, changes: { name: [null, 'Батон к чаю'], price: [null, 189] } } });
    // Every field of the card, the empty ones too (the journal shows the whole card made).
    expect(Object.keys(created!.details.changes).sort()).toEqual(Object.keys(LOAF).sort());
    expect(created!.details.changes).toMatchObject({ categoryId: [null, null], hidden: [null, false] });
    expect(created!.user_id).toBe((await till.ok('app.status')).user!.id);

    await loginAs(till, 'cashier');
    await till.ok('sale.scan', { code: LOAF_EAN });
    const check = await till.ok('sale.scan', { code: LOAF_OWN });
    expect(check.lines.map((l) => [l.name, l.barcode, l.quantity, l.price])).toEqual([['Батон к чаю', LOAF_EAN, 2000, 189]]);
  });

  it('refuses a wrong check digit, a barcode or code another item has, naming the field in Russian, and writes nothing', async () => {
    till = await adminOnOpenShift();
    await till.ok('goods.create', LOAF);
    const before = till.fingerprint();
    const bad = LOAF_EAN.slice(0, 12) + String((Number(LOAF_EAN[12]) + 1) % 10);
    const wrongDigit = await till.call('goods.create', { ...LOAF, code: '9002', barcodes: [ean13('481999000002'), bad] });
    expect(wrongDigit).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/неверная контрольная цифра EAN-13/) } });
    expect((wrongDigit as { error: { details: { issues: { path: unknown[] }[] } } }).error.details.issues[0]!.path).toEqual(['barcodes', 1]);
    expect(await till.call('goods.create', { ...LOAF, code: '9002', barcodes: ['036000291453'] })).toMatchObject({
      ok: false,
      error: { message: 'Штрихкод 036000291453: неверная контрольная цифра UPC-A (должна быть 2)' },
    });
    expect(await till.call('goods.create', { ...LOAF, code: '9002', barcodes: ['48102'] })).toMatchObject({
      ok: false,
      error: { message: 'Штрихкод «48102» — от 6 до 14 цифр' },
    });
    expect(await till.call('goods.create', { ...LOAF, code: '9002', barcodes: [LOAF_OWN] })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: `Штрихкод ${LOAF_OWN} уже у товара «Батон к чаю» (код 9001)` },
    });
    expect(await till.call('goods.create', { ...LOAF, barcodes: [] })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Код 9001 уже у товара «Батон к чаю»' },
    });
    expect(await till.call('goods.create', { ...LOAF, code: '9002', barcodes: [ean13('200000000001')] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: /префикса весовой этикетки/ },
    });
    expect(await till.call('goods.create', { ...LOAF, code: '9002', barcodes: [], name: 'Б'.repeat(129) })).toMatchObject({
      ok: false,
      error: { message: 'Название — не длиннее 128 символов' },
    });
    expect(await till.call('goods.create', { ...LOAF, code: '9002', barcodes: [], unit: 'шт', weighted: true })).toMatchObject({
      ok: false,
      error: { message: 'Весовой товар продаётся в килограммах' },
    });
    expect(await till.call('goods.create', { ...LOAF, code: '9002', barcodes: [], section: 77 })).toMatchObject({ ok: false, error: { message: /Секции 77 нет/ } });
    expect(till.fingerprint()).toBe(before);
  });

  it('refuses every change to a cashier, and lets the cashier read the list, the card and the categories', async () => {
    till = await adminOnOpenShift();
    const item = await till.ok('goods.create', LOAF);
    const category = await till.ok('goods.createCategory', { name: 'Хлеб', parentId: null });
    await loginAs(till, 'cashier');
    const before = till.fingerprint();
    const writes = [
      till.call('goods.create', { ...LOAF, code: '9002', barcodes: [] }),
      till.call('goods.update', { id: item.id, item: { ...LOAF, price: 1 } }),
      till.call('goods.setHidden', { id: item.id, hidden: true }),
      till.call('goods.delete', { id: item.id }),
      till.call('goods.createCategory', { name: 'Овощи', parentId: null }),
      till.call('goods.updateCategory', { id: category.id, name: 'Выпечка', parentId: null, hidden: false }),
    ];
    for (const r of await Promise.all(writes)) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(till.fingerprint()).toBe(before);
    expect((await till.ok('goods.get', { id: item.id })).name).toBe('Батон к чаю');
    expect((await till.ok('goods.list', { query: 'батон к чаю' })).rows.map((r) => r.code)).toEqual(['9001']);
    expect((await till.ok('goods.categories', {})).map((c) => c.name)).toContain('Хлеб');
  });

  it('applies a new price to lines added after it: the open check keeps the old one', async () => {
    till = await adminOnOpenShift();
    const item = await till.ok('goods.create', LOAF);
    await loginAs(till, 'cashier');
    await till.ok('sale.scan', { code: LOAF_EAN });
    await loginAs(till, 'admin');
    await till.ok('goods.update', { id: item.id, item: { ...LOAF, price: 199 } });
    await loginAs(till, 'cashier');
    expect((await till.ok('sale.current')).lines.map((l) => l.price)).toEqual([189]);
    const check = await till.ok('sale.scan', { code: LOAF_EAN });
    expect(check.lines.map((l) => [l.price, l.quantity, l.amount])).toEqual([
      [189, 1000, 189],
      [199, 1000, 199],
    ]);
    expect(check.total).toBe(388);
    const changed = auditOf(till, item.id).at(-1)!;
    expect(changed).toMatchObject({ action: 'goods.changed', details: { item: `${LOAF.code} ${LOAF.name}`, changes: { price: [189, 199] } } });
    expect(Object.keys(changed.details.changes)).toEqual(['price']);
  });

  it('hides an item from sale (scan, code, search, id) while old checks keep its name; deletes only one never sold', async () => {
    till = await adminOnOpenShift();
    const loaf = await till.ok('goods.create', LOAF);
    const spare = await till.ok('goods.create', { ...LOAF, code: '9002', name: 'Батон с изюмом', barcodes: [] });
    await loginAs(till, 'cashier');
    const { total } = await till.ok('sale.scan', { code: LOAF_EAN });
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'cash', amount: total }] });

    await loginAs(till, 'admin');
    expect((await till.ok('goods.get', { id: loaf.id })).used).toBe(true);
    const refused = await till.call('goods.delete', { id: loaf.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /уже продавался: удалить нельзя.*Скройте товар/, details: { canHide: true } } });
    await till.ok('goods.setHidden', { id: loaf.id, hidden: true });

    await loginAs(till, 'cashier');
    for (const r of [
      await till.call('sale.scan', { code: LOAF_EAN }),
      await till.call('sale.scan', { code: LOAF_OWN }),
      await till.call('sale.addItem', { plu: '9001' }),
      await till.call('sale.addItem', { itemId: loaf.id }),
      await till.call('catalogue.byBarcode', { barcode: LOAF_EAN }),
    ]) {
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const found = (await till.ok('catalogue.search', { query: 'батон', limit: 20 })).map((i) => i.code);
    expect(found).toContain('9002');
    expect(found).not.toContain('9001');
    expect((await till.ok('catalogue.search', { query: '9001', limit: 20 })).map((i) => i.code)).toEqual([]);
    expect((await till.ok('documents.get', { id: document.id })).receipt.join('\n')).toContain('Батон к чаю');

    // On the open check: not deleted either.
    await till.ok('sale.addItem', { itemId: spare.id });
    await loginAs(till, 'admin');
    expect(await till.call('goods.delete', { id: spare.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /в открытом или отложенном чеке/ } });
    await loginAs(till, 'cashier');
    await till.ok('sale.cancel');
    await loginAs(till, 'admin');
    // In a stock document (a receipt of goods): not deleted either, and said so — not a bare FOREIGN KEY.
    const other = await till.ok('goods.create', { ...LOAF, code: '9003', name: 'Батон отрубной', barcodes: [] });
    await till.ok('stock.saveSettings', { enabled: true, negative: 'allow' });
    await till.ok('stock.receipt', { supplier: 'Хлебозавод', lines: [{ itemId: other.id, quantity: 5000, price: 120 }] });
    expect(await till.call('goods.delete', { id: other.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: /есть в документах учёта остатков: удалить нельзя/, details: { canHide: true } },
    });
    expect(await till.ok('goods.get', { id: other.id })).toMatchObject({ code: '9003' });
    expect(await till.ok('goods.delete', { id: spare.id })).toBeNull();
    expect(await till.call('goods.get', { id: spare.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    expect(auditOf(till, loaf.id).map((a) => a.action)).toEqual(['goods.created', 'goods.hidden']);
    expect(auditOf(till, spare.id).map((a) => a.action)).toEqual(['goods.created', 'goods.deleted']);
    const history = await till.ok('goods.history', { id: loaf.id });
    expect(history.map((h) => [h.action, h.user])).toEqual([
      ['goods.hidden', 'Администратор'],
      ['goods.created', 'Администратор'],
    ]);
    expect(history[0]!.changes).toEqual({ hidden: [false, true] });
    expect((await till.ok('goods.history', { id: spare.id })).map((h) => h.action)).toEqual(['goods.deleted', 'goods.created']);
  });
});

describe('selling by the item card', () => {
  it('asks the price of a free-price item, refuses a price for any other, and refuses 0', async () => {
    till = await adminOnOpenShift();
    const service = await till.ok('goods.create', { ...LOAF, code: '500', name: 'Услуга упаковки', barcodes: [], price: 0, freePrice: true });
    const loaf = await till.ok('goods.create', LOAF);
    await loginAs(till, 'cashier');
    expect(await till.call('sale.addItem', { itemId: service.id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { priceRequired: true, itemId: service.id } },
    });
    expect(await till.call('sale.addItem', { itemId: service.id, price: 0 })).toMatchObject({ ok: false, error: { message: 'Цена должна быть больше нуля' } });
    expect(await till.call('sale.addItem', { itemId: loaf.id, price: 100 })).toMatchObject({ ok: false, error: { message: /задана в каталоге/ } });
    const check = await till.ok('sale.addItem', { plu: '500', price: 250 });
    expect(check.lines.map((l) => [l.name, l.price, l.amount])).toEqual([['Услуга упаковки', 250, 250]]);
  });

  it('sells litres and metres by the thousandth, packs whole, and weighs weighted goods', async () => {
    till = await adminOnOpenShift();
    const kvass = await till.ok('goods.create', { ...LOAF, code: '700', name: 'Квас разливной', barcodes: [], unit: 'л', price: 150 });
    const cloth = await till.ok('goods.create', { ...LOAF, code: '701', name: 'Ткань ситец', barcodes: [], unit: 'м', price: 1200 });
    const pack = await till.ok('goods.create', { ...LOAF, code: '702', name: 'Салфетки', barcodes: [], unit: 'упак', price: 300 });
    const apples = await till.ok('goods.create', { ...LOAF, code: '703', name: 'Яблоки', barcodes: [], unit: 'кг', price: 350, weighted: true });
    await loginAs(till, 'cashier');
    await till.ok('sale.addItem', { itemId: kvass.id, quantity: 1500 });
    await till.ok('sale.addItem', { itemId: cloth.id, quantity: 2250 });
    expect(await till.call('sale.addItem', { itemId: pack.id, quantity: 1500 })).toMatchObject({ ok: false, error: { message: /целым количеством \(упак\)/ } });
    await till.ok('sale.addItem', { itemId: pack.id });
    expect(await till.call('sale.addItem', { itemId: apples.id })).toMatchObject({ ok: false, error: { details: { weightRequired: true } } });
    const check = await till.ok('sale.addItem', { itemId: apples.id, quantity: 1234 });
    expect(check.lines.map((l) => [l.unit, l.quantity, l.amount])).toEqual([
      ['л', 1500, 225],
      ['м', 2250, 2700],
      ['упак', 1000, 300],
      ['кг', 1234, 432],
    ]);
    const line = check.lines[0]!;
    expect(await till.call('sale.setQuantity', { lineId: line.id, quantity: 750 })).toMatchObject({ ok: true });
    expect(await till.call('sale.setQuantity', { lineId: check.lines[2]!.id, quantity: 2500 })).toMatchObject({ ok: false });
  });
});

describe('categories', () => {
  it('keeps a tree: subcategories, rename, move without cycles, hide — and the tiles walk it down to the goods', async () => {
    till = await adminOnOpenShift();
    const bakery = await till.ok('goods.createCategory', { name: 'Выпечка', parentId: null });
    const bread = await till.ok('goods.createCategory', { name: 'Хлеб', parentId: bakery.id });
    const buns = await till.ok('goods.createCategory', { name: 'Булочки', parentId: bakery.id });
    expect(await till.call('goods.createCategory', { name: 'хлеб', parentId: bakery.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const loaf = await till.ok('goods.create', { ...LOAF, barcodes: [], categoryId: bread.id });
    await till.ok('goods.create', { ...LOAF, code: '9003', name: 'Булочка с маком', barcodes: [], categoryId: buns.id });
    await till.ok('goods.create', { ...LOAF, code: '9004', name: 'Молоко', barcodes: [] });

    expect((await till.ok('goods.list', { categoryId: bakery.id })).rows.map((r) => r.name)).toEqual(['Батон к чаю', 'Булочка с маком']);
    expect((await till.ok('goods.list', { categoryId: bread.id })).rows.map((r) => [r.name, r.category])).toEqual([['Батон к чаю', 'Хлеб']]);

    const before = till.fingerprint();
    expect(await till.call('goods.updateCategory', { id: bakery.id, name: 'Выпечка', parentId: bread.id, hidden: false })).toMatchObject({
      ok: false,
      error: { message: 'Категорию нельзя перенести в неё саму или в её подкатегорию' },
    });
    expect(await till.call('goods.updateCategory', { id: bakery.id, name: 'Выпечка', parentId: bakery.id, hidden: false })).toMatchObject({ ok: false });
    expect(till.fingerprint()).toBe(before);
    await till.ok('goods.updateCategory', { id: buns.id, name: 'Сдоба', parentId: null, hidden: false });
    // The journal names the category as it was called before the change.
    const renamed = till.ctx.db.prepare("SELECT details FROM audit_log WHERE action = 'goods.categoryChanged' ORDER BY id DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(renamed)).toEqual({ categoryId: buns.id, category: 'Булочки', changes: { name: ['Булочки', 'Сдоба'], parentId: [bakery.id, null] } });
    expect((await till.ok('goods.list', { categoryId: bakery.id })).rows.map((r) => r.name)).toEqual(['Батон к чаю']);

    await loginAs(till, 'cashier');
    const top = await till.ok('goods.tiles', { categoryId: null });
    expect(top.categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Выпечка', 'Сдоба']));
    expect(top.categories.map((c) => c.name)).not.toContain('Хлеб');
    const down = await till.ok('goods.tiles', { categoryId: bakery.id });
    expect(down.categories.map((c) => c.name)).toEqual(['Хлеб']);
    const breads = await till.ok('goods.tiles', { categoryId: bread.id });
    expect(breads.items.map((i) => i.id)).toEqual([loaf.id]);

    await loginAs(till, 'admin');
    await till.ok('goods.updateCategory', { id: bakery.id, name: 'Выпечка', parentId: null, hidden: true });
    await loginAs(till, 'cashier');
    const visible = (await till.ok('goods.tiles', { categoryId: null })).categories.map((c) => c.name);
    expect(visible).toContain('Сдоба');
    expect(visible).not.toContain('Выпечка');
    expect(await till.call('goods.tiles', { categoryId: bread.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the list', () => {
  it('pages through every item in the chosen order with the total, searching as typed', async () => {
    till = await adminOnOpenShift();
    const all = await till.ok('goods.list', { limit: 500 });
    expect(all.total).toBe(56);
    const names = all.rows.map((r) => r.name.toLowerCase().replaceAll('ё', 'е'));
    expect(names).toEqual([...names].sort());
    const pages: string[] = [];
    for (let offset = 0; offset < all.total!; offset += 10) {
      const page = await till.ok('goods.list', { sort: 'price', desc: true, offset, limit: 10 });
      expect(page.total).toBe(56);
      pages.push(...page.rows.map((r) => r.code));
    }
    expect(new Set(pages).size).toBe(56);
    const byPrice = await till.ok('goods.list', { sort: 'price', desc: true, limit: 500 });
    expect(byPrice.rows.map((r) => r.code)).toEqual(pages);
    expect(byPrice.rows.map((r) => r.price)).toEqual([...byPrice.rows.map((r) => r.price)].sort((a, b) => b - a));
    const milk = await till.ok('goods.list', { query: 'савушкин', sort: 'code' });
    expect(milk.rows.length).toBeGreaterThan(0);
    expect(milk.total).toBe(milk.rows.length);
    expect(milk.rows.every((r) => r.name.includes('Савушкин'))).toBe(true);
    expect((await till.ok('goods.list', { query: '4810268001055' })).rows.map((r) => r.name)).toEqual(['Молоко Савушкин 3,2% 1 л']);
    // Pages of one (main walks the name index and keeps matches) and one page of all (main sorts the matches) agree.
    const whole = await till.ok('goods.list', { query: 'мол', limit: 100 });
    expect(whole.total).toBeGreaterThan(2);
    const oneByOne: string[] = [];
    for (let offset = 0; offset < whole.total!; offset++)
      oneByOne.push(...(await till.ok('goods.list', { query: 'мол', offset, limit: 1, withTotal: false })).rows.map((r) => r.code));
    expect(oneByOne).toEqual(whole.rows.map((r) => r.code));
  });
});

describe('200,000 items', () => {
  it('answers a list page quickly (timings printed, not asserted)', { timeout: 180_000 }, async () => {
    till = await adminOnOpenShift();
    // The bench's names (words of real goods), written in one statement: the import's own speed is not measured here.
    const words = generateCatalogue(2_000).map((i) => i.name);
    const t0 = performance.now();
    till.ctx.db.run(
      `INSERT INTO items (code, name, name_lc, price, unit, section)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999)
         SELECT CAST(100000 + i AS TEXT), json_extract(@names, '$[' || (i % 2000) || ']') || ' ' || i, json_extract(@lower, '$[' || (i % 2000) || ']') || ' ' || i,
                15 + (i * 7919) % 20000, 'шт', i % 4 FROM n`,
      { names: JSON.stringify(words), lower: JSON.stringify(words.map((w) => w.toLowerCase().replaceAll('ё', 'е'))) },
    );
    till.ctx.db.run("INSERT INTO item_barcodes (barcode, item_id) SELECT '481' || printf('%010d', id), id FROM items WHERE length(code) = 6");
    console.log(`goods: 200,000 items written in ${Math.round(performance.now() - t0)} ms`);
    const time = async (label: string, input: Parameters<typeof till.ok<'goods.list'>>[1]) => {
      const t = performance.now();
      const page = await till.ok('goods.list', input);
      console.log(`goods.list ${label}: ${(performance.now() - t).toFixed(1)} ms, total ${page.total}`);
      return page;
    };
    expect((await time('first page by name', { limit: 100 })).total).toBe(200_056);
    await time('page at 150,000 by name', { offset: 150_000, limit: 100 });
    await time('page at 100,000 by price desc', { sort: 'price', desc: true, offset: 100_000, limit: 100 });
    await time('page at 100,000 by code', { sort: 'code', offset: 100_000, limit: 100 });
    for (const query of ['м', 'мол', 'молоко', 'сыр мол', '1000', '48']) await time(`«${query}» by name`, { query, limit: 100 });
    const deep = await time('«мол» page at 2,000 by price', { query: 'мол', sort: 'price', offset: 2000, limit: 100 });
    expect(deep.rows.length).toBeGreaterThan(0);
  });
});
