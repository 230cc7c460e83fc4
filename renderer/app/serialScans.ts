/**
 * Codes from a serial (USB-COM) scanner — main's `scanner.code` — go to one taker: the last that
 * asked (the sale screen, the menu, a return's search, the marking dialog over the sale). With none
 * (the goods screen, a stock document, a dialog over the sale), the code goes where a keyboard-wedge
 * scanner would have typed it: into the text field that has the focus, followed by its Enter. A
 * number field or a password takes no code, and a code with nowhere to go is said — by the dialog
 * in front, or a notice: a serial scan was lost without a word on every screen but the cashier's three.
 * Of several windows on one till, only the one the cashier used last acts on a code (windowInUse.ts).
 */
import { ru } from '../i18n/ru.js';
import { noticeShown } from './notices.js';
import type { AppStore } from './store.js';
import { fieldHasFocus } from './useWindowKeys.js';
import { trackWindowInUse } from './windowInUse.js';

type Taker = (code: string) => void;

/** Said on the window when a code came while a dialog is open: the dialog on top says it was not taken (components/Dialog.tsx). */
export const SCAN_NOT_TAKEN = 'kassa:scan-not-taken';

const takers: Taker[] = [];

/** Takes the serial scanner's codes until the returned function is called (the latest taker has them). */
export function takeSerialScans(taker: Taker): () => void {
  const entry: Taker = (code) => taker(code);
  takers.push(entry);
  return () => {
    const at = takers.indexOf(entry);
    if (at >= 0) takers.splice(at, 1);
  };
}

/** A field that takes a machine code as typed text: not a number, not a password. */
function codeField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (!(el instanceof HTMLInputElement) || el.readOnly || el.disabled) return false;
  if (el.type === 'password' || el.type === 'number') return false;
  return el.inputMode !== 'decimal' && el.inputMode !== 'numeric';
}

/**
 * The code into the field, as a wedge scanner's keys and Enter would leave it: the field's text
 * becomes the code (a scan is one whole code), React hears the change, then the Enter; a form whose
 * Enter nobody handled is submitted, as the browser does for a typed Enter.
 */
function typeInto(el: HTMLInputElement | HTMLTextAreaElement, code: string): void {
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, code);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  const enter = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true });
  if (el.dispatchEvent(enter) && el instanceof HTMLInputElement && el.form && el.isConnected) el.form.requestSubmit();
}

/** Routes the serial scanner's codes for the life of the app: in the window the cashier used last (several windows each hear the code). */
export function routeSerialScans(store: AppStore): () => void {
  // Marked on the page for the E2E tests, which must wait until the windows agree before they scan.
  const inUse = trackWindowInUse((last) => document.documentElement.toggleAttribute('data-window-in-use', last));
  const off = window.kassa.on('scanner.code', ({ code }) => {
    if (!inUse.isLast()) return;
    const taker = takers.at(-1);
    if (taker) return taker(code);
    const el = document.activeElement;
    if (codeField(el)) return typeInto(el, code);
    // A dialog in front: it says so itself (a notice would be under it).
    if (document.querySelector('[role="dialog"]')) return void window.dispatchEvent(new Event(SCAN_NOT_TAKEN));
    store.dispatch(noticeShown('error', fieldHasFocus() ? ru.serialScan.notIntoThisField(code) : ru.serialScan.noField(code)));
  });
  return () => {
    off();
    inUse.stop();
  };
}
