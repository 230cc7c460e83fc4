/**
 * The training shop's goods and settings in resources/: the catalogue a new till starts with in
 * training mode, and the check digits of the barcodes a scanner will read from it.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CatalogueItem, Kopecks, Unit, VatRate } from '../../preload/contract/index.js';
import { ean13CheckDigit, isValidEan13, isValidEan8, isValidUpcA } from '../../common/barcode.js';
import { seededRandom } from '../fixtures/seeded-random.js';

const SampleItem = z
  .object({
    code: z.string().regex(/^\d{4,6}$/, 'PLU/article: 4–6 digits'),
    name: z.string().trim().min(3),
    barcodes: z.array(z.string().regex(/^\d{13}$/, 'EAN-13: 13 digits')),
    price: Kopecks.positive(),
    vatRate: VatRate,
    unit: Unit,
    section: z.number().int().min(0).max(3),
    category: z.string().trim().min(1),
    /** Goods of the «Электронный знак» system (a DataMatrix per sale). */
    marked: z.boolean().optional(),
  })
  .strict();
type SampleItem = z.infer<typeof SampleItem>;

const DefaultSettings = z
  .object({
    sections: z.array(z.object({ code: z.number().int().min(0).max(255), name: z.string().trim().min(1), vatRate: VatRate }).strict()).min(1),
    maxShiftHours: z.number().int().positive(),
    trainingMode: z.boolean(),
    requisites: z
      .object({
        organization: z.string().min(1),
        unp: z.string().regex(/^\d{9}$/),
        tradeObject: z.string().min(1),
        address: z.string().min(1),
        registrationNumber: z.string().regex(/^\d+$/),
      })
      .strict(),
  })
  .strict();

function readResource(name: string): unknown {
  return JSON.parse(fs.readFileSync(new URL(`../../resources/${name}`, import.meta.url), 'utf8'));
}

const rawCatalogue = readResource('sample-catalogue.json');
const catalogue: SampleItem[] = z.array(SampleItem).parse(rawCatalogue);
const settings = DefaultSettings.parse(readResource('default-settings.json'));

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/** The by.unp check of python-stdnum, only to keep the sample requisites honest. The app itself uses the stdnum package. */
function unpCheckDigit(first8: string): number | null {
  const weights = [29, 23, 19, 17, 13, 7, 5, 3];
  const c = weights.reduce((sum, w, i) => sum + w * Number(first8[i]), 0) % 11;
  return c > 9 ? null : c;
}

describe('the sample catalogue', () => {
  it('has every item in the shape the contract expects, so it imports without a single refusal', () => {
    expect(Array.isArray(rawCatalogue)).toBe(true);
    const refused = (rawCatalogue as unknown[])
      .map((item, i) => ({ i, result: SampleItem.safeParse(item) }))
      .filter(({ result }) => !result.success)
      .map(({ i, result }) => `#${i}: ${result.error?.message}`);
    expect(refused).toEqual([]);
    for (const [i, item] of catalogue.entries()) {
      expect(CatalogueItem.safeParse({ id: i + 1, ...item, marked: item.marked ?? false, weighted: item.unit === 'кг', freePrice: false }).success, item.name).toBe(
        true,
      );
    }
  });

  it('is a real shop: at least 45 goods', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(45);
  });

  it('gives every item its own code and every barcode to one item only', () => {
    expect(duplicates(catalogue.map((i) => i.code))).toEqual([]);
    expect(duplicates(catalogue.flatMap((i) => i.barcodes))).toEqual([]);
  });

  it('prints a valid check digit on every barcode', () => {
    const bad = catalogue.flatMap((i) => i.barcodes.filter((b) => !isValidEan13(b)).map((b) => `${i.name}: ${b}`));
    expect(bad).toEqual([]);
  });

  it('stocks mostly Belarusian goods (GS1 481), some Russian (460–469), nothing else', () => {
    const barcodes = catalogue.flatMap((i) => i.barcodes);
    const belarusian = barcodes.filter((b) => b.startsWith('481'));
    const russian = barcodes.filter((b) => /^46\d/.test(b));
    expect(belarusian.length).toBeGreaterThan(barcodes.length / 2);
    expect(russian.length).toBeGreaterThan(0);
    expect(belarusian.length + russian.length).toBe(barcodes.length);
  });

  it('sells bananas and other loose goods by the kilogram, found by PLU without a barcode', () => {
    const weighted = catalogue.filter((i) => i.unit === 'кг');
    expect(weighted.length).toBeGreaterThan(0);
    expect(weighted.find((i) => i.name.startsWith('Бананы'))).toBeDefined();
    // A piece good with no barcode could only be found by typing its name at the till.
    expect(catalogue.filter((i) => i.unit === 'шт' && i.barcodes.length === 0).map((i) => i.name)).toEqual([]);
  });

  it('has the names that test the printer: one with « » quotes, one with both ё and й', () => {
    expect(catalogue.some((i) => /«[^»]+»/.test(i.name))).toBe(true);
    expect(catalogue.some((i) => /[ёЁ]/.test(i.name) && /[йЙ]/.test(i.name))).toBe(true);
  });

  it('charges 10 % VAT on milk, bread and vegetables and 20 % on sweets and drinks', () => {
    const rateOf = (prefix: string) => catalogue.filter((i) => i.name.startsWith(prefix)).map((i) => i.vatRate);
    for (const basic of ['Молоко', 'Хлеб', 'Картофель', 'Морковь']) {
      expect(rateOf(basic).length, basic).toBeGreaterThan(0);
      expect(new Set(rateOf(basic)), basic).toEqual(new Set([1000]));
    }
    for (const other of ['Шоколад', 'Вода', 'Чипсы']) {
      expect(rateOf(other).length, other).toBeGreaterThan(0);
      expect(new Set(rateOf(other)), other).toEqual(new Set([2000]));
    }
  });

  it('prices a litre of milk like a Minsk shop in 2026 (between 1.50 and 5.00 BYN)', () => {
    const milk = catalogue.find((i) => i.name.startsWith('Молоко') && i.name.includes('1 л'));
    expect(milk).toBeDefined();
    expect(milk!.price).toBeGreaterThanOrEqual(150);
    expect(milk!.price).toBeLessThanOrEqual(500);
    expect(
      catalogue.every((i) => i.price <= 100_000),
      'nothing dearer than 1000 BYN in a corner shop',
    ).toBe(true);
  });

  it('puts every item in a section that the default settings define', () => {
    const sections = new Set(settings.sections.map((s) => s.code));
    expect(catalogue.filter((i) => !sections.has(i.section)).map((i) => i.name)).toEqual([]);
  });
});

