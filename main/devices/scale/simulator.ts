/**
 * Scale simulators: each answers the bytes of its protocol the way the real scale does, for the
 * load put on it. Tests run them on the far end of a pseudo-terminal; training mode runs one in
 * process as "the simulated scale", so the whole protocol path is exercised there too.
 */
import { ACK, DC1, ENQ, NAK, xorBytes } from './cas.js';
import { CMD_ACK_MASSA, CMD_ERROR, CMD_GET_MASSA, CMD_NACK, MASSA_HEADER, massaCrc16, massaFrame } from './massa-k.js';
import { ByteQueue, type ScaleProtocolId } from './protocol.js';
import { CMD_READ_WEIGHT, shtrihFrame, STATUS } from './shtrih-pos2.js';

/** What lies on the platform. Grams beyond `capacity` read as overload. */
export type SimulatedLoad = { readonly grams: number; readonly stable: boolean };

/** How the simulated scale misbehaves, for tests of the unhappy paths. */
export type SimulatorFault = 'none' | 'silent' | 'garble' | 'truncate';

export type SimulatorOptions = {
  readonly capacity?: number;
  /** The Штрих password it accepts. */
  readonly password?: string;
};

const DEFAULT_CAPACITY = 15_000;

/** Pieces of bytes the simulator writes back, in order. */
export type SimulatorReply = readonly Uint8Array[];

export class ScaleSimulator {
  load: SimulatedLoad = { grams: 0, stable: true };
  fault: SimulatorFault = 'none';
  /** Requests seen, for tests that check the host asked properly. */
  requests = 0;
  private readonly q = new ByteQueue();
  private shtrihPending: Buffer | null = null;
  readonly capacity: number;
  private readonly password: string;

