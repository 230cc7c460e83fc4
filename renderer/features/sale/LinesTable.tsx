import { useEffect, useRef } from 'react';
import type { CheckLine } from '../../../preload/contract.js';
import { formatMoney, formatQuantity } from '../../app/money.js';
import { ru } from '../../i18n/ru.js';

type Props = {
  readonly lines: readonly CheckLine[];
  /** The line added last is highlighted and kept in view. */
  readonly lastLineId: number | null;
  readonly onRemove: (line: CheckLine) => void;
};

export function LinesTable({ lines, lastLineId, onRemove }: Props) {
  const lastRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    lastRow.current?.scrollIntoView({ block: 'nearest' });
  }, [lastLineId, lines.length]);

  if (lines.length === 0) {
    return (
      <div className="lines-empty muted" data-testid="sale-lines-empty">
        {ru.sale.empty}
      </div>
    );
  }
  return (
    <div className="table-scroll lines-scroll">
      <table className="table lines-table" data-testid="sale-lines">
        <thead>
          <tr>
            <th className="col-n">{ru.sale.col.n}</th>
            <th>{ru.sale.col.name}</th>
            <th className="num">{ru.sale.col.qty}</th>
            <th className="num">{ru.sale.col.price}</th>
            <th className="num">{ru.sale.col.amount}</th>
            <th className="col-del" aria-label={ru.sale.remove} />
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <tr
              key={line.id}
              ref={line.id === lastLineId ? lastRow : undefined}
              className={line.id === lastLineId ? 'line-last' : undefined}
              data-testid="sale-line"
              data-line-id={line.id}
            >
              <td className="col-n muted">{i + 1}</td>
              <td className="line-name" data-testid="sale-line-name">
                {line.name}
              </td>
              <td className="num" data-testid="sale-line-qty">
                {formatQuantity(line.quantity)} {line.unit}
              </td>
              <td className="num" data-testid="sale-line-price">
                {formatMoney(line.price)}
              </td>
              <td className="num line-amount" data-testid="sale-line-amount">
                {formatMoney(line.amount)}
              </td>
              <td className="col-del">
                <button
                  type="button"
                  className="icon-btn icon-btn-danger"
                  title={ru.sale.remove}
                  aria-label={`${ru.sale.remove}: ${line.name}`}
                  data-testid={`sale-line-remove-${line.id}`}
                  onClick={() => onRemove(line)}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
