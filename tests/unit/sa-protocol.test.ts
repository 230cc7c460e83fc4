/**
 * The INPAS SA numbers and bytes the integrated terminal adapter relies on (main/devices/terminal/
 * sa-protocol.ts). The emulator shares that file, so the terminal tests cannot notice a wrong number:
 * this pins them. Agreed with public material: amount 00, currency 04, operation 25, RRN 14,
 * status 39 = 1 approved; operations sale 1, refund 3, test 26, reconciliation 59. The rest, and the
 * framing, are as the module says: unconfirmed until checked against the acquirer's specification.
 */
import { describe, expect, it } from 'vitest';
import { BYN, crc16, decodeMessage, encodeMessage, FIELD, frame, OPERATION, STATUS, unframe } from '../../main/devices/terminal/sa-protocol.js';

describe('INPAS SA numbers', () => {
  it('uses the field and operation numbers of the published description', () => {
    expect([FIELD.amount, FIELD.currency, FIELD.rrn, FIELD.operation, FIELD.status]).toEqual([0, 4, 14, 25, 39]);
    expect([OPERATION.sale, OPERATION.refund, OPERATION.test, OPERATION.reconciliation]).toEqual([1, 3, 26, 59]);
    expect(STATUS.approved).toBe(1);
    expect(BYN).toBe('933');
    // Every operation its own number: a refund must never be read as a cancel or a sale.
    expect(new Set(Object.values(OPERATION)).size).toBe(Object.keys(OPERATION).length);
  });
});

describe('INPAS SA bytes', () => {
  it('writes each field as tag · length (2 bytes, little-endian) · ASCII value', () => {
    const bytes = encodeMessage({ [FIELD.amount]: 159, [FIELD.currency]: BYN, [FIELD.operation]: OPERATION.refund });
    expect(bytes.toString('hex')).toBe(['00' + '0300' + '313539', '04' + '0300' + '393333', '19' + '0100' + '33'].join(''));
    expect(decodeMessage(bytes)).toEqual(
      new Map([
        [0, '159'],
        [4, '933'],
        [25, '3'],
      ]),
    );
  });

  it('keeps the cashier’s text in Windows-1251', () => {
    const bytes = encodeMessage({ [FIELD.message]: 'Отказ' });
    expect(bytes.toString('hex')).toBe('13' + '0500' + 'cef2eae0e7');
    expect(decodeMessage(bytes).get(FIELD.message)).toBe('Отказ');
  });

  it('checks frames with CRC-16/CCITT-FALSE (check value 0x29B1), and refuses a changed byte', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x29b1);
    const framed = frame(encodeMessage({ [FIELD.operation]: OPERATION.test }));
    const body = Buffer.from('19' + '0200' + '3236', 'hex');
    const crc = Buffer.alloc(2);
    crc.writeUInt16LE(crc16(body));
    expect(framed).toEqual(Buffer.concat([Buffer.from('02' + '0500', 'hex'), body, crc]));
    const two = Buffer.concat([framed, framed.subarray(0, 4)]);
    const { messages, rest } = unframe(two);
    expect(messages).toEqual([new Map([[25, '26']])]);
    expect(rest).toEqual(framed.subarray(0, 4));
    const broken = Buffer.from(framed);
    broken[6] = 0x37; // '2' → '7'
    expect(() => unframe(broken)).toThrow('SA: неверная контрольная сумма кадра');
  });
});
