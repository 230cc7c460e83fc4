import { useLayoutEffect, useRef } from 'react';

/**
 * A screen's keys, heard on the window from the very commit that shows the screen (or enables
 * them), and always with the handler of the last commit. Subscribed from a passive effect instead,
 * a key pressed right after a render React did not start from an input event — a dialog closed when
 * main's answer came, the paid screen — was lost: Chromium runs input before React's scheduled
 * passive effects, so the key found no listener (an F8 after a discount, a scan after a dialog).
 */
export function useWindowKeys(onKey: (e: KeyboardEvent) => void, options: { readonly enabled?: boolean; readonly capture?: boolean } = {}): void {
  const { enabled = true, capture = false } = options;
  const handler = useRef(onKey);
  useLayoutEffect(() => {
    handler.current = onKey;
  });
  useLayoutEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => handler.current(e);
    window.addEventListener('keydown', listener, capture);
    return () => window.removeEventListener('keydown', listener, capture);
  }, [enabled, capture]);
}

/** True when keys typed now would go into a field, not to the screen. */
export function fieldHasFocus(): boolean {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(el.type);
}
