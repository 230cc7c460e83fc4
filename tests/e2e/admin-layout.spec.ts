/**
 * The admin's screens on the till's own monitor: shops run 1024×768, 1280×800 and 1366×768 tills, and the admin
 * sets the till up on them. Every button, field and list of each admin screen lies inside the window
 * and inside the card or panel that holds it — none runs past an edge or hides behind a panel's
 * scroll (as «Отключить» of the users' list and «Добавить» of the discount cards did at 1024) — and
 * none cuts its words or a field's hint (the storage's «Папка (флешка, сетевая г», the price list's «Определ»
 * at 1024, the СКО address's «например https:/»).
 * Screenshots go to tests/e2e/artifacts/layout/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, cutTexts, kassa, useTills, visible } from './helpers.js';

const tills = useTills();

/** The admin's screens: each menu item `menu-<id>` opens `screen-<id>`. */
const SCREENS = [
  'documents',
  'users',
  'devices',
  'diagnostics',
  'fiscal',
  'settings',
  'stock',
  'discount-cards',
  'goods',
  'price-list',
  'storage',
  'golive',
  'maintenance',
  'reports',
  'exports',
] as const;

/**
 * In the page: each visible control (button, field, list) that runs past the window's sides or past
 * a side of an ancestor that clips or scrolls its content, with the ancestor's class; and each text
 * field too narrow to show what is typed (the goods search was squeezed to 28 px at 1024). A string, so the
 * bundler's helpers stay out of it.
 */
const CLIPPED_CONTROLS = `(() => {
  const MIN_FIELD = 100;
  const out = [];
  const width = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('button, input, select, textarea')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const name = (el.getAttribute('data-testid') || el.textContent || el.getAttribute('placeholder') || el.tagName).trim().slice(0, 40);
    if (el.tagName === 'INPUT' && (el.type === 'text' || el.type === 'search') && r.width < MIN_FIELD) {
      out.push(name + ': a field only ' + Math.round(r.width) + ' px wide');
      continue;
    }
    if (r.left < -0.5 || r.right > width + 0.5) {
      out.push(name + ': past the window (' + Math.round(r.left) + '–' + Math.round(r.right) + ' of ' + width + ')');
      continue;
    }
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - 0.5 || r.right > b.right + 0.5) {
        out.push(name + ': past the side of .' + String(a.className).split(' ').join('.') + ' (overflow ' + ox + ')');
        break;
      }
    }
  }
  return out;
})()`;

describe('admin screens on a till’s monitor', () => {
  it.each([
    { width: 1024, height: 768 },
    { width: 1280, height: 800 },
    { width: 1366, height: 768 },
  ])('keeps every control of each admin screen inside its card, its words whole, at $width×$height', async (size) => {
    const { page, errors } = await tills.open();
    await page.setViewportSize(size);
    await visible(page.getByTestId('screen-setup'));
    await kassa(page, 'setup.enterPin', { pin: '1234' });
    await kassa(page, 'auth.login', { login: 'admin', password: '1111' });
    await kassa(page, 'auth.changePassword', { oldPassword: '1111', newPassword: '258036' });
    // A second user, so the users' list has a row with every button.
    await kassa(page, 'users.create', { login: 'petrova', name: 'Петрова О.', cashierId: '100083608.95@4ek.by', role: 'cashier', password: '7391' });
    await page.reload();
    await visible(page.getByTestId('screen-menu'));
    mkdirSync(join(ARTIFACTS, 'layout'), { recursive: true });

    const found: string[] = [];
    const cut: string[] = [];
    /** What is on the screen now: its picture, and its controls and words checked. */
    const check = async (name: string) => {
      // Whatever the screen reads is on it (no «Загрузка…» left), and drawn.
      await page.waitForFunction(() => document.querySelector('[data-testid$="-loading"], [data-testid="loading"]') === null);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: join(ARTIFACTS, 'layout', `${size.width}x${size.height}-admin-${name}.png`) });
      for (const c of await page.evaluate<string[]>(CLIPPED_CONTROLS)) found.push(`${name}: ${c}`);
      for (const c of await cutTexts(page)) cut.push(`${size.width}: ${name}: ${c}`);
    };
    const toMenu = async () => {
      await page.keyboard.press('Escape');
      await visible(page.getByTestId('screen-menu'));
    };
    for (const screen of SCREENS) {
      await page.getByTestId(`menu-${screen}`).click();
      await visible(page.getByTestId(`screen-${screen}`));
      await check(screen);
      await toMenu();
    }

    // The item card with its longest section and category chosen («3 — Непродовольственные товары» was cut at 1024).
    await page.getByTestId('menu-goods').click();
    await page.getByTestId('goods-new').click();
    await visible(page.getByTestId('goods-card'));
    for (const list of ['goods-section', 'goods-category']) {
      const longest = await page
        .getByTestId(list)
        .evaluate((el: HTMLSelectElement) => [...el.options].reduce((a, b) => (b.text.length > a.text.length ? b : a)).value);
      await page.getByTestId(list).selectOption(longest);
    }
    await check('goods-card');
    await page.keyboard.press('Escape');
    await page.getByTestId('goods-card').waitFor({ state: 'detached' });
    await toMenu();
    // A storage on FTP and on WebDAV: the fields each kind adds.
    await page.getByTestId('menu-storage').click();
    for (const kind of ['ftp', 'webdav']) {
      await page.getByTestId('storage-kind').selectOption(kind);
      await check(`storage-${kind}`);
    }
    await toMenu();

    expect(found).toEqual([]);
    expect(cut).toEqual([]);
    expect(errors).toEqual([]);
  });
});
