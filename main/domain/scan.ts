/**
 * What a scanner read means for the sale screen: a marking code, a weight label, a retail
 * barcode (check digit verified), or something the till cannot sell by. Pure.
 */
import type { WeightBarcodeTemplate } from '../../preload/contract/index.js';
import { isValidEan13, isValidEan8, isValidUpcA } from '../../common/barcode.js';
import { ruLayoutToLatin } from '../../common/keyboard-layout.js';
import { looksLikeMarkingCode, parseMarkCode, type MarkCode } from '../../common/marking.js';
import { parseWeightLabel, type WeightLabel } from './weight-label.js';

export type Scan =
  | { readonly kind: 'mark'; readonly mark: MarkCode }
  | { readonly kind: 'weight'; readonly code: string; readonly label: WeightLabel }
  | { readonly kind: 'barcode'; readonly code: string }
  | { readonly kind: 'refused'; readonly problem: string };

const GS1_LENGTHS: Readonly<Record<number, (code: string) => boolean>> = { 8: isValidEan8, 12: isValidUpcA, 13: isValidEan13 };

export function classifyScan(raw: string, template: WeightBarcodeTemplate): Scan {
  const read = ruLayoutToLatin(raw.replace(/[\r\n]+$/, '')).trim();
  if (read === '') return { kind: 'refused', problem: 'Пустой код' };
  if (looksLikeMarkingCode(read)) {
    const mark = parseMarkCode(read);
    return mark ? { kind: 'mark', mark } : { kind: 'refused', problem: 'Код маркировки не распознан: отсканируйте DataMatrix ещё раз' };
  }
  if (!/^\d+$/.test(read)) return { kind: 'refused', problem: `Код «${read.slice(0, 40)}» не является штрихкодом товара` };
  const label = parseWeightLabel(read, template);
  if (label && 'problem' in label) return { kind: 'refused', problem: label.problem };
  if (label) return { kind: 'weight', code: read, label };
  const valid = GS1_LENGTHS[read.length];
  if (valid && !valid(read)) return { kind: 'refused', problem: `Штрихкод ${read} считан с ошибкой (неверная контрольная цифра)` };
  if (read.length < 6 || read.length > 14) return { kind: 'refused', problem: 'Штрихкод — от 6 до 14 цифр' };
  return { kind: 'barcode', code: read };
}