  constructor(
    readonly protocol: ScaleProtocolId,
    options: SimulatorOptions = {},
  ) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.password = options.password ?? '0030';
  }

  /** Bytes from the host → bytes to send back. */
  receive(chunk: Uint8Array): SimulatorReply {
    this.q.push(chunk);
    const out: Uint8Array[] = [];
    switch (this.protocol) {
      case 'massa-k':
        this.massa(out);
        break;
      case 'cas':
        this.cas(out);
        break;
      case 'shtrih-pos2':
        this.shtrih(out);
        break;
      case 'mt-sics':
        this.sics(out);
        break;
      case 'cas-stream':
        this.q.clear(); // a streaming scale ignores the host
        break;
    }
    if (this.fault === 'silent') return [];
    return out.map((bytes) => this.spoil(bytes));
  }

  /** One line of the CAS continuous stream for the current load. */
  streamLine(): Uint8Array {
    const { grams, stable } = this.load;
    const head = grams > this.capacity ? 'OL' : stable ? 'ST' : 'US';
    const lamp = 0x80 | (stable ? 0x40 : 0) | 0x04;
    const weight = kg(Math.abs(grams), 8, grams < 0 ? '-' : '');
    const line = Buffer.concat([Buffer.from(`${head},GS,1`, 'latin1'), Buffer.from([lamp]), Buffer.from(`,${weight} kg\r\n`, 'latin1')]);
    return this.fault === 'silent' ? new Uint8Array(0) : this.spoil(line);
  }

  private spoil(bytes: Uint8Array): Uint8Array {
    if (this.fault === 'garble' && bytes.length > 4) {
      const copy = Uint8Array.from(bytes);
      copy[Math.floor(copy.length / 2)]! ^= 0x5a;
      return copy;
    }
    if (this.fault === 'truncate' && bytes.length > 4) return bytes.subarray(0, Math.ceil(bytes.length / 2));
    return bytes;
  }

  private massa(out: Uint8Array[]): void {
    for (;;) {
      const b = this.q.bytes;
      const at = b.findIndex((x, i) => x === MASSA_HEADER[0] && b[i + 1] === MASSA_HEADER[1] && b[i + 2] === MASSA_HEADER[2]);
      if (at < 0 || b.length < at + 5) return;
      this.q.drop(at);
      const len = this.q.bytes.readUInt16LE(3);
      if (this.q.length < 5 + len + 2) return;
      const body = Buffer.from(this.q.bytes.subarray(5, 5 + len));
      const crc = this.q.bytes.readUInt16LE(5 + len);
      this.q.drop(5 + len + 2);
      if (crc !== massaCrc16(body)) continue; // a real scale ignores a damaged request
      this.requests += 1;
      if (body[0] !== CMD_GET_MASSA) {
        out.push(massaFrame([CMD_NACK]));
        continue;
      }
      const { grams, stable } = this.load;
      if (grams > this.capacity) {
        out.push(massaFrame([CMD_ERROR, 0x08]));
        continue;
      }
      const data = Buffer.alloc(8);
      data.writeInt32LE(grams, 0);
      data[4] = 1; // division 1 g
      data[5] = stable ? 1 : 0;
      data[6] = 0; // gross
      data[7] = grams === 0 ? 1 : 0;
      out.push(massaFrame([CMD_ACK_MASSA, ...data]));
    }
  }

  private cas(out: Uint8Array[]): void {
    for (const byte of this.q.bytes) {
      if (byte === ENQ) out.push(Uint8Array.of(ACK));
      else if (byte === DC1) {
        this.requests += 1;
        out.push(casFrame(this.load, this.capacity));
      }
    }
    this.q.clear();
  }

  private shtrih(out: Uint8Array[]): void {
    for (;;) {
      if (this.q.length === 0) return;
      const first = this.q.bytes[0];
      if (first === ENQ) {
        this.q.drop(1);
        out.push(Uint8Array.of(this.shtrihPending ? ACK : NAK));
        if (this.shtrihPending) out.push(this.shtrihPending);
        continue;
      }
      if (first === ACK) {
        this.shtrihPending = null; // the host took the answer
        this.q.drop(1);
        continue;
      }
      if (first === NAK) {
        this.q.drop(1);
        if (this.shtrihPending) out.push(this.shtrihPending);
        continue;
      }
      if (first !== 0x02) {
        this.q.drop(1);
        continue;
      }
      if (this.q.length < 2) return;
      const len = this.q.bytes[1]!;
      if (this.q.length < len + 3) return;
      const withLen = this.q.bytes.subarray(1, 2 + len);
      const lrc = this.q.bytes[2 + len];
      const body = Buffer.from(this.q.bytes.subarray(2, 2 + len));
      this.q.drop(len + 3);
      if (xorBytes(withLen) !== lrc) {
        out.push(Uint8Array.of(NAK));
        continue;
      }
      this.requests += 1;
      out.push(Uint8Array.of(ACK));
      const answer = this.shtrihAnswer(body);
      this.shtrihPending = answer;
      out.push(answer);
    }
  }

  private shtrihAnswer(body: Buffer): Buffer {
    if (body[0] !== CMD_READ_WEIGHT) return shtrihFrame([body[0] ?? 0, 0x37]);
    if (body.subarray(1, 5).toString('ascii') !== this.password) return shtrihFrame([CMD_READ_WEIGHT, 0x58]);
    const { grams, stable } = this.load;
    let status = 0x04; // channel on
    if (stable) status |= STATUS.stable;
    if (grams > this.capacity) status |= STATUS.overload;
    const data = Buffer.alloc(8);
    data.writeUInt16LE(status, 0);
    data.writeInt32LE(grams, 2);
    data.writeInt16LE(0, 6);
    return shtrihFrame([CMD_READ_WEIGHT, 0x00, ...data]);
  }

  private sics(out: Uint8Array[]): void {
    for (;;) {
      const lf = this.q.bytes.indexOf(0x0a);
      if (lf < 0) return;
      const command = this.q.bytes.subarray(0, lf).toString('ascii').trim();
      this.q.drop(lf + 1);
      this.requests += 1;
      if (command !== 'S' && command !== 'SI') {
        out.push(Buffer.from('ES\r\n', 'ascii'));
        continue;
      }
      const { grams, stable } = this.load;
      if (grams > this.capacity) out.push(Buffer.from('S +\r\n', 'ascii'));
      else {
        const value = kg(Math.abs(grams), 10, grams < 0 ? '-' : '');
        out.push(Buffer.from(`S ${stable ? 'S' : 'D'} ${value} kg\r\n`, 'ascii'));
      }
    }
  }
}

/** 1234 g → "1.234" right-aligned in `width`, the sign just before the digits. */
function kg(grams: number, width: number, sign: string): string {
  const text = `${sign}${Math.trunc(grams / 1000)}.${String(grams % 1000).padStart(3, '0')}`;
  return text.padStart(width, ' ');
}

function casFrame(load: SimulatedLoad, capacity: number): Uint8Array {
  const over = load.grams > capacity;
  const sta = load.stable ? 'S' : 'U';
  const sign = over ? 'F' : load.grams < 0 ? '-' : ' ';
  const data = Buffer.from(`${sta}${sign}${kg(Math.abs(load.grams), 6, '')}kg`, 'latin1');
  return Buffer.from([0x01, 0x02, ...data, xorBytes(data), 0x03, 0x04]);
}
