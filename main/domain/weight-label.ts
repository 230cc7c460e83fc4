/**
 * Weight labels printed by shop scales: an EAN-13 `PP CCCCC WWWWW K` — a prefix (20–29 by
 * default), the item code, the weight in grams (or the amount in kopecks) and the check digit.
 * The layout is a setting (DOMAIN «Weighted goods»). Pure.
 */
import type { WeightBarcodeTemplate } from '../../preload/contract/index.js';
import { isValidEan13 } from '../../common/barcode.js';

export type WeightLabel =
  { readonly value: 'weight'; readonly itemCode: string; readonly grams: number } | { readonly value: 'price'; readonly itemCode: string; readonly amount: number };

/** True when `code` has one of the template's weight prefixes (valid or not). */
export function hasWeightPrefix(code: string, template: WeightBarcodeTemplate): boolean {
  return /^\d{13}$/.test(code) && template.prefixes.includes(code.slice(0, 2));
}

/**
 * The item code and the weight (or amount) of a weight label; a problem for the cashier when the
 * code has a weight prefix but cannot be read; null when it is not a weight label at all.
 */
export function parseWeightLabel(code: string, template: WeightBarcodeTemplate): WeightLabel | { readonly problem: string } | null {
  if (!hasWeightPrefix(code, template)) return null;
  if (!isValidEan13(code)) return { problem: 'Весовая этикетка считана с ошибкой (неверная контрольная цифра)' };
  const itemCode = code.slice(2, 2 + template.itemDigits);
  const value = Number(code.slice(2 + template.itemDigits, 12));
  if (value === 0) return { problem: template.value === 'weight' ? 'На весовой этикетке нулевой вес' : 'На весовой этикетке нулевая сумма' };
  return template.value === 'weight' ? { value: 'weight', itemCode, grams: value } : { value: 'price', itemCode, amount: value };
}

/** An item code of a label as the catalogue may keep it: as printed ("00123") and without leading zeros ("123"). */
export function itemCodeCandidates(itemCode: string): string[] {
  const bare = itemCode.replace(/^0+(?=\d)/, '');
  return bare === itemCode ? [itemCode] : [itemCode, bare];
}
