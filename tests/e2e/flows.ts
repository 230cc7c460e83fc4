/**
 * Steps the issue-3 flows share: a till with a cashier and an open shift (set up through the same
 * window.kassa the UI uses, so each spec drives the UI only for the flow it proves), a
 * keyboard-wedge scanner, and sales made quickly before the flow under test.
 */
import type { CDPSession, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CatalogueItem, OpenCheck } from '../../preload/contract/index.js';
import { peer, type Peer } from '../fixtures/serial/peer.js';
import { ptyPair } from '../fixtures/serial/socat.js';
import { kassa, pieceGoods, visible, type useTills } from './helpers.js';

export const CASHIER = { login: 'ivanova', name: 'Иванова А.', cashierId: '100083608.94@4ek.by', password: '5823' } as const;

/** PIN, admin password (and `asAdmin`'s settings), a cashier, her password, an open shift; the page ends on the menu. */
export async function cashierWithOpenShift(page: Page, asAdmin?: () => Promise<void>): Promise<void> {
  await visible(page.getByTestId('screen-setup'));
  await kassa(page, 'setup.enterPin', { pin: '1234' });
  await kassa(page, 'auth.login', { login: 'admin', password: '1111' });
  await kassa(page, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
  await asAdmin?.();
  await kassa(page, 'users.create', { login: CASHIER.login, name: CASHIER.name, cashierId: CASHIER.cashierId, role: 'cashier', password: '7391' });
  await kassa(page, 'auth.logout');
  await kassa(page, 'auth.login', { login: CASHIER.login, password: '7391' });
  await kassa(page, 'auth.changePassword', { oldPassword: '7391', newPassword: CASHIER.password });
  await kassa(page, 'shift.open');
  await page.reload();
  await visible(page.getByTestId('screen-menu'));
}

/**
 * A till (cashier on an open shift, on the menu) whose scanner is a serial one on a pty pair from
 * socat; `run` gets the page and the scanner's far end, the till's port open. Closed afterwards.
 */
export async function withSerialScanner(
  tills: ReturnType<typeof useTills>,
  run: (till: Awaited<ReturnType<ReturnType<typeof useTills>['open']>>, scanner: Peer) => Promise<void>,
): Promise<void> {
  const pair = await ptyPair();
  const scanner = peer(pair.b);
  try {
    const till = await tills.open();
    await cashierWithOpenShift(till.page, async () => {
      await kassa(till.page, 'devices.saveSettings', { scanner: { profile: 'serial', path: pair.a, baudRate: 9600, suffix: 'cr-lf' } });
    });
    await expect.poll(() => scanner.link.status().state).toBe('open');
    await run(till, scanner);
  } finally {
    await scanner.stop();
    await pair.close();
  }
}

/** Opens the sale screen from the menu and waits for the open check to load. */
export async function openSale(page: Page): Promise<void> {
  await page.getByTestId('menu-sale').click();
  await visible(page.getByTestId('screen-sale'));
}

/** No field has the focus: what the cashier's screen looks like between customers. */
export async function blurFields(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
}

/** US key of a character, as a scanner's keyboard sends it (its physical key code). */
function physicalKey(ch: string): { code: string; shift: boolean; vk: number } {
  if (/[a-z]/.test(ch)) return { code: `Key${ch.toUpperCase()}`, shift: false, vk: ch.toUpperCase().charCodeAt(0) };
  if (/[A-Z]/.test(ch)) return { code: `Key${ch}`, shift: true, vk: ch.charCodeAt(0) };
  if (/\d/.test(ch)) return { code: `Digit${ch}`, shift: false, vk: ch.charCodeAt(0) };
  const sign = US_SIGNS[ch];
  if (sign) return sign;
  throw new Error(`no key for "${ch}" in this helper`);
}

/** The signs of a URL on a US keyboard (a QR code's verify link read by a wedge scanner). */
const US_SIGNS: Readonly<Record<string, { code: string; shift: boolean; vk: number }>> = {
  ':': { code: 'Semicolon', shift: true, vk: 186 },
  ';': { code: 'Semicolon', shift: false, vk: 186 },
  '/': { code: 'Slash', shift: false, vk: 191 },
  '?': { code: 'Slash', shift: true, vk: 191 },
  '.': { code: 'Period', shift: false, vk: 190 },
  '=': { code: 'Equal', shift: false, vk: 187 },
  '-': { code: 'Minus', shift: false, vk: 189 },
  _: { code: 'Minus', shift: true, vk: 189 },
  '&': { code: 'Digit7', shift: true, vk: 55 },
  '%': { code: 'Digit5', shift: true, vk: 53 },
};

const RU: Readonly<Record<string, string>> = Object.fromEntries([...'qwertyuiopasdfghjklzxcvbnm'].map((l, i) => [l, 'йцукенгшщзфывапролдячсмить'[i]!]));

/** What one key of a scanner gives the page: the physical key, and the character the layout makes of it. */
type ScannerKey = { readonly code: string; readonly shift: boolean; readonly vk: number; readonly typed: string };

/**
 * A keyboard-wedge scanner: one key every 10 ms, then Enter, into whatever has the focus. Raw CDP
 * key events, all sent at once and stamped 10 ms apart, as the OS stamps a scanner's keys on
 * arrival: the page sees a scanner's rhythm even when this test process is slowed down by a loaded
 * machine (a key sent late by Node would look like a person typing).
 */
async function scannerKeys(page: Page, keys: readonly ScannerKey[]): Promise<void> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    const start = Date.now() / 1000;
    const enter: ScannerKey = { code: 'Enter', shift: false, vk: 13, typed: '\r' };
    const sent = [...keys, enter].flatMap((k, i) => {
      const key = k === enter ? 'Enter' : k.typed;
      const base = { code: k.code, key, windowsVirtualKeyCode: k.vk, modifiers: k.shift ? 8 : 0, timestamp: start + i * 0.01 };
      return [
        cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...base, text: k.typed, unmodifiedText: k.typed }),
        cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base }),
      ];
    });
    await Promise.all(sent);
  } finally {
    await cdp.detach();
  }
}

