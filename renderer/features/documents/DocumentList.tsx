import { useState, type FormEvent, type ReactNode } from 'react';
import type { DocumentKind, DocumentSummary, MethodInput } from '../../../preload/contract/index.js';
import { DocumentKind as Kinds } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { DateField } from '../../components/DateField.js';
import { Loaded } from '../../components/Loaded.js';
import { formatMoney, parseMoney } from '../../../common/money.js';
import { formatDateTime } from '../../app/dates.js';
import { useRead } from '../../app/server.js';
import { ru } from '../../i18n/ru.js';
import { FilterButtons } from './FilterButtons.js';
import { PageRows } from './PageRows.js';

const PAGE = 50;

type Filters = { kind: DocumentKind | ''; shift: string; number: string; from: string; to: string; minTotal: string; maxTotal: string };
const NO_FILTERS: Filters = { kind: '', shift: '', number: '', from: '', to: '', minTotal: '', maxTotal: '' };

/** An amount typed as rubles ("12.50", "12,5"): kopecks; undefined when empty, null when not a sum. */
const amountOf = (text: string): number | null | undefined => (text.trim() === '' ? undefined : parseMoney(text));

function toInput(f: Filters, offset: number): MethodInput<'documents.list'> {
  const n = (s: string) => (/^\d+$/.test(s) && Number(s) > 0 ? Number(s) : undefined);
  return {
    limit: PAGE,
    offset,
    ...(f.kind ? { kind: f.kind } : {}),
    ...(n(f.shift) ? { shiftNumber: n(f.shift) } : {}),
    ...(n(f.number) ? { numberInShift: n(f.number) } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(typeof amountOf(f.minTotal) === 'number' ? { minTotal: amountOf(f.minTotal)! } : {}),
    ...(typeof amountOf(f.maxTotal) === 'number' ? { maxTotal: amountOf(f.maxTotal)! } : {}),
  };
}

type Props = {
  readonly shiftNumber: number | null;
  readonly selectedId: number | null;
  readonly onSelect: (id: number) => void;
};

/** One more page of documents. */
function DocumentsPage({ input, row }: { readonly input: MethodInput<'documents.list'>; readonly row: (d: DocumentSummary) => ReactNode }) {
  return <PageRows read={useRead('documents.list', input)} row={row} columns={6} />;
}

/** Checks and other documents, newest first, with filters by kind, shift, number and dates. */
export function DocumentList({ shiftNumber, selectedId, onSelect }: Props) {
  const [draft, setDraft] = useState<Filters>({ ...NO_FILTERS, shift: shiftNumber ? String(shiftNumber) : '' });
  const [filters, setFiltersOnly] = useState<Filters>(draft);
  // Pages shown («Показать ещё»); every page stays current as documents come and change.
  const [pages, setPages] = useState(1);
  const first = useRead('documents.list', toInput(filters, 0));
  // The date fields keep their own text: a reset starts them afresh.
  const [resets, setResets] = useState(0);

  const setFilters = (f: Filters) => {
    setFiltersOnly(f);
    setPages(1);
  };
  const badAmount = (k: 'minTotal' | 'maxTotal') => amountOf(draft[k]) === null;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (badAmount('minTotal') || badAmount('maxTotal')) return; // the field is red and says why
    setFilters(draft);
  };
  const row = (d: DocumentSummary) => (
    <tr
      key={d.id}
      className={`row-click ${d.id === selectedId ? 'row-selected' : ''} ${d.annulled ? 'row-muted' : ''}`}
      onClick={() => onSelect(d.id)}
      data-testid="doc-row"
      data-document-id={d.id}
      data-kind={d.kind}
    >
      <td className="num">{d.numberInShift}</td>
      <td className="num">{d.shiftNumber}</td>
      <td>{ru.documentKinds[d.kind]}</td>
      <td>{formatDateTime(d.createdAt)}</td>
      <td className="num">
        {formatMoney(d.total)}
        {d.currency !== 'BYN' && <span className="muted small"> {d.currency}</span>}
      </td>
      <td>
        {d.annulled && <span className="tag tag-danger">{ru.documents.annulledTag}</span>}
        <span className={d.fiscalized ? 'muted small' : 'tag'}>{d.fiscalized ? ru.documents.fiscalized : ru.documents.queued}</span>
      </td>
    </tr>
  );
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <div className="doc-list">
      <form className="doc-filters doc-filters-amount" onSubmit={apply} data-testid="doc-filters">
        <label className="field">
          <span className="field-label">{ru.documents.kind}</span>
          <select className="input" value={draft.kind} onChange={set('kind')} data-testid="doc-filter-kind">
            <option value="">{ru.documents.allKinds}</option>
            {Kinds.options.map((k) => (
              <option key={k} value={k}>
                {ru.documentKinds[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-short">
          <span className="field-label">{ru.documents.shift}</span>
          <input className="input" inputMode="numeric" value={draft.shift} onChange={set('shift')} maxLength={6} data-testid="doc-filter-shift" />
        </label>
        <label className="field field-short">
          <span className="field-label">{ru.documents.number}</span>
          <input className="input" inputMode="numeric" value={draft.number} onChange={set('number')} maxLength={6} data-testid="doc-filter-number" />
        </label>
        <label className="field">
          <span className="field-label">{ru.documents.from}</span>
          <DateField key={`from-${resets}`} value={draft.from} onChange={(v) => setDraft((d) => ({ ...d, from: v }))} testId="doc-filter-from" />
        </label>
        <label className="field">
          <span className="field-label">{ru.documents.to}</span>
          <DateField key={`to-${resets}`} value={draft.to} onChange={(v) => setDraft((d) => ({ ...d, to: v }))} testId="doc-filter-to" />
        </label>
        {(['minTotal', 'maxTotal'] as const).map((k) => (
          <label key={k} className="field" title={badAmount(k) ? ru.documents.badAmount : undefined}>
            <span className="field-label">{k === 'minTotal' ? ru.documents.amountFrom : ru.documents.amountTo}</span>
            <input
              className={`input ${badAmount(k) ? 'input-bad' : ''}`}
              inputMode="decimal"
              placeholder="0.00"
              value={draft[k]}
              onChange={set(k)}
              maxLength={12}
              aria-invalid={badAmount(k) || undefined}
              data-testid={`doc-filter-${k === 'minTotal' ? 'min' : 'max'}`}
            />
          </label>
        ))}
        <FilterButtons
          testPrefix="doc-filter"
          note={
            (badAmount('minTotal') || badAmount('maxTotal')) && (
              <span className="field-error small" data-testid="doc-filter-problem">
                {ru.documents.badAmount}
              </span>
            )
          }
          onReset={() => {
            setResets((n) => n + 1);
            setDraft(NO_FILTERS);
            setFilters(NO_FILTERS);
          }}
        />
      </form>
      <Loaded read={first} testId="doc-list">
        {(page) => (
          <>
            <div className="table-scroll doc-table">
              <table className="table table-compact" data-testid="doc-table" aria-busy={first.isFetching}>
                <thead>
                  <tr>
                    <th className="num">{ru.documents.col.number}</th>
                    <th className="num">{ru.documents.col.shift}</th>
                    <th>{ru.documents.col.kind}</th>
                    <th>{ru.documents.col.at}</th>
                    <th className="num">{ru.documents.col.total}</th>
                    <th>{ru.documents.col.state}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.total === 0 && (
                    <tr>
                      <td colSpan={6} className="muted">
                        {ru.documents.empty}
                      </td>
                    </tr>
                  )}
                  {page.items.map(row)}
                  {Array.from({ length: pages - 1 }, (_, i) => (
                    <DocumentsPage key={i} input={toInput(filters, (i + 1) * PAGE)} row={row} />
                  ))}
                </tbody>
              </table>
            </div>
            {page.total > 0 && (
              <div className="doc-more">
                <span className="muted small" data-testid="doc-count">
                  {ru.documents.shown(Math.min(page.total, pages * PAGE), page.total)}
                </span>
                {pages * PAGE < page.total && (
                  <Button onClick={() => setPages((n) => n + 1)} data-testid="doc-more">
                    {ru.documents.more}
                  </Button>
                )}
              </div>
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}
