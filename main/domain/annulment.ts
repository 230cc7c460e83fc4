/**
 * Annulment of an erroneous document, within the limits of the settings (DOMAIN: the operator
 * analogue annuls the last document; which kinds and until when is configurable). Pure.
 */
import { CHECK_NAMES } from '../../common/display-names.js';
import type { AnnulmentRules, DocumentKind } from '../../preload/contract/index.js';

export type AnnulmentTarget = {
  readonly kind: DocumentKind;
  readonly createdAt: Date;
  /** The document belongs to the shift that is open now. */
  readonly inOpenShift: boolean;
  /** No other document of the shift came after it. */
  readonly isLastOfShift: boolean;
  /** No sale, return or annulment of the shift came after it. */
  readonly isLastCheckOfShift: boolean;
  readonly alreadyAnnulled: boolean;
  /** A sale with returns that stand cannot be annulled (annul the returns first). */
  readonly hasReturns: boolean;
};

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Why the document may not be annulled now, or null when it may. */
export function annulmentProblem(doc: AnnulmentTarget, rules: AnnulmentRules, now: Date): string | null {
  if (doc.kind === 'annulment') return 'Аннулирование не аннулируется';
  if (!(rules.kinds as readonly string[]).includes(doc.kind)) {
    const name = doc.kind === 'sale' || doc.kind === 'return' ? CHECK_NAMES[doc.kind].toLowerCase() : null;
    return name ? `Аннулировать ${name} запрещено настройками` : 'Этот документ аннулировать нельзя';
  }
  if (doc.alreadyAnnulled) return 'Документ уже аннулирован';
  if (!doc.inOpenShift) return 'Аннулировать можно только документ текущей смены';
  if (rules.scope === 'lastDocument' && !doc.isLastOfShift) return 'Аннулировать можно только последний документ смены';
  if (rules.scope === 'lastCheck' && !doc.isLastCheckOfShift) return 'Аннулировать можно только последний чек смены';
  if (doc.hasReturns) return 'По чеку были возвраты: сначала аннулируйте их';
  if (rules.sameDay && !sameLocalDay(doc.createdAt, now)) return 'Аннулировать можно только в день документа';
  if (rules.maxMinutes > 0 && now.getTime() - doc.createdAt.getTime() > rules.maxMinutes * 60_000) {
    return `Аннулировать можно не позже ${rules.maxMinutes} мин после документа`;
  }
  return null;
}
