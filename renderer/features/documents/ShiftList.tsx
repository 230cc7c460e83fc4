import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { FiscalDocument, MethodInput, ShiftSummary } from '../../../preload/contract.js';
import { Button } from '../../components/Button.js';
import { DateField } from '../../components/DateField.js';
import { formatDateTime, formatMoney } from '../../app/money.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { FilterButtons } from './FilterButtons.js';
import { CopyDialog } from './CopyDialog.js';

const PAGE = 50;

type Filters = { number: string; from: string; to: string };
const NO_FILTERS: Filters = { number: '', from: '', to: '' };

function toInput(f: Filters, offset: number): MethodInput<'shifts.list'> {
  const n = /^\d+$/.test(f.number) && Number(f.number) > 0 ? Number(f.number) : undefined;
  return { limit: PAGE, offset, ...(n ? { number: n } : {}), ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
}

/** The shifts, newest first, by number and opening dates, a page at a time: open one's documents, or a copy of its Z-report. */
export function ShiftList({ onDocuments }: { readonly onDocuments: (shiftNumber: number) => void }) {
  const dispatch = useAppDispatch();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [items, setItems] = useState<readonly ShiftSummary[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  // The filters the rows on screen answer: until they are the applied ones, the list is busy.
  const [answered, setAnswered] = useState<Filters | null>(null);
  const [copy, setCopy] = useState<FiscalDocument | null>(null);
  // The date fields keep their own text: a reset starts them afresh.
  const [resets, setResets] = useState(0);

  const load = useCallback(
    async (offset: number) => {
      const r = await dispatch(call('shifts.list', toInput(filters, offset)));
      if (!r.ok) return;
      setItems((old) => (offset === 0 || !old ? r.value.items : [...old, ...r.value.items]));
      setTotal(r.value.total);
      setAnswered(filters);
    },
    [dispatch, filters],
  );
  useEffect(() => {
    void load(0);
  }, [load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };

  const zCopy = async (number: number) => {
    const r = await dispatch(call('documents.copy', { zReportOfShift: number }));
    if (r.ok) setCopy(r.value);
  };

  return (
    <div className="doc-list">
      <form className="doc-filters shift-filters" onSubmit={apply} data-testid="shift-filters">
        <label className="field">
          <span className="field-label">{ru.documents.shiftNumber}</span>
          <input
            className="input"
            inputMode="numeric"
            value={draft.number}
            onChange={(e) => setDraft((d) => ({ ...d, number: e.target.value.replace(/\D/g, '') }))}
            maxLength={6}
            data-testid="shift-filter-number"
          />
        </label>
        <label className="field">
          <span className="field-label">{ru.documents.openedFrom}</span>
          <DateField key={`from-${resets}`} value={draft.from} onChange={(v) => setDraft((d) => ({ ...d, from: v }))} testId="shift-filter-from" />
        </label>
        <label className="field">
          <span className="field-label">{ru.documents.openedTo}</span>
          <DateField key={`to-${resets}`} value={draft.to} onChange={(v) => setDraft((d) => ({ ...d, to: v }))} testId="shift-filter-to" />
        </label>
        <FilterButtons
          testPrefix="shift-filter"
          onReset={() => {
            setResets((n) => n + 1);
            setDraft(NO_FILTERS);
            setFilters(NO_FILTERS);
          }}
        />
      </form>
      <div className="table-scroll shift-table doc-table">
        <table className="table table-compact" data-testid="shift-table" aria-busy={answered !== filters}>
          <thead>
            <tr>
              <th className="num">{ru.documents.shiftCol.number}</th>
              <th>{ru.documents.shiftCol.opened}</th>
              <th>{ru.documents.shiftCol.closed}</th>
              <th>{ru.documents.shiftCol.by}</th>
              <th className="num">{ru.documents.shiftCol.docs}</th>
              <th className="num">{ru.documents.shiftCol.sales}</th>
              <th className="num">{ru.documents.shiftCol.returns}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items?.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  {ru.documents.emptyShifts}
                </td>
              </tr>
            )}
            {items?.map((s) => (
              <tr key={s.id} data-testid="shift-row" data-shift-number={s.number}>
                <td className="num">{s.number}</td>
                <td>{formatDateTime(s.openedAt)}</td>
                <td>{s.closedAt ? formatDateTime(s.closedAt) : <span className="tag tag-ok">{ru.documents.open}</span>}</td>
                <td>{s.openedBy}</td>
                <td className="num">{s.documentsCount}</td>
                <td className="num">{formatMoney(s.salesTotal)}</td>
                <td className="num">{formatMoney(s.returnsTotal)}</td>
                <td className="num shift-actions">
                  <Button onClick={() => onDocuments(s.number)} data-testid={`shift-docs-${s.number}`}>
                    {ru.documents.docsOfShift}
                  </Button>
                  <Button disabled={!s.closedAt} onClick={() => void zCopy(s.number)} data-testid={`shift-zcopy-${s.number}`}>
                    {ru.documents.zCopy}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total !== null && total > 0 && items && (
        <div className="doc-more">
          <span className="muted small" data-testid="shift-count">
            {ru.documents.shown(items.length, total)}
          </span>
          {items.length < total && (
            <Button onClick={() => void load(items.length)} data-testid="shift-more">
              {ru.documents.more}
            </Button>
          )}
        </div>
      )}
      {copy && <CopyDialog title={ru.documents.zCopy} receipt={copy.receipt} onClose={() => setCopy(null)} />}
    </div>
  );
}
