/** Sum mode (суммовой учёт): no catalogue, an amount on a named section, "3*2.50" for three of them. */
import { describe, expect, it } from 'vitest';
import { blurFields, cashierWithOpenShift, currentCheck, lineCount, wedgeScan } from './flows.js';
import { expectText, kassa, money, shot, useTills, visible } from './helpers.js';

const tills = useTills();

describe('sum mode', () => {
  it('sells amounts on named sections and pays them', async () => {
    const { page, errors } = await tills.open();
    await cashierWithOpenShift(page, async () => {
      await kassa(page, 'settings.saveWorkflow', { accountingMode: 'sum' });
    });
    const sections = await kassa(page, 'sections.list');
    const [s1, s2] = sections;
    if (!s1 || !s2) throw new Error('two sections needed');

    await page.getByTestId('menu-sale').click();
    await visible(page.getByTestId('section-entry'));
    await expectText(page.getByTestId(`section-${s2.code}`), `${s2.code} ${s2.name}`);
    await page.getByTestId(`section-${s2.code}`).click();
    await page.getByTestId('section-amount').fill('12.50');
    await page.getByTestId('section-amount').press('Enter');
    await expect.poll(() => lineCount(page)).toBe(1);
    await page.getByTestId(`section-${s1.code}`).click();
    await page.getByTestId('section-amount').fill('3*2.40');
    await page.getByTestId('section-amount').press('Enter');
    await expect.poll(() => lineCount(page)).toBe(2);
    const check = await currentCheck(page);
    expect(check.lines.map((l) => [l.section, l.quantity, l.price, l.amount])).toEqual([
      [s2.code, 1000, 1250, 1250],
      [s1.code, 3000, 240, 720],
    ]);
    await expectText(page.getByTestId('sale-total'), money(1250 + 720));
    await shot(page, 'sum-mode-sections');

    // A barcode scanned in sum mode adds nothing, and says why.
    await blurFields(page);
    await wedgeScan(page, '4810268001055');
    await expectText(page.getByTestId('notice-error').locator('.notice-text'), 'Суммовой учёт: товары по штрихкоду не продаются — выберите секцию и введите сумму');
    expect(await lineCount(page)).toBe(2);
    await shot(page, 'sum-mode-scan');

    await page.keyboard.press('F10');
    await visible(page.getByTestId('payment-dialog'));
    await page.getByTestId('payment-submit').click();
    await visible(page.getByTestId('screen-paid'));
    await expectText(page.getByTestId('paid-total'), money(1970));
    expect(errors).toEqual([]);
  });
});
