/**
 * The ECR protocol of the integrated card terminal: INPAS «SA» (Smart Access), the TLV protocol
 * spoken by the INPAS payment software (DualConnector / UNIPOS) on the Ingenico, Verifone and PAX
 * terminals that acquirers install for shops, over TCP (or RS-232) from the till. Chosen because it
 * is the one cash-register vendors integrate against from a published description (r_keeper's
 * «Setting up authorization with POS terminals using the SA protocol by INPAS», docs.rkeeper.com;
 * the specification itself, «Протокол SA», is issued by INPAS / the acquirer with the terminal) —
 * unlike Arcus2 (a DLL on Windows) or a bank's own protocol under NDA.
 *
 * What this file holds is all the till relies on: one message = fields, each `tag (1 byte) ·
 * length (2 bytes, little-endian) · value (ASCII)`; a frame = STX · length (2 bytes LE) · message ·
 * CRC-16/CCITT (2 bytes LE) of the message. The field and operation numbers below were written from
 * the published description without its tables at hand: check them against the acquirer's copy of
 * the specification before the first real terminal (the emulator, sa-emulator.ts, uses this file,
 * so the tests prove the till's logic, not the numbers).
 *
 * Checked against public material (no copy of «Протокол SA» itself was found): the notes of an open
 * integration of INPAS DualConnector (its XML interface carries the same numbered fields) give
 * amount 00 in kopecks, currency 04, operation 25, terminal ID 27, RRN 14 (the original's, on a
 * refund), status 39 = 1 approved; operations sale 1, refund 3, test 26, reconciliation 59 — so
 * refund is 3 here (it was 29), and everything else agrees. Not confirmed anywhere public: the
 * binary framing (STX, lengths, CRC), fields 13, 15, 19 and 26, cancel 4, «последняя операция» 63,
 * and the status values other than 1. tests/unit/sa-protocol.test.ts pins what is here.
 */
import { createRequire } from 'node:module';

// iconv-lite loads with the first message to the terminal, not at the till's start (cold start).
const load = createRequire(import.meta.url);
const iconv = () => load('iconv-lite') as typeof import('iconv-lite');

export const FIELD = {
  amount: 0, // minor units (kopecks), ASCII digits
  currency: 4, // ISO 4217 numeric: 933 = BYN
  authCode: 13,
  rrn: 14,
  hostResponse: 15, // the bank's response code
  message: 19, // text for the cashier
  operation: 25,
  ecrNumber: 26, // the till's number of the operation: the journal row, for «последняя операция»
  status: 39,
} as const;

export const OPERATION = { sale: 1, refund: 3, cancel: 4, test: 26, reconciliation: 59, lastOperation: 63 } as const;
export type Operation = (typeof OPERATION)[keyof typeof OPERATION];

/** Status 39: 1 approved, 16 declined, 17 unknown / not done, 34 no connection with the bank, 53 aborted. */
export const STATUS = { approved: 1, declined: 16, notDone: 17, noHost: 34, aborted: 53 } as const;

export const BYN = '933';

/** Texts (the cashier's message) travel in Windows-1251, as the INPAS software on Russian-language terminals writes them. */
const TEXT_ENCODING = 'cp1251';

export type SaMessage = ReadonlyMap<number, string>;

const STX = 0x02;

export function crc16(data: Buffer): number {
  let crc = 0xffff;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export function encodeMessage(fields: Readonly<Record<number, string | number>> | SaMessage): Buffer {
  const entries = fields instanceof Map ? [...fields] : Object.entries(fields).map(([k, v]) => [Number(k), v] as const);
  const parts: Buffer[] = [];
  for (const [tag, value] of entries) {
    const v = iconv().encode(String(value), TEXT_ENCODING);
    const head = Buffer.alloc(3);
    head.writeUInt8(Number(tag), 0);
    head.writeUInt16LE(v.length, 1);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

export function decodeMessage(data: Buffer): Map<number, string> {
  const out = new Map<number, string>();
  let at = 0;
  while (at + 3 <= data.length) {
    const tag = data.readUInt8(at);
    const len = data.readUInt16LE(at + 1);
    if (at + 3 + len > data.length) throw new Error('SA: поле длиннее сообщения');
    out.set(tag, iconv().decode(data.subarray(at + 3, at + 3 + len), TEXT_ENCODING));
    at += 3 + len;
  }
  if (at !== data.length) throw new Error('SA: обрывок поля в конце сообщения');
  return out;
}

export function frame(message: Buffer): Buffer {
  const head = Buffer.from([STX, 0, 0]);
  head.writeUInt16LE(message.length, 1);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc16(message), 0);
  return Buffer.concat([head, message, crc]);
}

/** Takes whole frames off the front of `buffer`; returns the messages and what is left. A bad CRC throws. */
export function unframe(buffer: Buffer): { messages: Map<number, string>[]; rest: Buffer } {
  const messages: Map<number, string>[] = [];
  let at = 0;
  while (at < buffer.length) {
    if (buffer[at] !== STX) throw new Error('SA: нет начала кадра (STX)');
    if (at + 3 > buffer.length) break;
    const len = buffer.readUInt16LE(at + 1);
    if (at + 3 + len + 2 > buffer.length) break;
    const body = buffer.subarray(at + 3, at + 3 + len);
    if (buffer.readUInt16LE(at + 3 + len) !== crc16(body)) throw new Error('SA: неверная контрольная сумма кадра');
    messages.push(decodeMessage(body));
    at += 3 + len + 2;
  }
  return { messages, rest: buffer.subarray(at) };
}
