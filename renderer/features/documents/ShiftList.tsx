import { useState, type FormEvent, type ReactNode } from 'react';
import type { FiscalDocument, MethodInput, ShiftSummary } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { DateField } from '../../components/DateField.js';
import { Loaded } from '../../components/Loaded.js';
import { formatMoney } from '../../../common/money.js';
import { formatDateTime } from '../../app/dates.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { FilterButtons } from './FilterButtons.js';
import { CopyDialog } from './CopyDialog.js';
import { PageRows } from './PageRows.js';

const PAGE = 50;

type Filters = { number: string; from: string; to: string };
const NO_FILTERS: Filters = { number: '', from: '', to: '' };

function toInput(f: Filters, offset: number): MethodInput<'shifts.list'> {
  const n = /^\d+$/.test(f.number) && Number(f.number) > 0 ? Number(f.number) : undefined;
  return { limit: PAGE, offset, ...(n ? { number: n } : {}), ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
}

/** One more page of shifts. */
function ShiftsPage({ input, row }: { readonly input: MethodInput<'shifts.list'>; readonly row: (s: ShiftSummary) => ReactNode }) {
  return <PageRows read={useRead('shifts.list', input)} row={row} columns={8} />;
}

/** The shifts, newest first, by number and opening dates, a page at a time: open one's documents, or a copy of its Z-report. */
export function ShiftList({ onDocuments }: { readonly onDocuments: (shiftNumber: number) => void }) {
  const dispatch = useAppDispatch();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFiltersOnly] = useState<Filters>(NO_FILTERS);
  // Pages shown («Показать ещё»); every page stays current as shifts open and close.
  const [pages, setPages] = useState(1);
  const first = useRead('shifts.list', toInput(filters, 0));
  const [copy, setCopy] = useState<FiscalDocument | null>(null);
  // The date fields keep their own text: a reset starts them afresh.
  const [resets, setResets] = useState(0);

  const setFilters = (f: Filters) => {
    setFiltersOnly(f);
    setPages(1);
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };

  const zCopy = async (number: number) => {
    const r = await dispatch(call('documents.copy', { zReportOfShift: number }));
    if (r.ok) setCopy(r.value);
  };

  const row = (s: ShiftSummary) => (
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
  );

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
      <Loaded read={first} testId="shift-list">
        {(page) => (
          <>
            <div className="table-scroll shift-table doc-table">
              <table className="table table-compact" data-testid="shift-table" aria-busy={first.isFetching}>
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
                  {page.total === 0 && (
                    <tr>
                      <td colSpan={8} className="muted">
                        {ru.documents.emptyShifts}
                      </td>
                    </tr>
                  )}
                  {page.items.map(row)}
                  {Array.from({ length: pages - 1 }, (_, i) => (
                    <ShiftsPage key={i} input={toInput(filters, (i + 1) * PAGE)} row={row} />
                  ))}
                </tbody>
              </table>
            </div>
            {page.total > 0 && (
              <div className="doc-more">
                <span className="muted small" data-testid="shift-count">
                  {ru.documents.shown(Math.min(page.total, pages * PAGE), page.total)}
                </span>
                {pages * PAGE < page.total && (
                  <Button onClick={() => setPages((n) => n + 1)} data-testid="shift-more">
                    {ru.documents.more}
                  </Button>
                )}
              </div>
            )}
          </>
        )}
      </Loaded>
      {copy && <CopyDialog title={ru.documents.zCopy} receipt={copy.receipt} onClose={() => setCopy(null)} />}
    </div>
  );
}