/** A keyboard-wedge scanner on a US layout. */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  await scannerKeys(
    page,
    [...code].map((ch) => ({ ...physicalKey(ch), typed: ch })),
  );
}

/**
 * A wedge scanner on a till whose keyboard layout is Russian: the scanner presses the US keys,
 * the page receives Cyrillic letters on those keys (digits stay digits), so `key` and `code`
 * disagree exactly as they do on such a till.
 */
export async function wedgeScanRussianLayout(page: Page, code: string): Promise<void> {
  await scannerKeys(
    page,
    [...code].map((ch) => {
      const lower = ch.toLowerCase();
      const ru = RU[lower] ? (ch === lower ? RU[lower] : RU[lower].toUpperCase()) : ch;
      return { ...physicalKey(ch), typed: ru };
    }),
  );
}

/** Piece goods with a barcode, looked up the way the till does it. */
export async function itemsByBarcode(page: Page, n: number): Promise<CatalogueItem[]> {
  const goods = pieceGoods();
  const out: CatalogueItem[] = [];
  for (const g of goods) {
    const item = await kassa(page, 'catalogue.byBarcode', { barcode: g.barcodes[0]! });
    if (!item.marked) out.push(item);
    if (out.length === n) break;
  }
  if (out.length < n) throw new Error(`the sample catalogue needs ${n} unmarked piece goods`);
  return out;
}

/** The open check as main has it now. */
export function currentCheck(page: Page): Promise<OpenCheck> {
  return kassa(page, 'sale.current');
}

/** The rows of the sale screen's lines table. */
export function lineCount(page: Page): Promise<number> {
  return page.getByTestId('sale-line').count();
}

/** Line amount as main computes it: round(price × quantity / 1000), half away from zero. */
export function lineAmount(price: number, quantity: number): number {
  const x = price * quantity;
  return Math.sign(x) * Math.floor((Math.abs(x) + 500) / 1000);
}

/** The GS1 check digit of the first 12 digits of an EAN-13. */
export function ean13(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return first12 + String((10 - (sum % 10)) % 10);
}
