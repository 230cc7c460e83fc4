/**
 * The rules main and the renderer share (common/): the Russian keyboard layout key by key, what
 * counts as a marking code on both sides, and the access verdict behind a refused call and a greyed
 * button. Written out here by hand, not from the tables, so a changed entry fails.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { accessVerdict, type AccessRule, type AccessState } from '../../common/access.js';
import { decimalComma, fromTextCell, textCell, toCsv } from '../../common/csv.js';
import { formatFileSize, sizeOverLimit } from '../../common/file-size.js';
import {
  PAYMENT_FORM_NAMES,
  DOCUMENT_KIND_NAMES,
  DOCUMENT_KIND_PLURALS,
  type DocumentKindKey,
  type DiscountCardKindKey,
  type NegativeStockKey,
  type PaymentFormKey,
  type RoleKey,
} from '../../common/display-names.js';
import { latinToRuLayout, ruLayoutToLatin, RUSSIAN_LAYOUT_TO_US, toAscii } from '../../common/keyboard-layout.js';
import { GS, looksLikeMarkingCode } from '../../common/marking.js';
import { classifyScan } from '../../main/domain/scan.js';
import type { Access, DiscountCard, DocumentKind, NegativeStockPolicy, PaymentForm, Role, WeightBarcodeTemplate } from '../../preload/contract/index.js';
import { asciiOfKey, readScan } from '../../renderer/app/codes.js';

/**
 * Every key of a ЙЦУКЕН keyboard that types a character: US unshifted, US shifted, Russian
 * unshifted, Russian shifted (Windows and X11 «Russian» layouts).
 */
const KEYS: readonly (readonly [code: string, chars: string])[] = [
  ['Backquote', '`~ёЁ'],
  ['Digit1', '1!1!'],
  ['Digit2', '2@2"'],
  ['Digit3', '3#3№'],
  ['Digit4', '4$4;'],
  ['Digit5', '5%5%'],
  ['Digit6', '6^6:'],
  ['Digit7', '7&7?'],
  ['Digit8', '8*8*'],
  ['Digit9', '9(9('],
  ['Digit0', '0)0)'],
  ['Minus', '-_-_'],
  ['Equal', '=+=+'],
  ['KeyQ', 'qQйЙ'],
  ['KeyW', 'wWцЦ'],
  ['KeyE', 'eEуУ'],
  ['KeyR', 'rRкК'],
  ['KeyT', 'tTеЕ'],
  ['KeyY', 'yYнН'],
  ['KeyU', 'uUгГ'],
  ['KeyI', 'iIшШ'],
  ['KeyO', 'oOщЩ'],
  ['KeyP', 'pPзЗ'],
  ['BracketLeft', '[{хХ'],
  ['BracketRight', ']}ъЪ'],
  ['Backslash', '\\|\\/'],
  ['KeyA', 'aAфФ'],
  ['KeyS', 'sSыЫ'],
  ['KeyD', 'dDвВ'],
  ['KeyF', 'fFаА'],
  ['KeyG', 'gGпП'],
  ['KeyH', 'hHрР'],
  ['KeyJ', 'jJоО'],
  ['KeyK', 'kKлЛ'],
  ['KeyL', 'lLдД'],
  ['Semicolon', ';:жЖ'],
  ['Quote', '\'"эЭ'],
  ['KeyZ', 'zZяЯ'],
  ['KeyX', 'xXчЧ'],
  ['KeyC', 'cCсС'],
  ['KeyV', 'vVмМ'],
  ['KeyB', 'bBиИ'],
  ['KeyN', 'nNтТ'],
  ['KeyM', 'mMьЬ'],
  ['Comma', ',<бБ'],
  ['Period', '.>юЮ'],
  ['Slash', '/?.,'],
];

/** [Russian character, US character of the same key and Shift] for every key, both cases. */
const PRESSES = KEYS.flatMap(([code, [us, usShift, ru, ruShift]]) => [
  { code, shift: false, us: us!, ru: ru! },
  { code, shift: true, us: usShift!, ru: ruShift! },
]);

