/** The printer's state from its DLE EOT answers (HARDWARE.md), and the emulator answering them. */
import { describe, expect, it } from 'vitest';
import { statusByte, type SimulatedState } from '../../main/devices/printer/emulator/server.js';
import { parseStatus } from '../../main/devices/printer/status.js';

const READY: SimulatedState = { paperNearEnd: false, paperOut: false, coverOpen: false, offline: false };
const answers = (s: Partial<SimulatedState>) => Buffer.from([1, 2, 4].map((n) => statusByte(n, { ...READY, ...s })));

describe('reading DLE EOT 1, 2, 4', () => {
  it.each([
    ['12 12 12', 'ready', true],
    ['12 12 1e', 'paper-near-end', true], // HARDWARE.md: 0x1E near end
    ['1a 32 72', 'paper-out', false], // 0x72 out; offline because of paper end
    ['12 12 72', 'paper-out', false],
    ['1a 16 12', 'cover-open', false],
    ['1a 12 12', 'offline', false],
    ['1a 52 12', 'error', false],
    ['12 12', 'no-answer', true], // a printer that answers only part: print, but say so
    ['', 'no-answer', true],
    ['00 12 12', 'unknown', true], // not a status byte: fixed bits 1 and 4 missing
    ['92 12 12', 'unknown', true], // bit 7 set
  ] as const)('%s → %s', (bytes, condition, canPrint) => {
    const s = parseStatus(Buffer.from(bytes.replace(/ /g, ''), 'hex'));
    expect(s.condition).toBe(condition);
    expect(s.canPrint).toBe(canPrint);
    expect(s.message).toMatch(/[а-яё]/i);
  });

  it('says what to do in Russian', () => {
    expect(parseStatus(Buffer.from('121272', 'hex')).message).toMatch(/Нет бумаги/);
    expect(parseStatus(Buffer.from('1a1612', 'hex')).message).toMatch(/крышка/);
  });
});

describe('the emulator answers as a printer does', () => {
  it.each([
    [{}, 'ready', '121212'],
    [{ paperNearEnd: true }, 'paper-near-end', '12121e'],
    [{ paperOut: true }, 'paper-out', '1a3272'],
    [{ coverOpen: true }, 'cover-open', '1a1612'],
    [{ offline: true }, 'offline', '1a1212'],
  ] as const)('%o → %s', (s, condition, bytes) => {
    expect(answers(s).toString('hex')).toBe(bytes);
    expect(parseStatus(answers(s)).condition).toBe(condition);
  });
});
