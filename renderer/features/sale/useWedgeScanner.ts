/**
 * A keyboard-wedge (HID) scanner types like a keyboard, only faster: HARDWARE.md — at most about
 * 30 ms per character, at least 6 characters, Enter at the end. With no field focused, keys are
 * gathered here; a fast burst ending in Enter is a scan, anything slower is the cashier typing and
 * is handed over to the entry line.
 */
import { useLayoutEffect, useRef } from 'react';
import { asciiOfKey, KeyPace, MAX_GAP_MS } from '../../app/codes.js';
import { takeSerialScans } from '../../app/serialScans.js';
import { fieldHasFocus } from '../../app/useWindowKeys.js';

type Options = {
  /** Off while a dialog is open or another screen has the keyboard. */
  readonly enabled: boolean;
  /** A scan: the characters in ASCII (layout undone), without the Enter. */
  readonly onScan: (code: string) => void;
  /** Keys the cashier typed by hand with no field focused (the entry line takes them). */
  readonly onTyped: (text: string, enter: boolean) => void;
};

export function useWedgeScanner({ enabled, onScan, onTyped }: Options): void {
  // The latest callbacks without re-subscribing the listener on every render.
  const handlers = useRef({ onScan, onTyped });
  handlers.current = { onScan, onTyped };

  // Listening from the commit that enables it, not from a later passive effect: a scan right after
  // a dialog closed on main's answer came before that effect and was lost (see app/useWindowKeys.ts).
  useLayoutEffect(() => {
    if (!enabled) return;
    let chars = '';
    const pace = new KeyPace();
    let timer: ReturnType<typeof setTimeout> | null = null;

    const reset = () => {
      chars = '';
      pace.reset();
      if (timer) clearTimeout(timer);
      timer = null;
    };
    const handOver = (enter: boolean) => {
      const text = chars;
      reset();
      if (text || enter) handlers.current.onTyped(text, enter);
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing || fieldHasFocus()) return;
      // A key held down repeats: that is a person, never a scanner.
      const now = e.timeStamp || performance.now();
      if (e.key === 'Enter') {
        if (chars === '') return; // Enter alone belongs to the screen (e.g. pay).
        e.preventDefault();
        e.stopPropagation();
        if (pace.scannerLike) {
          const code = chars;
          reset();
          handlers.current.onScan(code);
        } else handOver(true);
        return;
      }
      const ch = asciiOfKey(e.key, e.code, e.shiftKey);
      if (ch === null || e.repeat) return;
      e.preventDefault();
      e.stopPropagation();
      if (pace.since(now) > MAX_GAP_MS && chars !== '') {
        // The earlier keys were typed by hand: the entry line has them, and the focus. This key
        // follows them there — kept back here, it would land after the keys typed next (scrambled).
        handOver(false);
        handlers.current.onTyped(ch, false);
        return;
      }
      chars += ch;
      pace.add(now);
      // No next key soon: a person is typing; the entry line shows what they typed.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => handOver(false), MAX_GAP_MS + 20);
    };

    // Capture phase: the scan is taken before the screen's own shortcuts see the keys.
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      reset();
    };
  }, [enabled]);
}

/**
 * Scans from either scanner while `enabled`: the keyboard wedge's bursts (above) and a serial
 * (USB-COM) scanner's codes, which main sends as events. Both from the commit that enables them (a
 * code right after a dialog closed is not lost, see app/useWindowKeys.ts), with the latest callbacks.
 */
export function useScans(options: Options): void {
  useWedgeScanner(options);
  const onScan = useRef(options.onScan);
  onScan.current = options.onScan;
  useLayoutEffect(() => {
    if (!options.enabled) return;
    return takeSerialScans((code) => onScan.current(code));
  }, [options.enabled]);
}
