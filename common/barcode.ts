/**
 * Check digits of the GS1 retail barcodes a scanner reads: EAN-13, EAN-8, UPC-A. Pure; main and the
 * renderer share it, so a code the sale screen refuses is the code main would refuse.
 */

/**
 * The GS1 check digit of `body` (all digits but the last): weights 3, 1, 3… from the right,
 * then the step up to the next multiple of ten.
 */
function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type Gs1Kind = 'ean13' | 'ean8' | 'upca';
const GS1_LENGTHS: Readonly<Record<number, Gs1Kind>> = { 13: 'ean13', 8: 'ean8', 12: 'upca' };

/** The kind of a GS1 barcode by its length, when it is all digits. */
export function gs1Kind(code: string): Gs1Kind | null {
  return /^\d+$/.test(code) ? (GS1_LENGTHS[code.length] ?? null) : null;
}

/** The check digit a GS1 code of this length must end with. */
export function expectedCheckDigit(code: string): number {
  return gs1CheckDigit(code.slice(0, -1));
}

/** An EAN-13, EAN-8 or UPC-A whose last digit is its check digit. */
export function isValidGs1(code: string): boolean {
  return gs1Kind(code) !== null && expectedCheckDigit(code) === code.charCodeAt(code.length - 1) - 48;
}

/** The 13th digit for the first 12 digits of an EAN-13, e.g. "400638133393" → 1. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`EAN-13 needs 12 digits before the check digit: "${first12}"`);
  return gs1CheckDigit(first12);
}

export function isValidEan13(code: string): boolean {
  return code.length === 13 && isValidGs1(code);
}

export function isValidEan8(code: string): boolean {
  return code.length === 8 && isValidGs1(code);
}

export function isValidUpcA(code: string): boolean {
  return code.length === 12 && isValidGs1(code);
}

/**
 * The spellings of one GS1 code a catalogue may hold: a UPC-A is the EAN-13 with a leading 0, so a
 * scanner set to send either finds the item stored as the other.
 */
export function barcodeSpellings(code: string): string[] {
  if (/^\d{12}$/.test(code)) return [code, `0${code}`];
  if (/^0\d{12}$/.test(code)) return [code, code.slice(1)];
  return [code];
}

/**
 * What is wrong with a barcode an admin types on the item card, in Russian, or null: 6–14 digits;
 * one of GS1 length (EAN-8, UPC-A, EAN-13) must carry its check digit; other lengths are the shop's
 * own codes (e.g. 2xxxxx printed in the store).
 */
export function barcodeProblem(code: string): string | null {
  if (!/^\d{6,14}$/.test(code)) return `Штрихкод «${code}» — от 6 до 14 цифр`;
  const kind = gs1Kind(code);
  if (kind && !isValidGs1(code)) {
    const name = kind === 'ean13' ? 'EAN-13' : kind === 'ean8' ? 'EAN-8' : 'UPC-A';
    return `Штрихкод ${code}: неверная контрольная цифра ${name} (должна быть ${expectedCheckDigit(code)})`;
  }
  return null;
}
