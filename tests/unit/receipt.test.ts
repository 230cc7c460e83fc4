/** The receipt as the printer prints it, at 42 columns (80 mm paper) and 32 columns (58 mm). */
import { describe, expect, it } from 'vitest';
import { center, labelled, renderReceipt, twoColumns, wrap, type ReceiptInput } from '../../main/domain/receipt.js';
import { line, saleReceipt } from '../fixtures/receipts.js';
import { seededRandom } from '../fixtures/seeded-random.js';

const WIDTHS = [42, 32] as const;

/** All the text of a receipt in one string with whitespace squeezed, to find wrapped phrases. */
const flat = (lines: readonly string[]) => lines.join(' ').replace(/\s+/g, ' ');
/** The same without any whitespace, to find long codes cut into pieces. */
const dense = (lines: readonly string[]) => lines.join('').replace(/\s+/g, '');

function tooWide(lines: readonly string[], width: number): string[] {
  return lines.filter((l) => l.length > width).map((l) => `${l.length}: ${l}`);
}

const xReport: ReceiptInput = saleReceipt({
  kind: 'x_report',
  lines: [],
  total: 0,
  vat: [],
  payments: [],
  change: 0,
  summary: [
    ['Продаж', '12'],
    ['Сумма продаж', '245.60'],
    ['Наличные в кассе', '145.60'],
  ],
});

