/**
 * Search as you type over the catalogue, through the router on the sample catalogue: the start of a
 * code (PLU), of a barcode, of a name, a word inside a name, ё as е. (Its speed over 200,000
 * items is `search-200k` in `npm run bench`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashierReady, makeTill, type TestTill } from '../fixtures/core.js';

describe('catalogue search as you type', () => {
  let till: TestTill;
  beforeAll(async () => {
    till = makeTill();
    await cashierReady(till);
  });
  afterAll(() => till.dispose());

  const search = async (query: string) => (await till.ok('catalogue.search', { query, limit: 20 })).map((i) => ({ code: i.code, name: i.name }));

  it('puts the exact code first, then codes starting with what is typed', async () => {
    const found = await search('401');
    expect(found[0]).toMatchObject({ code: '4011', name: 'Бананы' });
    expect((await search('4011'))[0]).toEqual({ code: '4011', name: 'Бананы' });
    const byCode = await search('10');
    expect(byCode.length).toBeGreaterThan(5);
    expect(byCode.slice(0, 5).every((i) => i.code.startsWith('10'))).toBe(true);
  });

  it('finds goods by the start of a barcode', async () => {
    const found = await search('48102680');
    expect(found.map((i) => i.name)).toContain('Молоко Савушкин 3,2% 1 л');
  });

  it('finds goods by the start of the name and by a word inside it, ё typed as е', async () => {
    expect((await search('молоко')).every((i) => i.name.toLowerCase().startsWith('молоко'))).toBe(true);
    expect((await search('савушкин')).map((i) => i.name)).toEqual(expect.arrayContaining(['Молоко Савушкин 3,2% 1 л']));
    expect((await search('охлажденное')).map((i) => i.name)).toEqual(['Филе куриное охлаждённое']);
  });
});
