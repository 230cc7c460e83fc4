import { useState, type ReactNode } from 'react';
import type { PaymentForm, ReportFilter } from '../../../preload/contract/index.js';
import { PAYMENT_FORM_NAMES } from '../../../common/display-names.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import {
  cashiersTables,
  formatCell,
  goodsTables,
  hoursTables,
  paymentsTables,
  REPORT_TITLES,
  sectionsTables,
  shiftTables,
  type ReportKind,
  type ReportTable,
} from '../../../common/report-tables.js';
import { Tabs } from '../../components/Tabs.js';
import { DateField } from '../../components/DateField.js';
import { Loaded } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { saveFile } from '../../app/save-file.js';
import { call, useAppDispatch } from '../../app/store.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { Chart } from './Chart.js';
import { presetPeriod, type Period, type Preset } from './period.js';
import { rt } from './text.js';

type Tab = keyof typeof rt.tabs;
const TABS = Object.keys(rt.tabs) as Tab[];
const PRESETS = Object.keys(rt.presets) as Preset[];
const FORMS = Object.keys(PAYMENT_FORM_NAMES) as PaymentForm[];

/** Which filters a report takes (section and category keep lines: the goods report only). */
const FILTERS: Record<Tab, readonly (keyof ReportFilter)[]> = {
  goods: ['cashierId', 'section', 'categoryId', 'paymentForm'],
  payments: ['cashierId', 'paymentForm'],
  cashiers: ['cashierId', 'paymentForm'],
  hours: ['cashierId', 'paymentForm'],
  sections: ['cashierId', 'paymentForm'],
  shift: [],
};