describe.each(WIDTHS)('a sale receipt at %i columns', (width) => {
  it('fits every line into the paper width', () => {
    for (const input of [saleReceipt(), saleReceipt({ copy: true }), saleReceipt({ training: false, fiscal: null }), xReport]) {
      const out = renderReceipt(input, width);
      expect(out.length).toBeGreaterThan(10);
      expect(tooWide(out, width)).toEqual([]);
    }
  });

  it('says УЧЕБНЫЙ РЕЖИМ at the top and the bottom in training, and nowhere on a real check', () => {
    const training = renderReceipt(saleReceipt({ training: true }), width);
    expect(training[0]).toContain('УЧЕБНЫЙ РЕЖИМ');
    expect(training.at(-1)).toContain('УЧЕБНЫЙ РЕЖИМ');
    const real = renderReceipt(saleReceipt({ training: false }), width);
    expect(real.some((l) => l.includes('УЧЕБНЫЙ РЕЖИМ'))).toBe(false);
  });

  it('marks a copy КОПИЯ, and only a copy', () => {
    expect(renderReceipt(saleReceipt({ copy: true }), width).some((l) => l.includes('КОПИЯ'))).toBe(true);
    expect(renderReceipt(saleReceipt({ copy: false }), width).some((l) => l.includes('КОПИЯ'))).toBe(false);
    expect(renderReceipt(saleReceipt(), width).some((l) => l.includes('КОПИЯ'))).toBe(false);
  });

  it('heads the check with the shop requisites, the document, the shift, the time and the cashier', () => {
    const out = renderReceipt(saleReceipt(), width);
    const text = flat(out);
    expect(text).toContain('ООО «Учебный магазин»');
    expect(text).toContain('УНП 192608414');
    expect(text).toContain('Магазин «У дома»');
    expect(text).toContain('г. Минск, ул. Притыцкого, 1');
    expect(text).toContain('Рег. номер ПК 119000702');
    expect(out.some((l) => l.trim() === 'КАССОВЫЙ ЧЕК (ПРОДАЖА)')).toBe(true);
    expect(out).toContain(twoColumns('Смена 3', 'Документ 17', width));
    expect(out.some((l) => /^Дата\s+14\.03\.2026 10:15:00$/.test(l))).toBe(true);
    expect(text).toContain('Иванова М. (100083608.94@4ek.by)');
  });

  it('prints each line as name, quantity × price, amount and VAT rate', () => {
    const out = renderReceipt(saleReceipt(), width);
    expect(out).toContain('1. Молоко Савушкин 3,2% 1 л');
    expect(out.some((l) => /^ {2}2 шт x 2\.89\s+5\.78$/.test(l))).toBe(true);
    expect(out).toContain('2. Бананы');
    expect(out.some((l) => /^ {2}1\.235 кг x 4\.49\s+5\.55$/.test(l))).toBe(true);
    expect(out.filter((l) => l === '  НДС 10%')).toHaveLength(2);
    expect(out.filter((l) => l === '  НДС 20%')).toHaveLength(1);
  });

  it('totals 14.52 with VAT by rate, the cash tendered and 5.48 change', () => {
    const out = renderReceipt(saleReceipt(), width);
    expect(out.some((l) => /^ИТОГО\s+14\.52$/.test(l))).toBe(true);
    // 11.33 at 10 % holds 1.03; 3.19 at 20 % holds 0.53
    expect(out.some((l) => /^ {2}в т\.ч\. НДС 10%\s+1\.03$/.test(l))).toBe(true);
    expect(out.some((l) => /^ {2}в т\.ч\. НДС 20%\s+0\.53$/.test(l))).toBe(true);
    expect(out.some((l) => /^Наличные\s+20\.00$/.test(l))).toBe(true);
    expect(out.some((l) => /^Сдача\s+5\.48$/.test(l))).toBe(true);
  });

  it('prints no change row when the card paid exactly, and names the card', () => {
    const out = renderReceipt(saleReceipt({ payments: [{ form: 'card', amount: 1452 }] }), width);
    expect(out.some((l) => /^Банковская карта\s+14\.52$/.test(l))).toBe(true);
    expect(out.some((l) => l.startsWith('Сдача'))).toBe(false);
  });

  it('wraps a long name onto further lines without losing a word', () => {
    const name = 'Набор конфет «Коммунарка» ассорти в подарочной жестяной коробке новогодний 2026 года выпуска 1 кг';
    const out = renderReceipt(saleReceipt({ lines: [line(name, 1000, 'шт', 4590, 2000)] }), width);
    expect(tooWide(out, width)).toEqual([]);
    expect(out.filter((l) => l.startsWith('1. Набор'))).toHaveLength(1);
    expect(flat(out)).toContain(`1. ${name}`);
  });

  it('prints the СКО document id and the verification URL once the operator has accepted the check', () => {
    const out = renderReceipt(saleReceipt(), width);
    expect(out.some((l) => /^Документ СКО\s+T-5A1B2C3D4E5F$/.test(l))).toBe(true);
    expect(dense(out)).toContain('https://sko.training.local/check?id=T-5A1B2C3D4E5F');
    expect(out.some((l) => l.includes('Не передан оператору'))).toBe(false);
  });

  it('says "Не передан оператору" while the check waits in the outbox', () => {
    const out = renderReceipt(saleReceipt({ fiscal: null }), width);
    expect(out.some((l) => l.trim() === 'Не передан оператору')).toBe(true);
    expect(out.some((l) => l.startsWith('Документ СКО'))).toBe(false);
  });

  it('keeps a long cashier name and a long СКО id whole, within the width', () => {
    const cashier = 'Константинопольская Александра Владимировна (100083608.94@4ek.by)';
    const skoDocId = '89375027010054774367-000000000000012345-ABCDEF';
    const out = renderReceipt(saleReceipt({ cashier, fiscal: { skoDocId, verifyUrl: `https://check.example.by/?id=${skoDocId}` } }), width);
    expect(tooWide(out, width)).toEqual([]);
    expect(flat(out)).toContain('Кассир');
    expect(flat(out)).toContain(cashier);
    expect(out.some((l) => l.startsWith('Документ СКО'))).toBe(true);
    expect(dense(out)).toContain(skoDocId);
  });

  it('prints report figures as label and value, without sale totals', () => {
    const out = renderReceipt(xReport, width);
    expect(out.some((l) => l.trim() === 'X-ОТЧЁТ')).toBe(true);
    expect(out.some((l) => /^Сумма продаж\s+245\.60$/.test(l))).toBe(true);
    expect(out.some((l) => l.startsWith('ИТОГО'))).toBe(false);
  });
});

describe('receipt layout helpers', () => {
  it('puts the value flush right and the label flush left', () => {
    expect(twoColumns('ИТОГО', '14.52', 20)).toBe('ИТОГО          14.52');
  });

  it('stays within the paper even when the value alone is wider', () => {
    const row = twoColumns('Кассир', 'Ф'.repeat(40), 32);
    expect(row).toHaveLength(32);
    expect(row.trim()).toBe('Ф'.repeat(31));
  });

  it('moves a value that does not fit beside its label onto the next line, flush right', () => {
    expect(labelled('Сдача', '5.48', 20)).toEqual(['Сдача           5.48']);
    expect(labelled('Документ СКО', 'T-5A1B2C3D4E5F', 20)).toEqual(['Документ СКО', '      T-5A1B2C3D4E5F']);
  });

  it('centres a title and cuts one longer than the paper', () => {
    expect(center('ЧЕК', 9)).toBe('   ЧЕК');
    expect(center('КАССОВЫЙ ЧЕК', 5)).toBe('КАССО');
  });

  it('wraps on spaces and cuts a word longer than a line', () => {
    expect(wrap('Молоко Савушкин 3,2% 1 л', 12)).toEqual(['Молоко', 'Савушкин', '3,2% 1 л']);
    expect(wrap('ПРИВЕТ', 4)).toEqual(['ПРИВ', 'ЕТ']);
  });
});

