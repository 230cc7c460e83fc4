/**
 * The serial link's own life cycle: a stop() and start() while an open is still under way must
 * leave one port, the newest, and a link that writes. Before, the old attempt finished after the
 * restart and kept its port open: the new attempt then met the port's lock («занят») and the link
 * stayed «lost» with a live handle underneath, so a device never got its answers out.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { PortOpener, RawPort } from '../../main/devices/serial/port.js';
import { SerialLink, type LinkStatus } from '../../main/devices/serial/link.js';

type FakePort = Omit<RawPort, 'isOpen'> & { isOpen: boolean; readonly id: number; written: Buffer[] };

/** Opens answer when the test says; like serialport's lock, a second open of a held path fails. */
function lockingOpener() {
  const ports: FakePort[] = [];
  const pending: { resolve: () => void; id: number }[] = [];
  let next = 0;
  const opener: PortOpener = () =>
    new Promise<RawPort>((resolve, reject) => {
      const id = ++next;
      pending.push({
        id,
        resolve: () => {
          if (ports.some((p) => p.isOpen)) return reject(new Error('Error Resource temporarily unavailable Cannot lock port'));
          const port = Object.assign(new EventEmitter(), {
            id,
            isOpen: true,
            written: [] as Buffer[],
            write(data: Buffer, cb?: (err: Error | null | undefined) => void) {
              port.written.push(data);
              cb?.(null);
              return true;
            },
            drain: (cb?: (err: Error | null) => void) => cb?.(null),
            close(cb?: (err?: Error | null) => void) {
              port.isOpen = false;
              port.emit('close');
              cb?.(null);
            },
          }) as FakePort;
          ports.push(port);
          resolve(port);
        },
      });
    });
  /** Lets the oldest open still waiting go on. */
  const release = async () => {
    const p = pending.shift();
    if (!p) throw new Error('no open is waiting');
    p.resolve();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { opener, ports, pending, release };
}

describe('serial link', () => {
  it('a restart while the port is still opening keeps only the new attempt, which opens and writes', async () => {
    const fake = lockingOpener();
    const link = new SerialLink({ path: '/dev/ttyFAKE', baudRate: 9600, opener: fake.opener, retryMinMs: 10, retryMaxMs: 10 });
    const seen: LinkStatus['state'][] = [];
    link.onStatus((s) => seen.push(s.state));
    link.start();
    expect(fake.pending).toHaveLength(1);
    await link.stop();
    link.start();
    expect(fake.pending).toHaveLength(2);

    await fake.release(); // the first open, begun before the stop, comes back late
    await fake.release(); // the new one
    await new Promise((r) => setTimeout(r, 50)); // any retry the link would make

    expect(fake.ports.filter((p) => p.isOpen)).toHaveLength(1);
    expect(link.status().state).toBe('open');
    await link.write(Buffer.from([0x05]));
    expect(fake.ports.find((p) => p.isOpen)?.written).toEqual([Buffer.from([0x05])]);
    expect(seen.at(-1)).toBe('open');
    await link.stop();
    expect(fake.ports.every((p) => !p.isOpen)).toBe(true);
  });

  it('a stop while the port is opening closes the port that opens after it', async () => {
    const fake = lockingOpener();
    const link = new SerialLink({ path: '/dev/ttyFAKE', baudRate: 9600, opener: fake.opener });
    link.start();
    await link.stop();
    await fake.release();
    expect(fake.ports).toHaveLength(1);
    expect(fake.ports[0]?.isOpen).toBe(false);
    expect(link.status().state).toBe('closed');
  });
});
