import { memo, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { CheckLine } from '../../../preload/contract/index.js';
import { formatMoney, formatPercent, formatQuantity } from '../../../common/money.js';
import { lineSelected } from '../../app/sale.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

type Props = {
  readonly onRemove: (line: CheckLine) => void;
  /** A double click or a tap on the quantity opens the line's editing. */
  readonly onEdit?: (line: CheckLine) => void;
};

/** The lines of the open check; the selected one (↑↓) is what F-keys and Delete act on. */
export function LinesTable({ onRemove, onEdit }: Props) {
  const dispatch = useAppDispatch();
  const lines = useAppSelector((s) => s.sale.check?.lines ?? EMPTY);
  const selectedId = useAppSelector((s) => s.sale.selectedLineId);
  const selectedRow = useRef<HTMLTableRowElement>(null);
  // A scanned line at the bottom is in view by CSS alone (.lines-scroll keeps to its bottom). Any
  // other selection (↑↓, a click, a line added while scrolled up) is scrolled to once the frame is
  // painted: measured inside the commit, the table's layout held every scanned line back ~2 ms.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => selectedRow.current?.scrollIntoView({ block: 'nearest' }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [selectedId, lines.length]);
  // The rows get callbacks that never change, so a scan draws only the new row (and the selection's).
  const handlers = useRef({ onRemove, onEdit });
  handlers.current = { onRemove, onEdit };
  const row = useMemo<RowHandlers>(
    () => ({
      select: (line) => dispatch(lineSelected(line.id)),
      edit: (line) => handlers.current.onEdit?.(line),
      remove: (line) => handlers.current.onRemove(line),
    }),
    [dispatch],
  );

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
            <th className="num col-qty">{ru.sale.col.qty}</th>
            <th className="num">{ru.sale.col.price}</th>
            <th className="num">{ru.sale.col.amount}</th>
            <th className="col-del" aria-label={ru.sale.remove} />
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => {
            const selected = line.id === selectedId;
            return <LineRow key={line.id} line={line} n={i + 1} selected={selected} rowRef={selected ? selectedRow : undefined} on={row} />;
          })}
        </tbody>
      </table>
    </div>
  );
}

type RowHandlers = {
  readonly select: (line: CheckLine) => void;
  readonly edit: (line: CheckLine) => void;
  readonly remove: (line: CheckLine) => void;
};

type RowProps = {
  readonly line: CheckLine;
  readonly n: number;
  readonly selected: boolean;
  readonly rowRef: RefObject<HTMLTableRowElement | null> | undefined;
  readonly on: RowHandlers;
};

/** One line of the check; drawn again only when its line, number or selection changes. */
const LineRow = memo(function LineRow({ line, n, selected, rowRef, on }: RowProps) {
  return (
    <tr
      ref={rowRef}
      className={selected ? 'line-selected' : undefined}
      aria-selected={selected}
      data-testid="sale-line"
      data-line-id={line.id}
      onClick={() => on.select(line)}
      onDoubleClick={() => on.edit(line)}
    >
      <td className="col-n muted">{n}</td>
      <td className="line-name-cell">
        <span className="line-name" data-testid="sale-line-name">
          {line.name}
        </span>
        <LineNotes line={line} />
      </td>
      <td className="num col-qty" data-testid="sale-line-qty">
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
          onClick={(e) => {
            e.stopPropagation();
            on.remove(line);
          }}
        >
          ×
        </button>
      </td>
    </tr>
  );
});

const EMPTY: readonly CheckLine[] = [];

/** Under the name: the line's discount, its share of the check discount, the marking code. */
function LineNotes({ line }: { readonly line: CheckLine }) {
  const notes: string[] = [];
  const a = line.adjustment;
  if (a && line.lineDiscount !== 0) {
    notes.push(ru.discount.note(a.kind, a.by === 'percent' ? formatPercent(a.value) : null, formatMoney(Math.abs(line.lineDiscount))));
  }
  if (line.checkDiscount !== 0) notes.push(ru.discount.shareNote(line.checkDiscount > 0, formatMoney(Math.abs(line.checkDiscount))));
  if (line.markCode) notes.push(ru.discount.markNote(shortMark(line.markCode)));
  return notes.length === 0 ? null : (
    <span className="line-notes" data-testid="sale-line-notes">
      {notes.join(' · ')}
    </span>
  );
}

/** A DataMatrix is long: GTIN and the start of the serial are enough to recognise it. */
function shortMark(code: string): string {
  const clean = code.replace(/^\]d2/, '').replace(/\u001d/g, ' ');
  return clean.length > 28 ? `${clean.slice(0, 28)}…` : clean;
}
