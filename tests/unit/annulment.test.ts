/** Which documents may be annulled, and until when, per the settings (DOMAIN: configurable). */
import { describe, expect, it } from 'vitest';
import type { AnnulmentRules } from '../../preload/contract/index.js';
import { annulmentProblem, type AnnulmentTarget } from '../../main/domain/annulment.js';
import { adjustmentProblem } from '../../main/domain/discount.js';

const DEFAULT: AnnulmentRules = { kinds: ['sale', 'return'], scope: 'lastDocument', sameDay: true, maxMinutes: 0 };
const at = new Date(2026, 10, 20, 10, 0, 0);
const sale: AnnulmentTarget = {
  kind: 'sale',
  createdAt: at,
  inOpenShift: true,
  isLastOfShift: true,
  isLastCheckOfShift: true,
  alreadyAnnulled: false,
  hasReturns: false,
};

describe('annulment rules', () => {
  it('by default allows only the last document of the open shift, the same day', () => {
    expect(annulmentProblem(sale, DEFAULT, new Date(2026, 10, 20, 18, 0))).toBeNull();
    expect(annulmentProblem({ ...sale, isLastOfShift: false }, DEFAULT, at)).toBe('Аннулировать можно только последний документ смены');
    expect(annulmentProblem(sale, DEFAULT, new Date(2026, 10, 21, 0, 0, 1))).toBe('Аннулировать можно только в день документа');
    expect(annulmentProblem({ ...sale, inOpenShift: false }, DEFAULT, at)).toBe('Аннулировать можно только документ текущей смены');
  });

  it('with scope «last check», lets a cash in or an X after the check pass', () => {
    const rules: AnnulmentRules = { ...DEFAULT, scope: 'lastCheck' };
    expect(annulmentProblem({ ...sale, isLastOfShift: false }, rules, at)).toBeNull();
    expect(annulmentProblem({ ...sale, isLastOfShift: false, isLastCheckOfShift: false }, rules, at)).toBe('Аннулировать можно только последний чек смены');
  });

  it('refuses kinds the settings leave out, reports, annulments, twice, and a sale with returns', () => {
    expect(annulmentProblem({ ...sale, kind: 'return' }, { ...DEFAULT, kinds: ['sale'] }, at)).toBe('Аннулировать чек возврата запрещено настройками');
    expect(annulmentProblem({ ...sale, kind: 'x_report' }, DEFAULT, at)).toBe('Этот документ аннулировать нельзя');
    expect(annulmentProblem({ ...sale, kind: 'cash_in' }, DEFAULT, at)).toBe('Этот документ аннулировать нельзя');
    expect(annulmentProblem({ ...sale, kind: 'annulment' }, DEFAULT, at)).toBe('Аннулирование не аннулируется');
    expect(annulmentProblem({ ...sale, alreadyAnnulled: true }, DEFAULT, at)).toBe('Документ уже аннулирован');
    expect(annulmentProblem({ ...sale, hasReturns: true }, DEFAULT, at)).toBe('По чеку были возвраты: сначала аннулируйте их');
  });

  it('counts the minutes limit from the document', () => {
    const rules: AnnulmentRules = { ...DEFAULT, sameDay: false, maxMinutes: 15 };
    expect(annulmentProblem(sale, rules, new Date(at.getTime() + 15 * 60_000))).toBeNull();
    expect(annulmentProblem(sale, rules, new Date(at.getTime() + 15 * 60_000 + 1))).toBe('Аннулировать можно не позже 15 мин после документа');
  });
});

describe('discount limits', () => {
  const limits = { maxLinePercent: 5000, maxCheckPercent: 2000, allowMarkup: false, cardPercent: 500 };
  it('refuses a discount above the limit or above the amount, and markups when they are off', () => {
    expect(adjustmentProblem(1000, { kind: 'discount', by: 'percent', value: 5000 }, limits, 'line')).toBeNull();
    expect(adjustmentProblem(1000, { kind: 'discount', by: 'percent', value: 5100 }, limits, 'line')).toBe('Скидка больше допустимой: не более 50 % суммы строки');
    expect(adjustmentProblem(1000, { kind: 'discount', by: 'sum', value: 201 }, limits, 'check')).toBe('Скидка больше допустимой: не более 20 % суммы чека');
    expect(adjustmentProblem(1000, { kind: 'discount', by: 'sum', value: 1001 }, { ...limits, maxLinePercent: 10_000 }, 'line')).toBe('Скидка больше суммы строки');
    expect(adjustmentProblem(1000, { kind: 'markup', by: 'sum', value: 10 }, limits, 'line')).toBe('Надбавки запрещены настройками');
  });
});
