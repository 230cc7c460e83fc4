/** Every window on a till follows main's open check: each change of it is announced with the check as it now is. */
import { describe, expect, it } from 'vitest';
import type { OpenCheck } from '../../preload/contract/index.js';
import { cashierReady, makeTill, pieceBarcodes } from '../fixtures/core.js';

describe('sale.changed', () => {
  it('carries the open check after a line is added, changed, removed, and after the payment empties it', async () => {
    const till = makeTill();
    try {
      await cashierReady(till);
      await till.ok('shift.open');
      const seen: OpenCheck[] = [];
      till.onEvent((event, payload) => {
        if (event === 'sale.changed') seen.push(payload as OpenCheck);
      });
      const [a, b] = await pieceBarcodes(till, 2);

      const one = await till.ok('sale.addItem', { barcode: a! });
      expect(seen.at(-1)).toEqual(one);
      const two = await till.ok('sale.scan', { code: b! });
      expect(seen.at(-1)).toEqual(two);
      const more = await till.ok('sale.setQuantity', { lineId: two.lines[1]!.id, quantity: 2000 });
      expect(seen.at(-1)).toEqual(more);
      const less = await till.ok('sale.removeLine', { lineId: one.lines[0]!.id });
      expect(seen.at(-1)).toEqual(less);
      expect(seen).toHaveLength(4);

      // Reading the check changes nothing, so it announces nothing.
      await till.ok('sale.current');
      expect(seen).toHaveLength(4);

      await till.ok('sale.pay', { payments: [{ form: 'cash', amount: less.total }] });
      expect(seen).toHaveLength(5);
      expect(seen.at(-1)).toMatchObject({ lines: [], total: 0 });
    } finally {
      till.dispose();
    }
  });
});