describe('the Russian keyboard layout (common/keyboard-layout.ts)', () => {
  it('maps every Russian character of every key, both cases, to the US character of that key', () => {
    for (const p of PRESSES) {
      if (p.ru === p.us) expect(RUSSIAN_LAYOUT_TO_US.has(p.ru), `${p.code}${p.shift ? '+Shift' : ''} types ${p.ru} in both`).toBe(false);
      else expect(RUSSIAN_LAYOUT_TO_US.get(p.ru), `${p.code}${p.shift ? '+Shift' : ''}: ${p.ru}`).toBe(p.us);
    }
    expect(RUSSIAN_LAYOUT_TO_US.size).toBe(PRESSES.filter((p) => p.ru !== p.us).length);
  });

  it('reads Shift+\\ (the Russian "/") as "|", as a US scanner pressed it', () => {
    expect(RUSSIAN_LAYOUT_TO_US.get('/')).toBe('|');
    expect(ruLayoutToLatin('ЙЦУ/123')).toBe('QWE|123');
    expect(latinToRuLayout('QWE|123')).toBe('ЙЦУ/123');
    expect(asciiOfKey('/', 'Backslash', true, true)).toBe('|');
  });

  it('gives back a whole keyboard typed in the Russian layout', () => {
    const ru = PRESSES.map((p) => p.ru).join('');
    const us = PRESSES.map((p) => p.us).join('');
    expect(ruLayoutToLatin(ru)).toBe(us);
    expect(latinToRuLayout(us)).toBe(ru);
  });

  it('in a field the cashier types into, maps only what is not ASCII', () => {
    const ru = PRESSES.map((p) => p.ru).join('');
    const expected = PRESSES.map((p) => (p.ru >= ' ' && p.ru <= '~' ? p.ru : p.us)).join('');
    expect(toAscii(ru)).toBe(expected);
    expect(toAscii('0.5*ЙЦУ')).toBe('0.5*QWE');
  });

  it('the sale screen reads each Russian key press as its US key, like main reads the whole code', () => {
    for (const p of PRESSES) {
      if (p.ru >= ' ' && p.ru <= '~') continue; // an ASCII key is taken as typed
      expect(asciiOfKey(p.ru, p.code, p.shift), p.code).toBe(p.us);
    }
  });
});

