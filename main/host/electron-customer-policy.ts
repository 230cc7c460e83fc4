/**
 * The pure half of the customer-facing window (a second monitor facing the buyer): which URL is
 * it, and where it goes. No `electron` import, so it is tested under plain vitest;
 * electron-customer.ts applies it.
 */
import { APP_ORIGIN, isAppUrl } from './electron-policy.js';

/** The customer route of our own bundle (renderer/main.tsx shows CustomerWindow for it). */
export const CUSTOMER_WINDOW_URL = `${APP_ORIGIN}/index.html?view=customer`;

/** True for our customer route only (what the «Открыть окно покупателя» button opens), never another page. */
export function isCustomerWindowUrl(url: string): boolean {
  if (!isAppUrl(url)) return false;
  const u = new URL(url);
  return (u.pathname === '/' || u.pathname === '/index.html') && u.searchParams.get('view') === 'customer' && u.hash === '';
}

export type Rect = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
export type ScreenFacts = { readonly id: number; readonly bounds: Rect };

/**
 * Where the customer window goes: full screen on a display other than the till's own, if the
 * till has one; otherwise an ordinary window (the admin drags it where the customer sees it).
 */
export function customerWindowPlace(displays: readonly ScreenFacts[], tillDisplayId: number): { readonly bounds: Rect | null; readonly fullscreen: boolean } {
  const other = displays.find((d) => d.id !== tillDisplayId);
  return other ? { bounds: other.bounds, fullscreen: true } : { bounds: null, fullscreen: false };
}
