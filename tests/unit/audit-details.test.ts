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

  it('shows nothing for an entry without details, and text that is no JSON object as it is', () => {
    expect(auditDetailsText('{}')).toBe('');
    expect(auditDetailsText('not json')).toBe('not json');
    expect(auditDetailsText('[1,2]')).toBe('[1,2]');
    // A key named like an object's own property is no label of ours.
    expect(auditDetailsText(JSON.stringify({ constructor: 1 }))).toBe('constructor: 1');
  });
});
