/** Check digits of the GS1 retail barcodes a scanner reads: EAN-13, EAN-8, UPC-A. Pure. */

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

function isValidGs1(code: string, length: number): boolean {
  if (code.length !== length || !/^\d+$/.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(length - 1) - 48;
}

/** The 13th digit for the first 12 digits of an EAN-13, e.g. "400638133393" → 1. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`EAN-13 needs 12 digits before the check digit: "${first12}"`);
  return gs1CheckDigit(first12);
}

export function isValidEan13(code: string): boolean {
  return isValidGs1(code, 13);
}

export function isValidEan8(code: string): boolean {
  return isValidGs1(code, 8);
}

export function isValidUpcA(code: string): boolean {
  return isValidGs1(code, 12);
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
