import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DocumentKind, DocumentSummary, MethodInput } from '../../../preload/contract.js';
import { DocumentKind as Kinds } from '../../../preload/contract.js';
import { Button } from '../../components/Button.js';
import { DateField } from '../../components/DateField.js';
import { formatDateTime, formatMoney, parseMoney } from '../../app/money.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { FilterButtons } from './FilterButtons.js';

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
  /** Bumped after an annulment, so the list shows the new state. */
  readonly version: number;
};

/** Checks and other documents, newest first, with filters by kind, shift, number and dates. */
export function DocumentList({ shiftNumber, selectedId, onSelect, version }: Props) {
  const dispatch = useAppDispatch();
  const [draft, setDraft] = useState<Filters>({ ...NO_FILTERS, shift: shiftNumber ? String(shiftNumber) : '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [items, setItems] = useState<readonly DocumentSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  // The filters the rows on screen answer: until they are the applied ones, the list is busy.
  const [answered, setAnswered] = useState<Filters | null>(null);
  // The date fields keep their own text: a reset starts them afresh.
  const [resets, setResets] = useState(0);

  const load = useCallback(
    async (offset: number) => {
      const r = await dispatch(call('documents.list', toInput(filters, offset)));
      if (!r.ok) return;
      setItems((old) => (offset === 0 ? r.value.items : [...old, ...r.value.items]));
      setTotal(r.value.total);
      setAnswered(filters);
    },
    [dispatch, filters],
  );
  useEffect(() => {
    void load(0);
  }, [load, version]);

  const badAmount = (k: 'minTotal' | 'maxTotal') => amountOf(draft[k]) === null;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (badAmount('minTotal') || badAmount('maxTotal')) return; // the field is red and says why
    setFilters(draft);
  };
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
      <div className="table-scroll doc-table">
        <table className="table table-compact" data-testid="doc-table" aria-busy={answered !== filters}>
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
            {total === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  {ru.documents.empty}
                </td>
              </tr>
            )}
            {items.map((d) => (
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
            ))}
          </tbody>
        </table>
      </div>
      {total !== null && total > 0 && (
        <div className="doc-more">
          <span className="muted small" data-testid="doc-count">
            {ru.documents.shown(items.length, total)}
          </span>
          {items.length < total && (
            <Button onClick={() => void load(items.length)} data-testid="doc-more">
              {ru.documents.more}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
