/**
 * The units goods are sold in (the item card's «Ед. изм.»). Quantities are kept in thousandths;
 * pieces and packs are sold whole, kilograms, litres, metres and square metres to the thousandth.
 */
export const UNITS = ['шт', 'кг', 'л', 'м', 'м²', 'упак'] as const;

/** Sold whole: the quantity is a multiple of 1000. */
export function isWholeUnit(unit: string): boolean {
  return unit === 'шт' || unit === 'упак';
}