describe('the default settings', () => {
  it('define section 0 "Основная" and no section code twice', () => {
    expect(settings.sections.find((s) => s.code === 0)?.name).toBe('Основная');
    expect(duplicates(settings.sections.map((s) => String(s.code)))).toEqual([]);
  });

  it('start in training mode with a 24-hour shift limit', () => {
    expect(settings.trainingMode).toBe(true);
    expect(settings.maxShiftHours).toBe(24);
  });

  it('carry a УНП whose check digit is right (by.unp: weights 29…3, mod 11)', () => {
    // The check itself is proved on stdnum's documented example first.
    expect(unpCheckDigit('20098854')).toBe(1);
    const { unp } = settings.requisites;
    expect(unpCheckDigit(unp.slice(0, 8))).toBe(Number(unp[8]));
  });

  it('carry the organisation, trade object and ПК registration number of the training till', () => {
    expect(settings.requisites.organization).toBe('ООО «Учебный магазин»');
    expect(settings.requisites.tradeObject).toBe('Магазин «У дома»');
    expect(settings.requisites.registrationNumber).toBe('119000702');
  });
});

describe('barcode check digits', () => {
  it('computes the EAN-13 check digit, including a 0', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1);
    expect(ean13CheckDigit('481000000007')).toBe(0);
    expect(ean13CheckDigit('481000000002')).toBe(5);
  });

  it('refuses to compute a check digit for anything but 12 digits', () => {
    expect(() => ean13CheckDigit('40063813339')).toThrow(RangeError);
    expect(() => ean13CheckDigit('4006381333931')).toThrow(RangeError);
    expect(() => ean13CheckDigit('40063813339x')).toThrow(RangeError);
  });

  it('accepts an EAN-13 with the right check digit and refuses a wrong one', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('400638133393')).toBe(false);
    expect(isValidEan13('40063813339311')).toBe(false);
    expect(isValidEan13('400638133393a')).toBe(false);
    expect(isValidEan13('')).toBe(false);
    // Arabic-Indic digits are digits to Unicode, not to a scanner.
    expect(isValidEan13('٤006381333931')).toBe(false);
  });

  it('checks EAN-8 and UPC-A the same way', () => {
    expect(isValidEan8('96385074')).toBe(true);
    expect(isValidEan8('96385075')).toBe(false);
    expect(isValidEan8('9638507')).toBe(false);
    expect(isValidUpcA('036000291452')).toBe(true);
    expect(isValidUpcA('036000291453')).toBe(false);
    expect(isValidUpcA('4006381333931')).toBe(false);
    // A UPC-A read as EAN-13 gains a leading zero and stays valid.
    expect(isValidEan13('0036000291452')).toBe(true);
  });

  it('catches every single mistyped digit (seeded loop over the catalogue barcodes)', () => {
    const random = seededRandom(20260314);
    const barcodes = catalogue.flatMap((i) => i.barcodes);
    for (let n = 0; n < 500; n++) {
      const code = random.pick(barcodes);
      const pos = random.int(0, 12);
      const wrong = (Number(code[pos]) + random.int(1, 9)) % 10;
      const typo = code.slice(0, pos) + String(wrong) + code.slice(pos + 1);
      expect(isValidEan13(typo), `${code} → ${typo}`).toBe(false);
    }
  });

  it('makes a valid EAN-13 of any 12 digits plus the computed check digit', () => {
    const random = seededRandom(481);
    for (let n = 0; n < 300; n++) {
      let body = '';
      for (let i = 0; i < 12; i++) body += String(random.int(0, 9));
      expect(isValidEan13(body + String(ean13CheckDigit(body))), body).toBe(true);
    }
  });
});
