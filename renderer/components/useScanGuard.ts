import { useRef, useState, type KeyboardEvent } from 'react';
import { asciiOfKey, KeyPace, MAX_GAP_MS, typedCharacter } from '../app/codes.js';

/**
 * A number field's guard against a code a scanner typed into it (the cashier scanned while the
 * field had the focus): the keys came at a scanner's pace and its Enter follows the last of them at
 * once. That Enter submits nothing; `onScanned` gets the field's value from before the burst's
 * first key and the code the burst typed, and `scanned` says so until the next key.
 */
export function useScanGuard(value: string, onScanned: (before: string, code: string) => void) {
  // The keys typed since the field was last empty or slow: a scanner's burst, or a person.
  const [pace] = useState(() => new KeyPace());
  const before = useRef('');
  const code = useRef('');
  const [scanned, setScanned] = useState(false);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const typed = typedCharacter(e);
    if (typed && pace.since(e.timeStamp) > MAX_GAP_MS) {
      // A run starts.
      before.current = value;
      code.current = '';
    }
    // As the sale screen reads a scan: a Russian layout's letters are the US keys the scanner pressed.
    if (typed) code.current += asciiOfKey(e.key, e.code, e.shiftKey) ?? e.key;
    if (pace.endsScan(e)) {
      e.preventDefault();
      e.stopPropagation();
      onScanned(before.current, code.current);
      setScanned(true);
    } else if (typed && scanned) {
      setScanned(false);
    }
  };
  /** A key of the on-screen keypad, or another field: no scan is under way. */
  const clear = () => {
    pace.reset();
    setScanned(false);
  };
  return { onKeyDown, scanned, clear };
}