const WEIGHT: WeightBarcodeTemplate = { prefixes: ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'], itemDigits: 5, valueDigits: 5, value: 'weight' };
const GTIN = '04810203007012';

describe('marking codes (common/marking.ts), the same on both sides', () => {
  const cases: readonly (readonly [what: string, read: string, marking: boolean])[] = [
    ['with ]d2 and GS', `]d201${GTIN}21Ab3.xYz${GS}91EE10${GS}92c2VjcmV0`, true],
    ['with ]D2 (Caps Lock on)', `]D201${GTIN}21Ab3.xYz${GS}91EE10`, true],
    ['without ]d2, with GS', `01${GTIN}21Ab3.xYz${GS}91EE10${GS}92c2VjcmV0`, true],
    ['with a leading GS (FNC1)', `${GS}01${GTIN}21Ab3.xYz${GS}91EE10`, true],
    ['without ]d2 and without GS (the scanner dropped them)', `01${GTIN}21Ab3.xYz91EE1092c2VjcmV0`, true],
    ['with a short serial', `01${GTIN}21Ab3`, true],
    ['an EAN-13', '4810268001055', false],
    ['an EAN-8', '96385074', false],
    ['a UPC-A', '036000291452', false],
    ['a GTIN-14 alone', GTIN, false],
    ['(01) GTIN without a serial', `01${GTIN}`, false],
    ['a check QR (URL)', 'https://sko.example.by/check?id=00E1A2B3C4D5&sum=14.52', false],
    ['a PLU code', '1001', false],
  ];

  it.each(cases)('%s', (_what, read, marking) => {
    expect(looksLikeMarkingCode(read)).toBe(marking);
    // The renderer's reading of a scan and main's agree.
    expect(readScan(read).kind === 'marking').toBe(marking);
    const scan = classifyScan(read, WEIGHT);
    const mainSaysMarking = scan.kind === 'mark' || (scan.kind === 'refused' && scan.problem.startsWith('Код маркировки'));
    expect(mainSaysMarking).toBe(marking);
  });

  it('takes a DataMatrix typed through the Russian layout on both sides', () => {
    const typed = latinToRuLayout(`]d201${GTIN}21Ab3.xYz91EE10`);
    expect(readScan(typed).kind).toBe('marking');
    expect(classifyScan(typed, WEIGHT)).toMatchObject({ kind: 'mark', mark: { gtin: GTIN, serial: 'Ab3.xYz91EE10' } });
  });
});

describe('the access verdict (common/access.ts)', () => {
  const cashier = { role: 'cashier', mustChangePassword: false } as const;
  const state = (s: Partial<AccessState>): AccessState => ({ setupDone: true, user: cashier, shift: { tooLong: false }, maxShiftHours: 24, ...s });
  const sale: AccessRule = { kind: 'user', roles: ['cashier'], shift: 'open', sale: true };

  it('refuses in the router order, with the API message and the button hint', () => {
    expect(accessVerdict(sale, state({}))).toEqual({ allowed: true });
    expect(accessVerdict({ kind: 'public' }, state({ setupDone: false }))).toMatchObject({ code: 'SETUP_REQUIRED' });
    expect(accessVerdict({ kind: 'public', beforeSetup: true }, state({ setupDone: false }))).toEqual({ allowed: true });
    expect(accessVerdict(sale, state({ setupDone: false, user: null }))).toMatchObject({ code: 'SETUP_REQUIRED' });
    expect(accessVerdict(sale, state({ user: null }))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Войдите в систему', hint: 'Войдите в кассу' });
    expect(accessVerdict(sale, state({ user: { ...cashier, mustChangePassword: true } }))).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    expect(accessVerdict(sale, state({ user: { role: 'admin', mustChangePassword: false } }))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Операция доступна только кассиру',
      hint: 'Только для кассира',
    });
    expect(accessVerdict(sale, state({ shift: null }))).toMatchObject({ code: 'SHIFT_CLOSED', message: 'Смена не открыта. Откройте смену.' });
    expect(accessVerdict({ kind: 'user', roles: ['cashier'], shift: 'closed' }, state({}))).toMatchObject({ code: 'SHIFT_OPEN' });
    expect(accessVerdict(sale, state({ shift: { tooLong: true }, maxShiftHours: 2 }))).toMatchObject({
      code: 'SHIFT_TOO_LONG',
      message: 'Смена длится дольше 2 ч. Закройте её Z-отчётом.',
      hint: 'Смена длиннее допустимого — снимите Z-отчёт',
    });
  });

  it('reads only what the method needs, so main queries no more than the call needs', () => {
    const read: string[] = [];
    const lazy: AccessState = {
      get setupDone() {
        read.push('setupDone');
        return true;
      },
      get user() {
        read.push('user');
        return cashier;
      },
      get shift() {
        read.push('shift');
        return { tooLong: false };
      },
      get maxShiftHours() {
        read.push('maxShiftHours');
        return 24;
      },
    };
    accessVerdict({ kind: 'public' }, lazy);
    expect(read).toEqual(['setupDone']);
    read.length = 0;
    accessVerdict({ kind: 'user', roles: ['cashier'], shift: 'any' }, lazy);
    expect(read).toEqual(['setupDone', 'user']);
    read.length = 0;
    accessVerdict(sale, lazy);
    expect(read).toEqual(['setupDone', 'user', 'shift']);
  });

  it('takes the contract’s Access and Role as they are', () => {
    expectTypeOf<Access>().toEqualTypeOf<AccessRule>();
    expectTypeOf<Role>().toEqualTypeOf<NonNullable<AccessState['user']>['role']>();
  });
});

describe('display names (common/display-names.ts)', () => {
  it('name every payment form, document kind, negative-stock policy, role and discount card kind of the contract', () => {
    expectTypeOf<PaymentFormKey>().toEqualTypeOf<PaymentForm>();
    expectTypeOf<DocumentKindKey>().toEqualTypeOf<DocumentKind>();
    expectTypeOf<NegativeStockKey>().toEqualTypeOf<NegativeStockPolicy>();
    expectTypeOf<RoleKey>().toEqualTypeOf<Role>();
    expectTypeOf<DiscountCardKindKey>().toEqualTypeOf<DiscountCard['kind']>();
    expect(PAYMENT_FORM_NAMES.cash).toBe('Наличные');
    expect(DOCUMENT_KIND_NAMES.cash_in).toBe('Внесение');
    expect(DOCUMENT_KIND_PLURALS.sale).toBe('Продажи');
  });
});

describe("CSV for Excel in a Russian locale (common/csv.ts: the reports screen and main's table export)", () => {
  it('writes a BOM, `;` between fields, CRLF, and quotes only a field that needs it', () => {
    expect(
      toCsv([
        ['Товар', 'Сумма'],
        ['Хлеб; батон', 'кефир "Савушкин"'],
        [1, 'две\nстроки'],
      ]),
    ).toBe('\uFEFFТовар;Сумма\r\n"Хлеб; батон";"кефир ""Савушкин"""\r\n1;"две\nстроки"\r\n');
  });

  it('writes text Excel would run as a formula as text, and keeps numbers numbers', () => {
    // An item's name from a supplier's price list, a phone, an @-handle; a negative amount and a number stay as they are.
    expect(toCsv([['=HYPERLINK("http://x")', '-10% акция', '+375 29 1234567', '@kassa', '-0,05', '+3', -5, 'Хлеб']])).toBe(
      '\uFEFF"\'=HYPERLINK(""http://x"")";\'-10% акция;\'+375 29 1234567;\'@kassa;-0,05;+3;-5;Хлеб\r\n',
    );
  });

  it('marks formula-like text for Excel and takes the mark off when the file is read back', () => {
    for (const name of ['=1+1 акция', '-10% скидка', '+подарок', '@kassa', 'Хлеб', "'цитата", '-5', '+3,5']) expect(fromTextCell(textCell(name))).toBe(name);
    expect(textCell('=1+1')).toBe("'=1+1");
    expect(textCell('-5')).toBe('-5');
    // A quote before anything else is the name's own.
    expect(fromTextCell("'цитата")).toBe("'цитата");
  });

  it('writes numbers with a decimal comma, exactly', () => {
    expect(decimalComma(1_234_567, 1000)).toBe('1234,567');
    expect(decimalComma(-5, 100)).toBe('-0,05');
    expect(decimalComma(12_000, 100)).toBe('120,00');
    expect(decimalComma(7, 1)).toBe('7');
  });
});

describe('sizes (common/file-size.ts), one wording on every screen', () => {
  const nbsp = '\u00a0';
  it('says КБ below a megabyte, МБ below a gigabyte and ГБ from one up', () => {
    expect([1, 67_512, 1023 * 1024].map(formatFileSize)).toEqual(['1 КБ', '66 КБ', '1023 КБ']);
    expect(formatFileSize(1024 * 1024 - 1)).toBe('1,0 МБ');
    expect([1024 * 1024, 3.5 * 1024 * 1024, 850.31 * 1024 * 1024].map(formatFileSize)).toEqual(['1,0 МБ', '3,5 МБ', '850,3 МБ']);
    // Not «1 024,0 МБ» for a size that rounds up to a gigabyte.
    expect(formatFileSize(1023.97 * 1024 * 1024)).toBe('1,0 ГБ');
    expect(formatFileSize(1.25 * 1024 ** 3)).toMatch(/^1,[23] ГБ$/);
    expect(formatFileSize(1862.6 * 1024 ** 3)).toBe(`1${nbsp}862,6 ГБ`);
  });

  it('says a size over a limit so the two differ: «больше 200,0 МБ» for a file a few bytes over', () => {
    const limit = 200 * 1024 * 1024;
    expect(sizeOverLimit(limit + 10, limit)).toBe('больше 200,0 МБ');
    expect(sizeOverLimit(250 * 1024 * 1024, limit)).toBe('250,0 МБ, можно до 200,0 МБ');
  });
});