const dayLabel = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}`;

/** «Отчёты» (admin): any period, filters, tables and charts; the open shift without an X-report. */
export function ReportsScreen() {
  const [tab, setTab] = useState<Tab>('goods');
  const [preset, setPreset] = useState<Preset | null>('month');
  const [period, setPeriod] = useState<Period>(() => presetPeriod('month', new Date()));
  const [filter, setFilter] = useState<ReportFilter>({});
  useEscapeToMenu({ fromFields: false });

  const valid = period.from !== '' && period.to !== '';
  const allowed = FILTERS[tab];
  const applied = Object.fromEntries(Object.entries(filter).filter(([k, v]) => v !== undefined && allowed.includes(k as keyof ReportFilter))) as ReportFilter;
  const query = { period, filter: applied };

  return (
    <div className="screen reports-screen" data-testid="screen-reports">
      <section className="card reports-main">
        <ScreenHead title={rt.title} testId="reports">
          <Tabs tabs={TABS} value={tab} onChange={setTab} label={(t) => rt.tabs[t]} testId={(t) => `reports-tab-${t}`} />
        </ScreenHead>
        {tab !== 'shift' && (
          <div className="reports-controls">
            <div className="segmented" role="group">
              {PRESETS.map((p) => (
                <button
                  key={p}
                  type="button"
                  className={`segment ${preset === p ? 'segment-on' : ''}`}
                  onClick={() => {
                    setPreset(p);
                    setPeriod(presetPeriod(p, new Date()));
                  }}
                  data-testid={`reports-preset-${p}`}
                >
                  {rt.presets[p]}
                </button>
              ))}
            </div>
            <label className="reports-dates">
              {rt.from}
              <DateField
                key={`from-${preset ?? ''}-${period.from === '' ? 'x' : 'v'}`}
                value={period.from}
                onChange={(from) => {
                  setPreset(null);
                  setPeriod((p) => ({ ...p, from }));
                }}
                testId="reports-from"
              />
              {rt.to}
              <DateField
                key={`to-${preset ?? ''}-${period.to === '' ? 'x' : 'v'}`}
                value={period.to}
                onChange={(to) => {
                  setPreset(null);
                  setPeriod((p) => ({ ...p, to }));
                }}
                testId="reports-to"
              />
            </label>
            <Filters filter={filter} allowed={allowed} onChange={setFilter} />
          </div>
        )}
        <div className="reports-body">
          {tab === 'shift' ? (
            <CurrentShift />
          ) : !valid ? (
            <p className="muted">{rt.badPeriod}</p>
          ) : tab === 'goods' ? (
            <GoodsView query={query} />
          ) : tab === 'payments' ? (
            <PaymentsView query={query} />
          ) : tab === 'cashiers' ? (
            <CashiersView query={query} />
          ) : tab === 'hours' ? (
            <HoursView query={query} />
          ) : (
            <SectionsView query={query} />
          )}
        </div>
      </section>
    </div>
  );
}

type Choice = { value: string | number; label: string };

/** One filter: «all» or one of its choices; the same shape for cashier, section, category and payment form. */
function FilterSelect<V extends string | number>({
  value,
  all,
  choices,
  onChange,
  testId,
}: {
  value: V | undefined;
  all: string;
  choices: readonly Choice[];
  onChange: (v: V | undefined) => void;
  testId: string;
}) {
  const byText = new Map(choices.map((c) => [String(c.value), c.value as V]));
  return (
    <select className="input" value={value ?? ''} onChange={(e) => onChange(byText.get(e.target.value))} data-testid={testId}>
      <option value="">{all}</option>
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

function Filters({ filter, allowed, onChange }: { filter: ReportFilter; allowed: readonly (keyof ReportFilter)[]; onChange: (f: ReportFilter) => void }) {
  const c = useRead('reports.choices', {}).data;
  const set =
    <K extends keyof ReportFilter>(key: K) =>
    (v: ReportFilter[K]) =>
      onChange({ ...filter, [key]: v });
  return (
    <div className="reports-filters">
      {allowed.includes('cashierId') && (
        <FilterSelect
          value={filter.cashierId}
          all={rt.allCashiers}
          choices={c?.cashiers.map((u) => ({ value: u.id, label: u.name })) ?? []}
          onChange={set('cashierId')}
          testId="reports-cashier"
        />
      )}
      {allowed.includes('section') && (
        <FilterSelect
          value={filter.section}
          all={rt.allSections}
          choices={c?.sections.map((s) => ({ value: s.code, label: `${s.code} ${s.name}` })) ?? []}
          onChange={set('section')}
          testId="reports-section"
        />
      )}
      {allowed.includes('categoryId') && (
        <FilterSelect
          value={filter.categoryId}
          all={rt.allCategories}
          choices={c?.categories.map((x) => ({ value: x.id, label: x.name })) ?? []}
          onChange={set('categoryId')}
          testId="reports-category"
        />
      )}
      {allowed.includes('paymentForm') && (
        <FilterSelect
          value={filter.paymentForm}
          all={rt.allForms}
          choices={FORMS.map((f) => ({ value: f, label: PAYMENT_FORM_NAMES[f] }))}
          onChange={set('paymentForm')}
          testId="reports-form"
        />
      )}
    </div>
  );
}

type Query = { period: Period; filter: ReportFilter };

/**
 * On screen only, a narrow column shown inside another so a table fits its half of the screen at
 * 1366×768 (the printer and the files keep every column): `line` under the host's text, `suffix`
 * after it (a quantity's unit).
 */
type Fold = { readonly col: number; readonly into: number; readonly as: 'line' | 'suffix' };
const SCREEN_FOLDS: Readonly<Record<string, readonly Fold[]>> = {
  goods: [
    { col: 1, into: 0, as: 'line' },
    { col: 2, into: 0, as: 'line' },
    { col: 4, into: 3, as: 'suffix' },
  ],
  categories: [{ col: 1, into: 0, as: 'line' }],
};

/**
 * A report's table from its column list (common/report-tables.ts, the model the printer and the
 * files use too): headings, rows, the total; a click on a heading sorts by that column. Every value
 * is in a `data-col` span, folded or not (the e2e test reads the screen back by column).
 */
function ColumnTable({ table, sortable = false }: { table: ReportTable; sortable?: boolean }) {
  const [sort, setSort] = useState<number | null>(null);
  const rows =
    sort === null
      ? table.rows
      : [...table.rows].sort((a, b) => {
          const x = a[sort]!;
          const y = b[sort]!;
          return typeof x === 'number' && typeof y === 'number' ? y - x : String(x).localeCompare(String(y), 'ru');
        });
  const num = (i: number) => (table.columns[i]!.kind === 'text' ? '' : 'num');
  const folds = SCREEN_FOLDS[table.id] ?? [];
  const shown = table.columns.map((_, i) => i).filter((i) => !folds.some((f) => f.col === i));
  /** A cell with what is folded into it: each value in a span by column, the lines under it muted; `host` draws the cell's own value. */
  const cell = (i: number, text: (col: number) => string, host: ReactNode = text(i)) => {
    const mine = folds.filter((f) => f.into === i);
    const lines = mine.filter((f) => f.as === 'line');
    return (
      <>
        <span data-col={i}>{host}</span>
        {mine
          .filter((f) => f.as === 'suffix')
          .map((f) => (
            <span key={f.col}>
              {' '}
              <span data-col={f.col}>{text(f.col)}</span>
            </span>
          ))}
        {lines.length > 0 && (
          <span className="report-fold muted small">
            {lines.map((f, k) => (
              <span key={f.col}>
                {k > 0 && text(lines[k - 1]!.col) !== '' && text(f.col) !== '' && ' · '}
                <span data-col={f.col}>{text(f.col)}</span>
              </span>
            ))}
          </span>
        )}
      </>
    );
  };
  return (
    <table className="table table-compact" data-testid={`${table.id}-table`}>
      <caption className="print-only">{table.title}</caption>
      <thead>
        <tr>
          {shown.map((i) => (
            <th key={i} className={num(i)}>
              {cell(
                i,
                (col) => table.columns[col]!.title,
                sortable ? (
                  <button type="button" className={`sort ${sort === i ? 'sort-on' : ''}`} onClick={() => setSort(i)} data-testid={`${table.id}-sort-${i}`}>
                    {table.columns[i]!.title}
                  </button>
                ) : undefined,
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, k) => (
          <tr key={k} data-testid={`${table.id}-row`}>
            {shown.map((i) => (
              <td key={i} className={num(i)}>
                {cell(i, (col) => formatCell(table.columns[col]!.kind, r[col]!))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {table.total && (
        <tfoot>
          <tr data-testid={`${table.id}-total`}>
            {shown.map((i) => (
              <th key={i} className={num(i)}>
                {cell(i, (col) => formatCell(table.columns[col]!.kind, table.total![col]!))}
              </th>
            ))}
          </tr>
        </tfoot>
      )}
    </table>
  );
}

/**
 * The report out of the screen: the receipt printer, CSV, XLSX; a PDF where the host makes one
 * (the Electron app's printToPDF), else «Печать» — the browser's own, with the print styles.
 */
function ReportActions({ report, query }: { report: ReportKind; query?: Query }) {
  const dispatch = useAppDispatch();
  const canPdf = useRead('reports.canPdf', {}).data === true;
  const [busy, setBusy] = useState(false);
  const out = report === 'shift' ? { report } : { report, query };
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    try {
      await what();
    } finally {
      setBusy(false);
    }
  };
  const print = () =>
    run(async () => {
      const r = await dispatch(call('reports.print', out));
      if (r.ok) dispatch(noticeShown(r.value.printed ? 'success' : 'error', r.value.printed ? rt.printed : (r.value.message ?? rt.printed)));
    });
  const file = (format: 'csv' | 'xlsx') =>
    run(async () => {
      const r = await dispatch(call('reports.export', { out, format }));
      if (r.ok) saveFile(r.value);
    });
  const pdf = () =>
    run(async () => {
      const r = await dispatch(call('reports.pdf', { name: report }));
      if (r.ok) saveFile(r.value);
    });
  return (
    <div className="reports-actions no-print">
      <button type="button" className="btn btn-secondary btn-normal" disabled={busy} onClick={() => void print()} data-testid={`reports-receipt-${report}`}>
        {rt.toPrinter}
      </button>
      <button type="button" className="btn btn-secondary btn-normal" disabled={busy} onClick={() => void file('csv')} data-testid={`reports-csv-${report}`}>
        CSV
      </button>
      <button type="button" className="btn btn-secondary btn-normal" disabled={busy} onClick={() => void file('xlsx')} data-testid={`reports-xlsx-${report}`}>
        XLSX
      </button>
      {canPdf ? (
        <button type="button" className="btn btn-secondary btn-normal" disabled={busy} onClick={() => void pdf()} data-testid={`reports-pdf-${report}`}>
          PDF
        </button>
      ) : (
        <button type="button" className="btn btn-secondary btn-normal" onClick={() => window.print()} data-testid={`reports-browser-print-${report}`}>
          {rt.browserPrint}
        </button>
      )}
    </div>
  );
}

/** The table side of a report: its actions, then each of its tables. */
function Tables({ report, query, tables, sortable }: { report: ReportKind; query?: Query; tables: readonly ReportTable[]; sortable?: boolean }) {
  return (
    <div className="reports-table table-scroll">
      <h2 className="print-only">{REPORT_TITLES[report]}</h2>
      {query && <p className="print-only">{`${query.period.from} — ${query.period.to}`}</p>}
      <ReportActions report={report} query={query} />
      {tables.map((t) => (
        <ColumnTable key={t.id} table={t} sortable={sortable} />
      ))}
    </div>
  );
}

function GoodsView({ query }: { query: Query }) {
  const read = useRead('reports.goods', query);
  const [show, setShow] = useState<'all' | 'top' | 'bottom'>('all');
  return (
    <Loaded read={read} testId="reports-goods">
      {(r) => {
        const rows = show === 'top' ? r.items.slice(0, 10) : show === 'bottom' ? r.items.slice(-10).reverse() : r.items;
        const top = r.items.slice(0, 10);
        const [goods, categories] = goodsTables(r, rows);
        return r.items.length === 0 ? (
          <p className="muted">{rt.empty}</p>
        ) : (
          <div className="reports-split">
            <div className="reports-table">
              <div className="segmented no-print" role="group">
                {(['all', 'top', 'bottom'] as const).map((s) => (
                  <button key={s} type="button" className={`segment ${show === s ? 'segment-on' : ''}`} onClick={() => setShow(s)} data-testid={`goods-show-${s}`}>
                    {s === 'all' ? rt.all : s === 'top' ? `${rt.top} 10` : `${rt.bottom} 10`}
                  </button>
                ))}
              </div>
              <Tables report="goods" query={query} tables={[goods!]} sortable />
            </div>
            <div className="reports-side">
              <Chart title={rt.charts.topGoods} labels={top.map((_, i) => `№${i + 1}`)} values={top.map((g) => g.net)} testId="chart-top-goods" height={190} />
              <ColumnTable table={categories!} />
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}

function PaymentsView({ query }: { query: Query }) {
  const read = useRead('reports.payments', query);
  return (
    <Loaded read={read} testId="reports-payments">
      {(r) => {
        const total = r.byForm.reduce((s, f) => s + Math.max(0, f.amount), 0);
        return (
          <div className="reports-split">
            <Tables report="payments" query={query} tables={paymentsTables(r)} />
            <div className="reports-side">
              <Chart
                title={rt.charts.byDay}
                labels={r.byDay.map((d) => dayLabel(d.day))}
                values={r.byDay.map((d) => d.amount)}
                kind="line"
                testId="chart-by-day"
                height={170}
              />
              <Chart
                title={rt.charts.forms}
                labels={r.byForm.map((f) => PAYMENT_FORM_NAMES[f.form].split(' ')[0]!)}
                values={r.byForm.map((f) => (total ? Math.round((Math.max(0, f.amount) * 1000) / total) / 10 : 0))}
                money={false}
                testId="chart-forms"
                height={170}
              />
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}

function CashiersView({ query }: { query: Query }) {
  const read = useRead('reports.cashiers', query);
  return (
    <Loaded read={read} testId="reports-cashiers">
      {(r) => (
        <div className="reports-split">
          <Tables report="cashiers" query={query} tables={cashiersTables(r)} sortable />
          <div className="reports-side">
            <Chart title={rt.charts.cashiers} labels={r.rows.map((c) => c.name)} values={r.rows.map((c) => c.net)} testId="chart-cashiers" />
          </div>
        </div>
      )}
    </Loaded>
  );
}

function HoursView({ query }: { query: Query }) {
  const read = useRead('reports.hours', query);
  return (
    <Loaded read={read} testId="reports-hours">
      {(r) => (
        <div className="reports-split">
          <Tables report="hours" query={query} tables={hoursTables(r)} />
          <div className="reports-side">
            <Chart title={rt.charts.byHour} labels={r.byHour.map((h) => String(h.hour))} values={r.byHour.map((h) => h.net)} testId="chart-by-hour" height={170} />
            <Chart title={rt.charts.byWeekday} labels={rt.weekdays} values={r.byWeekday.map((d) => d.net)} testId="chart-by-weekday" height={170} />
          </div>
        </div>
      )}
    </Loaded>
  );
}

function SectionsView({ query }: { query: Query }) {
  const read = useRead('reports.sections', query);
  return (
    <Loaded read={read} testId="reports-sections">
      {(r) => (
        <div className="reports-split">
          <Tables report="sections" query={query} tables={sectionsTables(r)} />
          <div className="reports-side">
            <Chart title={rt.charts.sections} labels={r.bySection.map((s) => s.name)} values={r.bySection.map((s) => s.amount)} testId="chart-sections" />
          </div>
        </div>
      )}
    </Loaded>
  );
}

function CurrentShift() {
  const read = useRead('reports.currentShift', {});
  return (
    <Loaded read={read} testId="reports-shift">
      {(rows) =>
        rows ? (
          <div className="reports-split">
            <Tables report="shift" tables={shiftTables(rows)} />
            <div className="reports-side">
              <Chart
                title={rt.charts.forms.replace(', %', ', руб.')}
                labels={rows.byPaymentForm.map((f) => PAYMENT_FORM_NAMES[f.form].split(' ')[0]!)}
                values={rows.byPaymentForm.map((f) => f.amount)}
                testId="chart-shift-forms"
              />
            </div>
          </div>
        ) : (
          <p className="muted" data-testid="shift-none">
            {rt.noShift}
          </p>
        )
      }
    </Loaded>
  );
}
