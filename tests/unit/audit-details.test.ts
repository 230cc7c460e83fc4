/** The journal's «Подробности»: an entry's JSON read out in the admin's words (common/audit-actions.ts). */
import { describe, expect, it } from 'vitest';
import { auditDetailsText } from '../../common/audit-actions.js';

describe('auditDetailsText', () => {
  it('labels the known keys and writes money, quantities and sizes as the till does', () => {
    expect(auditDetailsText(JSON.stringify({ amount: 1050, currency: 'BYN' }))).toBe('сумма: 10.50 · валюта: BYN');
    expect(auditDetailsText(JSON.stringify({ name: 'Молоко', quantity: 1250, price: 289, approvedBy: null }))).toBe(
      'название: Молоко · кол-во: 1.25 · цена: 2.89 · разрешил: —',
    );
    expect(auditDetailsText(JSON.stringify({ path: 'a.zip', bytes: 67_512, by: 'cli' }))).toBe('файл: a.zip · размер: 66 КБ · кто: cli');
    expect(auditDetailsText(JSON.stringify({ bytes: 3 * 1024 * 1024 }))).toBe('размер: 3,0 МБ');
    expect(auditDetailsText(JSON.stringify({ login: 'ivanova', failures: 3, locked: true }))).toBe('логин: ivanova · неудачных попыток: 3 · заблокирован: да');
    expect(auditDetailsText(JSON.stringify({ login: 'petrova', role: 'cashier' }))).toBe('логин: petrova · роль: Кассир');
    expect(auditDetailsText(JSON.stringify({ training: true }))).toBe('учебный режим: да');
    // A user's change is kept as { from, to } per field.
    expect(auditDetailsText(JSON.stringify({ login: 'petrova', role: { from: 'cashier', to: 'admin' } }), 'user.changed')).toBe(
      'логин: petrova · роль: Кассир → Администратор',
    );
  });

  it('keeps an unknown key by its name, lists plain arrays, counts arrays of objects and shortens nested objects', () => {
    expect(auditDetailsText(JSON.stringify({ itemId: 7, files: ['goods.csv', 'payments.csv'] }))).toBe('itemId: 7 · files: goods.csv, payments.csv');
    expect(auditDetailsText(JSON.stringify({ lines: [{ name: 'a' }, { name: 'b' }] }))).toBe('строк: 2 шт.');
    expect(auditDetailsText(JSON.stringify({ removed: [] }))).toBe('удалено: —');
    const long = auditDetailsText(JSON.stringify({ after: { header: 'x'.repeat(100) } }));
    expect(long.startsWith('after: {"header":"xxx')).toBe(true);
    expect(long.endsWith('…')).toBe(true);
    expect(long.length).toBeLessThan(80);
  });

  it('writes what a change changed as «old → new»: goods and categories by their `changes`', () => {
    const changed = { itemId: 7, changes: { price: [189, 199], vatRate: [2000, null], barcodes: [['4810000000017'], ['4810000000017', '4810000000024']] } };
    expect(auditDetailsText(JSON.stringify(changed), 'goods.changed')).toBe(
      'itemId: 7 · цена: 1.89 → 1.99 · НДС: 20 % → без НДС · штрихкоды: 4810000000017 → 4810000000017, 4810000000024',
    );
    // Named by the item (code and name) where the entry has it; the id stands alone only in older entries.
    expect(auditDetailsText(JSON.stringify({ itemId: 7, item: '9001 Батон к чаю', changes: { hidden: [false, true] } }), 'goods.hidden')).toBe(
      'товар: 9001 Батон к чаю · скрыт: нет → да',
    );
    expect(auditDetailsText(JSON.stringify({ categoryId: 3, category: 'Хлеб', changes: { hidden: [false, true] } }), 'goods.categoryChanged')).toBe(
      'категория: Хлеб · скрыт: нет → да',
    );
    // Of a category moved: its parent by number (the journal knows no names); an empty old value keeps its arrow.
    expect(auditDetailsText(JSON.stringify({ categoryId: 3, changes: { parentId: [null, 12] } }), 'goods.categoryChanged')).toBe(
      'категория: № 3 · входит в: — → № 12',
    );
  });

  it('writes a thing made with its values and a thing deleted with its last ones, without arrows', () => {
    const made = { itemId: 9, changes: { code: [null, '100'], name: [null, 'Батон'], price: [null, 150], categoryId: [null, null] } };
    // The item is named by its own code and name: its id is not shown.
    expect(auditDetailsText(JSON.stringify(made), 'goods.created')).toBe('код: 100 · название: Батон · цена: 1.50 · категория: —');
    expect(auditDetailsText(JSON.stringify({ categoryId: 4, changes: { name: [null, 'Хлеб'], parentId: [null, null] } }), 'goods.categoryCreated')).toBe(
      'категория: № 4 · название: Хлеб · входит в: —',
    );
    const deleted = { itemId: 9, changes: { code: ['100', null], price: [150, null] } };
    expect(auditDetailsText(JSON.stringify(deleted), 'goods.deleted')).toBe('код: 100 · цена: 1.50');
  });

  it('writes settings and cards saved as `before` and `after` by the fields that differ', () => {
    const requisites = {
      changed: ['address'],
      before: { organization: 'ООО «Ромашка»', unp: '100000001', address: 'Минск, ул. Ленина, 1' },
      after: { organization: 'ООО «Ромашка»', unp: '100000001', address: 'Минск, ул. Ленина, 3' },
    };
    expect(auditDetailsText(JSON.stringify(requisites), 'requisites.saved')).toBe('адрес: Минск, ул. Ленина, 1 → Минск, ул. Ленина, 3');
    const stock = { before: { enabled: false, negative: 'allow' }, after: { enabled: true, negative: 'refuse' } };
    expect(auditDetailsText(JSON.stringify(stock), 'stock.settings')).toBe('включено: нет → да · минус в остатках: продавать → не продавать');
    const card = { id: 2, before: { number: '77', percent: 500, amount: null }, after: { number: '77', percent: null, amount: 300 } };
    expect(auditDetailsText(JSON.stringify(card), 'discountCards.update')).toBe('id: 2 · процент: 5 % → — · сумма: — → 3.00');
    // `kind` and `number` of a card in the card's words; elsewhere `kind` keeps its key.
    expect(auditDetailsText(JSON.stringify({ number: '77', kind: 'prefix' }), 'discountCards.remove')).toBe('номер или префикс: 77 · вид: серия (префикс)');
    expect(auditDetailsText(JSON.stringify({ kind: 'sale' }), 'document.copy')).toBe('kind: sale');
    expect(auditDetailsText(JSON.stringify({ before: { zWaitSeconds: 30 }, after: { zWaitSeconds: 30 } }), 'fiscal.settings')).toBe('без изменений');
  });

  it('writes a discount or markup of a check or a line', () => {
    expect(auditDetailsText(JSON.stringify({ line: 'Батон', adjustment: { kind: 'discount', by: 'percent', value: 1250 } }))).toBe('строка: Батон · скидка: 12.5 %');
    expect(auditDetailsText(JSON.stringify({ adjustment: { kind: 'markup', by: 'sum', value: 100 }, card: null }))).toBe('скидка: надбавка 1.00 · карта: —');
    expect(auditDetailsText(JSON.stringify({ adjustment: null }))).toBe('скидка: снята');
  });

  it('shows nothing for an entry without details, and text that is no JSON object as it is', () => {
    expect(auditDetailsText('{}')).toBe('');
    expect(auditDetailsText('not json')).toBe('not json');
    expect(auditDetailsText('[1,2]')).toBe('[1,2]');
    // A key named like an object's own property is no label of ours.
    expect(auditDetailsText(JSON.stringify({ constructor: 1 }))).toBe('constructor: 1');
  });
});
