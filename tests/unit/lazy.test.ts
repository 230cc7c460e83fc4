/** common/lazy.ts: the contract's schemas are built on first use and then behave as the schema itself. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazy } from '../../common/lazy.js';

describe('a lazy schema', () => {
  it('is built on the first touch, once', () => {
    let builds = 0;
    const Name = lazy(() => {
      builds += 1;
      return z.string().min(2, 'Слишком коротко');
    });
    expect(builds).toBe(0);
    expect(Name.parse('Хлеб')).toBe('Хлеб');
    expect(Name.safeParse('Х').error?.issues[0]?.message).toBe('Слишком коротко');
    expect(builds).toBe(1);
  });

  it('works inside other schemas, with its methods, shape and class as the schema has them', () => {
    const Item = lazy(() => z.object({ code: z.string(), price: z.number().int() }).strict());
    const Line = lazy(() => z.object({ item: Item, quantity: z.number() }));
    expect(Line.parse({ item: { code: '1', price: 159 }, quantity: 2 })).toEqual({ item: { code: '1', price: 159 }, quantity: 2 });
    expect(Line.safeParse({ item: { code: '1', price: 1.5 }, quantity: 2 }).success).toBe(false);
    expect(Item.nullable().parse(null)).toBeNull();
    expect(Item.extend({ name: z.string() }).parse({ code: '1', price: 1, name: 'x' })).toEqual({ code: '1', price: 1, name: 'x' });
    expect(Object.keys(Item.shape)).toEqual(['code', 'price']);
    expect(z.object({ ...Item.shape }).parse({ code: '2', price: 3 })).toEqual({ code: '2', price: 3 });
    expect(Item instanceof z.ZodObject).toBe(true);
    expect(Object.getPrototypeOf(Item)).toBe(Object.getPrototypeOf(z.object({})));
    // A detached member stays bound to the schema (zod binds it), as without the proxy.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const { parse } = Item;
    expect(parse({ code: '3', price: 4 })).toEqual({ code: '3', price: 4 });
  });
});
