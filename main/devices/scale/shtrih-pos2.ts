/**
 * Штрих-М «POS2»: the host sends ENQ (05); NAK (15) means "ready for a command", ACK (06) means
 * "an answer is still waiting" (read it, ACK it, ask again). A request is `02 LEN CMD DATA LRC`
 * with LRC = XOR of LEN, CMD and DATA; the scale ACKs it and answers `02 LEN CMD ERR DATA LRC`,
 * which the host ACKs. Read weight: cmd 3A + 4-digit ASCII password → status u16 LE (bit 4
 * stable, bit 6 overload, bit 8 below minimum), weight int32 LE in grams, tare int16 LE.
 */
import { ByteQueue, hex, reading, send, type DialogOptions, type DialogStep, type ScaleDialog, type ScaleProtocol } from './protocol.js';
import { failure, fromWeight, overload, underload, WEIGHT_MESSAGES, type WeightReading } from './reading.js';
import { ACK, ENQ, NAK, xorBytes } from './cas.js';

const STX = 0x02;
export const CMD_READ_WEIGHT = 0x3a;
export const DEFAULT_PASSWORD = '0030';

export const STATUS = {
  stable: 1 << 4,
  zeroError: 1 << 5,
  overload: 1 << 6,
  measureError: 1 << 7,
  belowMinimum: 1 << 8,
  noAdc: 1 << 9,
} as const;

/** `02 LEN CMD DATA LRC` around cmd + data. */
export function shtrihFrame(body: Uint8Array | readonly number[]): Buffer {
  const b = Uint8Array.from(body);
  const withLen = Buffer.from([b.length, ...b]);
  return Buffer.from([STX, ...withLen, xorBytes(withLen)]);
}

export function readWeightRequest(password: string = DEFAULT_PASSWORD): Buffer {
  if (!/^\d{4}$/.test(password)) throw new RangeError('Пароль весов Штрих — 4 цифры');
  return shtrihFrame([CMD_READ_WEIGHT, ...Buffer.from(password, 'ascii')]);
}

/** The body (cmd, err, data) of an answer to 3A. */
export function parseShtrihWeight(body: Buffer): WeightReading {
  if (body[0] !== CMD_READ_WEIGHT) return failure(`Штрих: ответ на другую команду ${hex(body[0] ?? 0)}`);
  const err = body[1] ?? 0;
  if (err !== 0) {
    return failure(err === 0x58 || err === 0x17 ? 'Весы Штрих не приняли пароль — проверьте пароль в настройках' : `Весы Штрих ответили ошибкой ${hex(err)}`);
  }
  if (body.length < 10) return failure(`Штрих: ответ о весе неожиданной длины ${body.length}`);
  const status = body.readUInt16LE(2);
  const grams = body.readInt32LE(4);
  if (status & STATUS.overload) return overload();
  if (status & STATUS.noAdc) return failure('Весы Штрих: нет ответа от АЦП — весы неисправны');
  if (status & STATUS.measureError) return failure('Весы Штрих: ошибка измерения — нужна градуировка');
  if (status & STATUS.zeroError) return failure('Весы Штрих: ошибка нуля при включении — освободите платформу и перезапустите весы');
  if (status & STATUS.belowMinimum) return underload(grams);
  return fromWeight(grams, (status & STATUS.stable) !== 0);
}

export function shtrihDialog(options: DialogOptions = {}): ScaleDialog {
  const request = readWeightRequest(options.password ?? DEFAULT_PASSWORD);
  const q = new ByteQueue();
  /** enq: ENQ sent; ack: request sent; frame: request accepted; stale: reading an old answer. */
  let phase: 'enq' | 'ack' | 'frame' | 'stale' = 'enq';
  let done = false;
  return {
    start: () => Uint8Array.of(ENQ),
    get partial() {
      return (phase === 'frame' || phase === 'stale') && q.length > 0;
    },
    feed(chunk) {
      const steps: DialogStep[] = [];
      let i = 0;
      const bytes = Buffer.from(chunk);
      while (i < bytes.length && !done) {
        if (phase === 'enq' || phase === 'ack') {
          const b = bytes[i++];
          if (phase === 'enq' && b === NAK) {
            phase = 'ack';
            steps.push(send(request));
          } else if (phase === 'enq' && b === ACK) {
            phase = 'stale';
          } else if (phase === 'ack' && b === ACK) {
            phase = 'frame';
          } else if (phase === 'ack' && b === NAK) {
            done = true;
            steps.push(reading(failure('Весы Штрих не приняли запрос (NAK) — помехи на линии или неверная скорость')));
          }
          continue;
        }
        q.push(bytes.subarray(i));
        i = bytes.length;
        const stx = q.bytes.indexOf(STX);
        if (stx < 0) {
          q.clear();
          break;
        }
        q.drop(stx);
        if (q.length < 2) break;
        const len = q.bytes[1]!;
        if (q.length < 2 + len + 1) break;
        const withLen = q.bytes.subarray(1, 2 + len);
        const lrc = q.bytes[2 + len];
        const body = Buffer.from(q.bytes.subarray(2, 2 + len));
        const rest = Buffer.from(q.bytes.subarray(3 + len));
        q.clear();
        if (xorBytes(withLen) !== lrc) {
          done = true;
          steps.push(send([NAK]), reading(failure(WEIGHT_MESSAGES.garbled)));
          break;
        }
        steps.push(send([ACK]));
        if (phase === 'stale') {
          // An answer left over from an earlier request: acknowledged, now ask again.
          phase = 'enq';
          steps.push(send([ENQ]));
          if (rest.length > 0) steps.push(...this.feed(rest));
          break;
        }
        done = true;
        steps.push(reading(parseShtrihWeight(body)));
      }
      return steps;
    },
  };
}

export const shtrihPos2: ScaleProtocol = { id: 'shtrih-pos2', stream: false, defaultBaudRate: 9600, dialog: shtrihDialog };
