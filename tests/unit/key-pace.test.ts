/**
 * The scanner's pace (HARDWARE.md: ≤ ~30 ms a character, at least 6, Enter at the end) as the number
 * fields, the payment's amounts and the dialogs tell a scan's Enter from a person's (KeyPace.endsScan).
 */
import { describe, expect, it } from 'vitest';
import { KeyPace } from '../../renderer/app/codes.js';

type Key = { key: string; timeStamp: number; ctrlKey?: boolean };
const press = (pace: KeyPace, { key, timeStamp, ctrlKey = false }: Key) => pace.endsScan({ key, timeStamp, ctrlKey, altKey: false, metaKey: false });

/** The keys of `text` from `at`, `gap` ms apart, then Enter `enterAfter` ms after the last: whether that Enter ended a scan. */
function typed(pace: KeyPace, text: string, gap: number, at = 1000, enterAfter = gap): boolean {
  const keys = [...text];
  for (const [i, key] of keys.entries()) expect(press(pace, { key, timeStamp: at + i * gap })).toBe(false);
  return press(pace, { key: 'Enter', timeStamp: at + (keys.length - 1) * gap + enterAfter });
}

describe('KeyPace.endsScan', () => {
  it("is true for a scanner's Enter: 6 or more characters at its pace, Enter right after", () => {
    expect(typed(new KeyPace(), '4810268001055', 10)).toBe(true);
    expect(typed(new KeyPace(), '123456', 30)).toBe(true);
  });

  it('is false for a person, a short code, an Enter long after, or Enter alone', () => {
    expect(typed(new KeyPace(), '123456', 60)).toBe(false);
    expect(typed(new KeyPace(), '12345', 10)).toBe(false);
    expect(typed(new KeyPace(), '4810268001055', 10, 1000, 200)).toBe(false);
    expect(press(new KeyPace(), { key: 'Enter', timeStamp: 5 })).toBe(false);
  });

  it('forgives one late character up to 80 ms, not more: after a longer pause a new run starts', () => {
    const pace = new KeyPace();
    const times = [1000, 1010, 1020, 1090, 1100, 1110]; // the fourth 70 ms late
    for (const [i, key] of [...'481026'].entries()) press(pace, { key, timeStamp: times[i]! });
    expect(press(pace, { key: 'Enter', timeStamp: 1115 })).toBe(true);
    const slow = [1000, 1010, 1020, 1110, 1120, 1130]; // 90 ms: the run starts over at the fourth, 3 keys
    for (const [i, key] of [...'481026'].entries()) press(pace, { key, timeStamp: 5000 + slow[i]! });
    expect(press(pace, { key: 'Enter', timeStamp: 6135 })).toBe(false);
    // «1» typed by hand, a pause, then a scan: the scan is a run of its own.
    expect(press(pace, { key: '1', timeStamp: 2000 })).toBe(false);
    expect(typed(pace, '123456', 10, 2200)).toBe(true);
  });

  it('an Enter ends the run whatever it was: the next keys start a new one; keys with Ctrl or named keys are not characters', () => {
    const pace = new KeyPace();
    expect(typed(pace, '123', 10)).toBe(false);
    expect(typed(pace, '456', 10, 1040)).toBe(false);
    expect(press(pace, { key: 'v', timeStamp: 3000, ctrlKey: true })).toBe(false);
    expect(press(pace, { key: 'Shift', timeStamp: 3005 })).toBe(false);
    expect(press(pace, { key: 'Enter', timeStamp: 3010 })).toBe(false);
  });
});