describe('any receipt (seeded loop)', () => {
  it('never prints a line wider than the paper and never drops the СКО id or the cashier', () => {
    const random = seededRandom(42);
    for (let n = 0; n < 400; n++) {
      const width = random.pick(WIDTHS);
      const lines = Array.from({ length: random.int(0, 5) }, () =>
        line(
          random.text(1, 90),
          random.int(1, 99_999),
          random.pick(['шт', 'кг'] as const),
          random.int(1, 999_999),
          random.pick([2000, 1000, 0, 2500, null] as const),
        ),
      );
      const skoDocId = random.text(4, 60).replace(/\s+/g, '');
      const input = saleReceipt({
        kind: random.pick(['sale', 'shift_open', 'x_report', 'z_report'] as const),
        requisites: {
          organization: random.text(5, 120),
          unp: '192608414',
          tradeObject: random.text(5, 80),
          address: random.text(5, 100),
          registrationNumber: '119000702',
        },
        shiftNumber: random.int(1, 99_999),
        numberInShift: random.int(1, 99_999),
        cashier: random.text(1, 70),
        lines,
        summary: random.int(0, 1) ? [[random.text(1, 40), random.text(1, 40)]] : [],
        fiscal: random.int(0, 3) ? { skoDocId, verifyUrl: `https://sko.example.by/check?id=${skoDocId}` } : null,
        training: random.int(0, 1) === 1,
        copy: random.int(0, 1) === 1,
      });
      const out = renderReceipt(input, width);
      const label = `case ${n}, width ${width}`;
      expect(tooWide(out, width), label).toEqual([]);
      expect(dense(out), label).toContain(input.cashier.replace(/\s+/g, ''));
      if (input.fiscal) expect(dense(out), label).toContain(input.fiscal.skoDocId);
    }
  });
});

describe('what the customer reads', () => {
  const template = { header: [], footer: ['Спасибо за покупку!'] };
  const juice = { ...line('Сок яблочный 1 л', 1000, 'шт', 390, 2000), amount: 351, discount: 39 };

  it('thanks for the purchase on a sale only, not on a return, cash in, X or Z', () => {
    expect(renderReceipt(saleReceipt({ template })).map((l) => l.trim())).toContain('Спасибо за покупку!');
    for (const kind of ['return', 'cash_in', 'cash_out', 'x_report', 'z_report', 'annulment'] as const) {
      const text = renderReceipt(saleReceipt({ kind, template, lines: kind === 'return' ? [juice] : [] }));
      expect(text.join('\n'), kind).not.toContain('Спасибо');
    }
  });

  it('prints quantity × price = the amount before the discount, then the discount, then the amount — on a return too', () => {
    for (const kind of ['sale', 'return'] as const) {
      const text = renderReceipt(
        saleReceipt({ kind, lines: [juice], total: 351, vat: [{ vatRate: 2000, vat: 59 }], payments: [{ form: 'cash', amount: 351 }], change: 0 }),
      );
      const at = text.findIndex((l) => l.includes('Сок яблочный'));
      expect(
        text.slice(at + 1, at + 4).map((l) => l.replace(/\s+/g, ' ').trim()),
        kind,
      ).toEqual(['1 шт x 3.90 3.90', 'Скидка -0.39', 'Сумма 3.51']);
    }
  });

  it('numbers a check as the customer counts them in the shift, with the document number beside it', () => {
    for (const width of WIDTHS) {
      const text = renderReceipt(saleReceipt({ checkNumber: 1, numberInShift: 3 }), width);
      expect(text, `${width}`).toContainEqual(twoColumns('Смена 3', 'Чек № 1 (док. 3)', width));
    }
    expect(renderReceipt(saleReceipt({ kind: 'cash_in', lines: [], numberInShift: 4 }))).toContainEqual(twoColumns('Смена 3', 'Документ 4', 42));
  });
});
