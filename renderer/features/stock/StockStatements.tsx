import { useState } from 'react';
import type { StatementGrouping, StatementQuery } from '../../../preload/contract/index.js';
import { formatMoney, formatQuantity } from '../../../common/money.js';
import { Button } from '../../components/Button.js';
import { DateField } from '../../components/DateField.js';
import { Loaded } from '../../components/Loaded.js';
import { isoToday } from '../../app/dates.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { saveFile } from '../../app/save-file.js';
import { call, useAppDispatch } from '../../app/store.js';
import { stk } from './text.js';

const PAGE = 100;
type Kind = StatementQuery['kind'];

/** «Ведомость остатков» on a date and «Оборотная ведомость» for a period, by item or by category. */
export function StockStatements() {
  const dispatch = useAppDispatch();
  const today = isoToday();
  const [kind, setKind] = useState<Kind>('balances');
  const [groupBy, setGroupBy] = useState<StatementGrouping>('item');
  const [date, setDate] = useState(today);
  const [from, setFrom] = useState(today.slice(0, 8) + '01');
  const [to, setTo] = useState(today);
  const [offset, setOffset] = useState(0);
  const [busy, setBusy] = useState(false);
  const query: StatementQuery | null = kind === 'balances' ? (date ? { kind, date, groupBy } : null) : from && to ? { kind: 'turnover', from, to, groupBy } : null;
  const read = useRead('stock.statement', query ? { query, limit: PAGE, offset } : undefined, { skip: query === null });

  const print = async () => {
    if (!query) return;
    setBusy(true);
    const r = await dispatch(call('stock.printStatement', { query }));
    setBusy(false);
    if (r.ok) dispatch(noticeShown(r.value.printed ? 'success' : 'error', r.value.printed ? stk.printed : (r.value.message ?? stk.printed)));
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    if (!query) return;
    setBusy(true);
    const r = await dispatch(call('stock.exportStatement', { query, format }));
    setBusy(false);
    if (!r.ok) return;
    saveFile(r.value);
    dispatch(noticeShown('success', stk.exported(r.value.fileName)));
  };
  const turnover = kind === 'turnover';

  return (
    <section className="card stock-statements" data-testid="stock-statements">
      <div className="stock-statement-bar">
        <div className="segmented" role="radiogroup">
          {(['balances', 'turnover'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={kind === k}
              className={`segment ${kind === k ? 'segment-on' : ''}`}
              onClick={() => (setKind(k), setOffset(0))}
              data-testid={`statement-${k}`}
            >
              {stk.statement[k]}
            </button>
          ))}
        </div>
        <div className="segmented" role="radiogroup">
          {(['item', 'category'] as const).map((g) => (
            <button
              key={g}
              type="button"
              role="radio"
              aria-checked={groupBy === g}
              className={`segment ${groupBy === g ? 'segment-on' : ''}`}
              onClick={() => (setGroupBy(g), setOffset(0))}
              data-testid={`statement-by-${g}`}
            >
              {stk.groupBy[g]}
            </button>
          ))}
        </div>
        {turnover ? (
          <>
            <label className="field-inline">
              {stk.from} <DateField value={from} onChange={(v) => (setFrom(v), setOffset(0))} testId="statement-from" />
            </label>
            <label className="field-inline">
              {stk.to} <DateField value={to} onChange={(v) => (setTo(v), setOffset(0))} testId="statement-to" />
            </label>
          </>
        ) : (
          <label className="field-inline">
            {stk.onDate} <DateField value={date} onChange={(v) => (setDate(v), setOffset(0))} testId="statement-date" />
          </label>
        )}
        <Button onClick={() => void print()} disabled={busy || !query} data-testid="statement-print">
          {stk.print}
        </Button>
        <Button onClick={() => void exportAs('csv')} disabled={busy || !query} data-testid="statement-csv">
          {stk.csv}
        </Button>
        <Button onClick={() => void exportAs('xlsx')} disabled={busy || !query} data-testid="statement-xlsx">
          {stk.xlsx}
        </Button>
      </div>
      <Loaded read={read} testId="statement">
        {(s) => (
          <>
            <h2 data-testid="statement-title">{s.title}</h2>
            <p className="muted" data-testid="statement-total">
              {stk.total(s.total, formatMoney(s.amount))}
            </p>
            {s.total === 0 ? (
              <p className="muted">{stk.empty}</p>
            ) : (
              <div className="table-scroll">
                <table className="table table-compact" data-testid="statement-table">
                  <thead>
                    <tr>
                      {groupBy === 'item' && <th>{stk.col.code}</th>}
                      <th>{groupBy === 'item' ? stk.col.name : stk.col.category}</th>
                      {groupBy === 'item' && <th>{stk.col.category}</th>}
                      {turnover && <th className="num">{stk.col.opening}</th>}
                      {turnover && <th className="num">{stk.col.in}</th>}
                      {turnover && <th className="num">{stk.col.out}</th>}
                      <th className="num">{stk.col.closing}</th>
                      <th className="num">{stk.col.value}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.rows.map((r, i) => (
                      <tr key={`${r.code}-${r.name}-${i}`} data-testid="statement-row" data-code={r.code} className={r.closing < 0 ? 'row-negative' : undefined}>
                        {groupBy === 'item' && <td>{r.code}</td>}
                        <td>{r.name}</td>
                        {groupBy === 'item' && <td>{r.category}</td>}
                        {turnover && <td className="num">{formatQuantity(r.opening)}</td>}
                        {turnover && <td className="num">+{formatQuantity(r.in)}</td>}
                        {turnover && <td className="num">−{formatQuantity(r.out)}</td>}
                        <td className="num" data-testid="statement-closing">
                          {formatQuantity(r.closing)}
                          {r.unit ? ` ${r.unit}` : ''}
                        </td>
                        <td className="num">{formatMoney(r.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {s.total > PAGE && (
              <div className="stock-pages">
                <Button onClick={() => setOffset(Math.max(0, offset - PAGE))} disabled={offset === 0}>
                  {stk.prev}
                </Button>
                <span className="muted">{stk.pageOf(offset + 1, Math.min(offset + PAGE, s.total), s.total)}</span>
                <Button onClick={() => setOffset(offset + PAGE)} disabled={offset + PAGE >= s.total}>
                  {stk.next}
                </Button>
              </div>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
