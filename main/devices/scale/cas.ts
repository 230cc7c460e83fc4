/**
 * CAS, two ways:
 *  - request mode: ENQ (05) → ACK (06), then DC1 (11) → `SOH STX STA SIGN W×6 U×2 BCC ETX EOT`,
 *    BCC = XOR of STA … the second unit byte; STA `S` stable / `U` unstable; SIGN ` `/`+`, `-`
 *    negative, `F` overload. Some models send 0x81 for SOH.
 *  - continuous stream: `ST,GS,<id><lamp>,<8-char weight> kg\r\n` (`US` unstable, `OL` overload),
 *    22 bytes a line; some indicators leave out `<id><lamp>,`.
 */
import { ByteQueue, lineDialog, reading, send, type DialogStep, type ScaleDialog, type ScaleProtocol } from './protocol.js';
import { decimalToGrams, failure, fromWeight, overload, unstable, WEIGHT_MESSAGES, type WeightReading } from './reading.js';

export const ENQ = 0x05;
export const ACK = 0x06;
export const NAK = 0x15;
export const DC1 = 0x11;
const SOH = 0x01;
const SOH_HIGH = 0x81;
const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const FRAME_LENGTH = 15;

export function xorBytes(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/** The weight text with its unit → a reading; shared by the request frame and the stream line. */
function weightOf(text: string, unitText: string, isStable: boolean): WeightReading {
  const unit = unitText.trim().toLowerCase();
  if (unit === 'lb') return failure(WEIGHT_MESSAGES.pounds);
  if (unit !== 'kg' && unit !== 'g') return failure(`CAS: неизвестная единица веса «${unitText.trim()}»`);
  const grams = decimalToGrams(text, unit);
  if (grams === null) return failure(WEIGHT_MESSAGES.garbled);
  return fromWeight(grams, isStable);
}

/** One 15-byte request-mode frame (SOH/STX/ETX/EOT already checked by the caller). */
export function parseCasFrame(frame: Buffer): WeightReading {
  if (xorBytes(frame.subarray(2, 12)) !== frame[12]) return failure(WEIGHT_MESSAGES.garbled);
  const sta = String.fromCharCode(frame[2]!);
  const sign = String.fromCharCode(frame[3]!);
  if (sign === 'F' || sta === 'F') return overload();
  if (sta !== 'S' && sta !== 'U') return failure(WEIGHT_MESSAGES.garbled);
  if (sign !== ' ' && sign !== '+' && sign !== '-') return failure(WEIGHT_MESSAGES.garbled);
  const weight = frame.subarray(4, 10).toString('latin1');
  const unit = frame.subarray(10, 12).toString('latin1');
  return weightOf((sign === '-' ? '-' : '') + weight, unit, sta === 'S');
}

export function casRequestDialog(): ScaleDialog {
  const q = new ByteQueue();
  let phase: 'enq' | 'frame' = 'enq';
  return {
    start: () => Uint8Array.of(ENQ),
    get partial() {
      return phase === 'frame' && q.length > 0;
    },
    feed(chunk) {
      const steps: DialogStep[] = [];
      let rest = Buffer.from(chunk);
      if (phase === 'enq') {
        const ack = rest.indexOf(ACK);
        const nak = rest.indexOf(NAK);
        if (nak >= 0 && (ack < 0 || nak < ack)) return [reading(unstable(null, WEIGHT_MESSAGES.busy))];
        if (ack < 0) return steps;
        phase = 'frame';
        steps.push(send([DC1]));
        rest = rest.subarray(ack + 1);
      }
      q.push(rest);
      for (;;) {
        let at = -1;
        for (let i = 0; i + 1 < q.length; i++) {
          if ((q.bytes[i] === SOH || q.bytes[i] === SOH_HIGH) && q.bytes[i + 1] === STX) {
            at = i;
            break;
          }
        }
        if (at < 0) {
          const last = q.bytes[q.length - 1];
          q.drop(last === SOH || last === SOH_HIGH ? q.length - 1 : q.length);
          break;
        }
        q.drop(at);
        if (q.length < FRAME_LENGTH) break;
        const frame = Buffer.from(q.bytes.subarray(0, FRAME_LENGTH));
        if (frame[13] !== ETX || frame[14] !== EOT) {
          steps.push(reading(failure(WEIGHT_MESSAGES.garbled)));
          q.drop(2);
          continue;
        }
        q.drop(FRAME_LENGTH);
        steps.push(reading(parseCasFrame(frame)));
      }
      return steps;
    },
  };
}

/** One line of the continuous stream, without CR LF. Null for an empty line. */
export function parseCasLine(line: string): WeightReading | null {
  if (line.trim() === '') return null;
  const m = /^(ST|US|OL),(GS|NT),(.*)$/.exec(line);
  if (!m) return failure(WEIGHT_MESSAGES.garbled);
  const [, head = '', , tail = ''] = m;
  if (head === 'OL') return overload();
  // `<id><lamp>,` comes first on most indicators: two bytes then a comma.
  const field = tail.length > 2 && tail[2] === ',' ? tail.slice(3) : tail;
  const w = /^(.*?)\s*(kg|g|lb)\s*$/i.exec(field);
  if (!w) return failure(WEIGHT_MESSAGES.garbled);
  return weightOf(w[1] ?? '', w[2] ?? '', head === 'ST');
}

export function casStreamDialog(): ScaleDialog {
  return lineDialog(null, parseCasLine);
}

export const casRequest: ScaleProtocol = { id: 'cas', stream: false, defaultBaudRate: 9600, dialog: casRequestDialog };
export const casStream: ScaleProtocol = { id: 'cas-stream', stream: true, defaultBaudRate: 9600, dialog: casStreamDialog };
