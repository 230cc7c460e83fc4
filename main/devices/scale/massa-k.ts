/**
 * Масса-К «Протокол 100»: frames `F8 55 CE | len u16 LE | cmd | data | CRC16 LE`, where len
 * counts cmd + data and the CRC covers cmd + data. Ask the weight with CMD_GET_MASSA (0x23); the
 * scale answers CMD_ACK_MASSA (0x24), CMD_ERROR (0x28) or CMD_NACK (0xF0).
 */
import { ByteQueue, hex, reading, type DialogStep, type ScaleDialog, type ScaleProtocol } from './protocol.js';
import { failure, fromWeight, overload, WEIGHT_MESSAGES } from './reading.js';

export const MASSA_HEADER = [0xf8, 0x55, 0xce] as const;
export const CMD_GET_MASSA = 0x23;
export const CMD_ACK_MASSA = 0x24;
export const CMD_ERROR = 0x28;
export const CMD_NACK = 0xf0;
export const CMD_SET_ZERO = 0x72;
export const CMD_SET_TARE = 0xa3;

/** The longest body we accept; anything longer is line noise that happened to match the header. */
const MAX_BODY = 64;

/**
 * CRC-16-CCITT (poly 0x1021, initial 0) in the table-free form of the Масса-К manual: each byte is
 * XOR-ed in at the low end after the high byte has been divided out. It is not CRC-16/XMODEM —
 * the single command byte 0x23 gives 0x0023 here ("F8 55 CE 01 00 23 23 00").
 */
export function massaCrc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    let acc = 0;
    let high = crc & 0xff00;
    for (let bit = 0; bit < 8; bit++) {
      acc = ((high ^ acc) & 0x8000) !== 0 ? ((acc << 1) ^ 0x1021) & 0xffff : (acc << 1) & 0xffff;
      high = (high << 1) & 0xffff;
    }
    crc = (acc ^ (crc << 8) ^ byte) & 0xffff;
  }
  return crc;
}

/** One whole frame around `body` (cmd + data). */
export function massaFrame(body: Uint8Array | readonly number[]): Buffer {
  const b = Buffer.from(Uint8Array.from(body));
  const out = Buffer.alloc(3 + 2 + b.length + 2);
  out.set(MASSA_HEADER, 0);
  out.writeUInt16LE(b.length, 3);
  b.copy(out, 5);
  out.writeUInt16LE(massaCrc16(b), 5 + b.length);
  return out;
}

/** Grams per unit of the weight field, by the division code of the answer; ×10 for 0.1 g. */
const DIVISION_TENTHS: Readonly<Record<number, number>> = { 0: 1, 1: 10, 2: 100, 3: 1_000, 4: 10_000 };

const ERRORS: Readonly<Record<number, string>> = {
  0x07: 'весы не поддерживают команду',
  0x09: 'весы не в режиме взвешивания',
  0x0a: 'ошибка входных данных',
  0x17: 'нет связи с взвешивающим модулем',
  0x18: 'на платформе был груз при включении — снимите его и перезапустите весы',
  0x19: 'весы неисправны',
};

/** What the body of one checked frame says. Unknown commands (answers to something else) say nothing. */
export function parseMassaBody(body: Buffer): DialogStep | null {
  const cmd = body[0];
  if (cmd === CMD_ACK_MASSA) {
    if (body.length !== 9 && body.length !== 13) return reading(failure(`Масса-К: ответ о массе неожиданной длины ${body.length}`));
    const raw = body.readInt32LE(1);
    const tenths = DIVISION_TENTHS[body[5]!];
    if (tenths === undefined) return reading(failure(`Масса-К: неизвестная цена деления ${hex(body[5]!)}`));
    const grams = tenths === 1 ? Math.round(raw / 10) : (raw * tenths) / 10;
    return reading(fromWeight(grams, body[6] === 1));
  }
  if (cmd === CMD_ERROR) {
    const code = body[1] ?? 0;
    if (code === 0x08) return reading(overload());
    return reading(failure(`Весы сообщили об ошибке ${hex(code)}: ${ERRORS[code] ?? 'неизвестная ошибка'}`));
  }
  if (cmd === CMD_NACK) return reading(failure('Весы не знают команду запроса массы (NACK) — проверьте выбранный протокол'));
  return null;
}

export function massaDialog(): ScaleDialog {
  const q = new ByteQueue();
  return {
    start: () => massaFrame([CMD_GET_MASSA]),
    get partial() {
      return q.length > 0;
    },
    feed(chunk) {
      q.push(chunk);
      const steps: DialogStep[] = [];
      for (;;) {
        const at = findHeader(q.bytes);
        if (at < 0) {
          q.drop(q.length - headerPrefixAtEnd(q.bytes)); // noise, but a header may be arriving
          break;
        }
        q.drop(at);
        if (q.length < 5) break;
        const len = q.bytes.readUInt16LE(3);
        if (len === 0 || len > MAX_BODY) {
          steps.push(reading(failure(WEIGHT_MESSAGES.garbled)));
          q.drop(3);
          continue;
        }
        if (q.length < 5 + len + 2) break;
        const body = Buffer.from(q.bytes.subarray(5, 5 + len));
        const crc = q.bytes.readUInt16LE(5 + len);
        q.drop(5 + len + 2);
        if (crc !== massaCrc16(body)) {
          steps.push(reading(failure(WEIGHT_MESSAGES.garbled)));
          continue;
        }
        const step = parseMassaBody(body);
        if (step) steps.push(step);
      }
      return steps;
    },
  };
}

/** How many bytes at the end of `b` could be the start of a header still arriving. */
function headerPrefixAtEnd(b: Buffer): number {
  if (b.length >= 2 && b[b.length - 2] === MASSA_HEADER[0] && b[b.length - 1] === MASSA_HEADER[1]) return 2;
  return b[b.length - 1] === MASSA_HEADER[0] ? 1 : 0;
}

function findHeader(b: Buffer): number {
  for (let i = 0; i + 2 < b.length; i++) {
    if (b[i] === MASSA_HEADER[0] && b[i + 1] === MASSA_HEADER[1] && b[i + 2] === MASSA_HEADER[2]) return i;
  }
  return -1;
}

export const massaK: ScaleProtocol = { id: 'massa-k', stream: false, defaultBaudRate: 4800, dialog: massaDialog };
