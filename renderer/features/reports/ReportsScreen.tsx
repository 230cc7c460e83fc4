import { useMemo, useState } from 'react';
import type { GoodsSalesRow, PaymentForm, ReportFilter } from '../../../preload/contract/index.js';
import { PAYMENT_FORM_NAMES } from '../../../common/display-names.js';
import { formatMoney, formatQuantity, formatVatRate } from '../../../common/money.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Tabs } from '../../components/Tabs.js';
import { DateField } from '../../components/DateField.js';
import { Loaded } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { Chart } from './Chart.js';
import { presetPeriod, type Period, type Preset } from './period.js';
import { rt } from './text.js';
import { cashiersCsv, download, goodsCsv, hoursCsv, paymentsCsv, sectionsCsv } from './csv.js';

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

const money = (k: number) => formatMoney(k);
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

function Filters({ filter, allowed, onChange }: { filter: ReportFilter; allowed: readonly (keyof ReportFilter)[]; onChange: (f: ReportFilter) => void }) {
  const choices = useRead('reports.choices', {});
  const c = choices.data;
  const num = (v: string) => (v === '' ? undefined : Number(v));
  return (
    <div className="reports-filters">
      {allowed.includes('cashierId') && (
        <select
          className="input"
          value={filter.cashierId ?? ''}
          onChange={(e) => onChange({ ...filter, cashierId: num(e.target.value) })}
          data-testid="reports-cashier"
        >
          <option value="">{rt.allCashiers}</option>
          {c?.cashiers.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      )}
      {allowed.includes('section') && (
        <select className="input" value={filter.section ?? ''} onChange={(e) => onChange({ ...filter, section: num(e.target.value) })} data-testid="reports-section">
          <option value="">{rt.allSections}</option>
          {c?.sections.map((s) => (
            <option key={s.code} value={s.code}>
              {s.code} {s.name}
            </option>
          ))}
        </select>
      )}
      {allowed.includes('categoryId') && (
        <select
          className="input"
          value={filter.categoryId ?? ''}
          onChange={(e) => onChange({ ...filter, categoryId: num(e.target.value) })}
          data-testid="reports-category"
        >
          <option value="">{rt.allCategories}</option>
          {c?.categories.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      )}
      {allowed.includes('paymentForm') && (
        <select
          className="input"
          value={filter.paymentForm ?? ''}
          onChange={(e) => onChange({ ...filter, paymentForm: e.target.value === '' ? undefined : (e.target.value as PaymentForm) })}
          data-testid="reports-form"
        >
          <option value="">{rt.allForms}</option>
          {FORMS.map((f) => (
            <option key={f} value={f}>
              {PAYMENT_FORM_NAMES[f]}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

type Query = { period: Period; filter: ReportFilter };
type SortKey = 'net' | 'salesAmount' | 'soldQuantity' | 'discount' | 'returnsAmount' | 'name';

function GoodsView({ query }: { query: Query }) {
  const read = useRead('reports.goods', query);
  const [sort, setSort] = useState<SortKey>('net');
  const [show, setShow] = useState<'all' | 'top' | 'bottom'>('all');
  return (
    <Loaded read={read} testId="reports-goods">
      {(r) => {
        const sorted = [...r.items].sort((a, b) => (sort === 'name' ? a.name.localeCompare(b.name, 'ru') : b[sort] - a[sort]));
        const rows = show === 'top' ? sorted.slice(0, 10) : show === 'bottom' ? sorted.slice(-10).reverse() : sorted;
        const top = [...r.items].sort((a, b) => b.net - a.net).slice(0, 10);
        const head = (key: SortKey, label: string, num = true) => (
          <th className={num ? 'num' : ''}>
            <button type="button" className={`sort ${sort === key ? 'sort-on' : ''}`} onClick={() => setSort(key)} data-testid={`goods-sort-${key}`}>
              {label}
            </button>
          </th>
        );
        return r.items.length === 0 ? (
          <p className="muted">{rt.empty}</p>
        ) : (
          <div className="reports-split">
            <div className="reports-table">
              <div className="segmented" role="group">
                {(['all', 'top', 'bottom'] as const).map((s) => (
                  <button key={s} type="button" className={`segment ${show === s ? 'segment-on' : ''}`} onClick={() => setShow(s)} data-testid={`goods-show-${s}`}>
                    {s === 'all' ? rt.all : s === 'top' ? `${rt.top} 10` : `${rt.bottom} 10`}
                  </button>
                ))}
                <CsvButton name="goods" csv={() => goodsCsv(r)} />
              </div>
              <div className="table-scroll">
                <table className="table table-compact" data-testid="goods-table">
                  <thead>
                    <tr>
                      {head('name', rt.columns.item, false)}
                      {head('soldQuantity', rt.columns.quantity)}
                      {head('salesAmount', rt.columns.amount)}
                      {head('discount', rt.columns.discount)}
                      {head('returnsAmount', rt.columns.returns)}
                      {head('net', rt.columns.net)}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((g) => (
                      <GoodsLine key={`${g.itemId ?? g.name}-${g.section}`} g={g} />
                    ))}
                  </tbody>
                  <tfoot>
                    <tr data-testid="goods-totals">
                      <th>{rt.total}</th>
                      <th />
                      <th className="num">{money(r.totals.salesAmount)}</th>
                      <th className="num">{money(r.totals.discount)}</th>
                      <th className="num">{money(r.totals.returnsAmount)}</th>
                      <th className="num">{money(r.totals.net)}</th>
                    </tr>
                  </tfoot>
                </table>
              </div>
            </div>
            <div className="reports-side">
              <Chart title={rt.charts.topGoods} labels={top.map((_, i) => `№${i + 1}`)} values={top.map((g) => g.net)} testId="chart-top-goods" height={190} />
              <table className="table table-compact" data-testid="goods-categories">
                <thead>
                  <tr>
                    <th>{rt.columns.category}</th>
                    <th className="num">{rt.columns.net}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.categories.map((c) => (
                    <tr key={c.category}>
                      <td>{c.category || '—'}</td>
                      <td className="num">{money(c.net)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}

function GoodsLine({ g }: { g: GoodsSalesRow }) {
  return (
    <tr data-testid="goods-row">
      <td>
        {g.name}
        <div className="muted small">{g.category || '—'}</div>
      </td>
      <td className="num">
        {formatQuantity(g.soldQuantity)} {g.unit}
      </td>
      <td className="num">{money(g.salesAmount)}</td>
      <td className="num">{money(g.discount)}</td>
      <td className="num">{g.returnsAmount ? money(g.returnsAmount) : '—'}</td>
      <td className="num">{money(g.net)}</td>
    </tr>
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
            <div className="reports-table">
              <CsvButton name="payments" csv={() => paymentsCsv(r)} />
              <table className="table table-compact" data-testid="payments-forms">
                <thead>
                  <tr>
                    <th>{rt.columns.form}</th>
                    <th className="num">{rt.columns.sales}</th>
                    <th className="num">{rt.columns.returns}</th>
                    <th className="num">{rt.columns.net}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.byForm.map((f) => (
                    <tr key={f.form}>
                      <td>{PAYMENT_FORM_NAMES[f.form]}</td>
                      <td className="num">{money(f.sales)}</td>
                      <td className="num">{money(f.returns)}</td>
                      <td className="num">{money(f.amount)}</td>
                    </tr>
                  ))}
                  <tr data-testid="payments-total">
                    <th>{rt.total}</th>
                    <th className="num">{money(r.totals.sales)}</th>
                    <th className="num">{money(r.totals.returns)}</th>
                    <th className="num">{money(r.totals.amount)}</th>
                  </tr>
                </tbody>
              </table>
              <div className="table-scroll">
                <table className="table table-compact" data-testid="payments-days">
                  <thead>
                    <tr>
                      <th>{rt.columns.day}</th>
                      {r.byForm.map((f) => (
                        <th key={f.form} className="num">
                          {PAYMENT_FORM_NAMES[f.form]}
                        </th>
                      ))}
                      <th className="num">{rt.columns.net}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.byDay.map((d) => (
                      <tr key={d.day}>
                        <td>{dayLabel(d.day)}</td>
                        {r.byForm.map((f) => (
                          <td key={f.form} className="num">
                            {money(d.forms.find((x) => x.form === f.form)?.amount ?? 0)}
                          </td>
                        ))}
                        <td className="num">{money(d.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
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

function ChecksRow({
  label,
  c,
  testId,
}: {
  label: string;
  c: { salesCount: number; salesTotal: number; returnsCount: number; returnsTotal: number; net: number };
  testId?: string;
}) {
  return (
    <tr data-testid={testId}>
      <td>{label}</td>
      <td className="num">{c.salesCount}</td>
      <td className="num">{money(c.salesTotal)}</td>
      <td className="num">{c.returnsCount}</td>
      <td className="num">{money(c.returnsTotal)}</td>
      <td className="num">{money(c.net)}</td>
    </tr>
  );
}

function ChecksHead({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th>{first}</th>
        <th className="num">{rt.columns.checks}</th>
        <th className="num">{rt.columns.sales}</th>
        <th className="num">{rt.columns.returned}</th>
        <th className="num">{rt.columns.returns}</th>
        <th className="num">{rt.columns.net}</th>
      </tr>
    </thead>
  );
}

function CashiersView({ query }: { query: Query }) {
  const read = useRead('reports.cashiers', query);
  return (
    <Loaded read={read} testId="reports-cashiers">
      {(r) => (
        <div className="reports-split">
          <div className="reports-table table-scroll">
            <CsvButton name="cashiers" csv={() => cashiersCsv(r)} />
            <table className="table table-compact" data-testid="cashiers-table">
              <ChecksHead first={rt.columns.cashier} />
              <tbody>
                {r.rows.map((c) => (
                  <ChecksRow key={c.userId} label={`${c.name} · ${rt.columns.average.toLowerCase()} ${money(c.averageCheck)}`} c={c} testId="cashier-row" />
                ))}
                <ChecksRow label={rt.total} c={r.totals} testId="cashiers-total" />
              </tbody>
            </table>
          </div>
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
      {(r) => {
        const hours = r.byHour.filter((h) => h.salesCount || h.returnsCount);
        return (
          <div className="reports-split">
            <div className="reports-table table-scroll">
              <CsvButton name="hours" csv={() => hoursCsv(r)} />
              <table className="table table-compact" data-testid="hours-table">
                <ChecksHead first={rt.columns.hour} />
                <tbody>
                  {hours.map((h) => (
                    <ChecksRow key={h.hour} label={`${String(h.hour).padStart(2, '0')}:00–${String(h.hour + 1).padStart(2, '0')}:00`} c={h} />
                  ))}
                  {r.byWeekday.map((d) => (
                    <ChecksRow key={`w${d.weekday}`} label={rt.weekdays[d.weekday - 1]!} c={d} />
                  ))}
                  <ChecksRow label={rt.total} c={r.totals} testId="hours-total" />
                </tbody>
              </table>
            </div>
            <div className="reports-side">
              <Chart title={rt.charts.byHour} labels={r.byHour.map((h) => String(h.hour))} values={r.byHour.map((h) => h.net)} testId="chart-by-hour" height={170} />
              <Chart title={rt.charts.byWeekday} labels={rt.weekdays} values={r.byWeekday.map((d) => d.net)} testId="chart-by-weekday" height={170} />
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}

function SectionsView({ query }: { query: Query }) {
  const read = useRead('reports.sections', query);
  return (
    <Loaded read={read} testId="reports-sections">
      {(r) => (
        <div className="reports-split">
          <div className="reports-table table-scroll">
            <CsvButton name="sections" csv={() => sectionsCsv(r)} />
            <table className="table table-compact" data-testid="sections-table">
              <thead>
                <tr>
                  <th>{rt.columns.section}</th>
                  <th className="num">{rt.columns.sales}</th>
                  <th className="num">{rt.columns.returns}</th>
                  <th className="num">{rt.columns.net}</th>
                </tr>
              </thead>
              <tbody>
                {r.bySection.map((s) => (
                  <tr key={s.section}>
                    <td>
                      {s.section} {s.name}
                    </td>
                    <td className="num">{money(s.sales)}</td>
                    <td className="num">{money(s.returns)}</td>
                    <td className="num">{money(s.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table table-compact" data-testid="vat-table">
              <thead>
                <tr>
                  <th>{rt.columns.rate}</th>
                  <th className="num">{rt.columns.sales}</th>
                  <th className="num">{rt.columns.vat}</th>
                  <th className="num">{rt.columns.returns}</th>
                  <th className="num">{rt.columns.vat}</th>
                  <th className="num">{rt.columns.net}</th>
                </tr>
              </thead>
              <tbody>
                {r.byVatRate.map((v) => (
                  <tr key={String(v.vatRate)}>
                    <td>{formatVatRate(v.vatRate)}</td>
                    <td className="num">{money(v.sales)}</td>
                    <td className="num">{money(v.salesVat)}</td>
                    <td className="num">{money(v.returns)}</td>
                    <td className="num">{money(v.returnsVat)}</td>
                    <td className="num">{money(v.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
  const rows = useMemo(() => read.data, [read.data]);
  return (
    <Loaded read={read} testId="reports-shift">
      {() =>
        rows ? (
          <div className="reports-split">
            <dl className="figures" data-testid="shift-figures">
              <dt>Смена</dt>
              <dd>№ {rows.shiftNumber}</dd>
              <dt>Продаж</dt>
              <dd>
                {rows.salesCount} · {money(rows.salesTotal)}
              </dd>
              <dt>Возвратов</dt>
              <dd>
                {rows.returnsCount} · {money(rows.returnsTotal)}
              </dd>
              <dt>Выручка</dt>
              <dd data-testid="shift-net">{money(rows.netTotal)}</dd>
              {rows.byPaymentForm.map((f) => (
                <FormLine key={f.form} form={f.form} amount={f.amount} />
              ))}
              <dt>Наличных в кассе</dt>
              <dd>{money(rows.cashInDrawer)}</dd>
            </dl>
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

function FormLine({ form, amount }: { form: PaymentForm; amount: number }) {
  return (
    <>
      <dt>{PAYMENT_FORM_NAMES[form]}</dt>
      <dd>{money(amount)}</dd>
    </>
  );
}

/** «Скачать CSV»: the report as the screen shows it, for Excel. */
function CsvButton({ name, csv }: { name: string; csv: () => string }) {
  return (
    <button type="button" className="btn btn-secondary btn-normal reports-csv" onClick={() => download(`${name}.csv`, csv())} data-testid={`reports-csv-${name}`}>
      Скачать CSV
    </button>
  );
}
