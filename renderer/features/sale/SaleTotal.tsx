import { formatMoney, formatPercent } from '../../../common/money.js';
import { useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

/** The total in big digits; above it the check discount (or markup) when there is one. */
export function SaleTotal() {
  const check = useAppSelector((s) => s.sale.check);
  const lines = check?.lines.length ?? 0;
  const adj = check?.checkAdjustment ?? null;
  const hasCheckDiscount = check !== null && (check.checkDiscount !== 0 || adj !== null || check.discountCard !== null);
  return (
    <div className="card total-card">
      {hasCheckDiscount && check && (
        <dl className="figures total-discount" data-testid="sale-check-discount">
          <dt>{ru.discount.subtotalShort}</dt>
          <dd data-testid="sale-subtotal">{formatMoney(check.subtotal)}</dd>
          <dt>{ru.discount.checkLine(adj?.kind ?? 'discount', adj?.by === 'percent' ? formatPercent(adj.value) : null, check.discountCard)}</dt>
          <dd data-testid="sale-check-discount-amount">
            {check.checkDiscount >= 0 ? '−' : '+'}
            {formatMoney(Math.abs(check.checkDiscount))}
          </dd>
        </dl>
      )}
      <span className="total-label">{ru.sale.total}</span>
      <span className="total-amount num" data-testid="sale-total">
        {formatMoney(check?.total ?? 0)}
      </span>
      <span className="muted" data-testid="sale-lines-count">
        {ru.sale.lines(lines)}
      </span>
    </div>
  );
}
