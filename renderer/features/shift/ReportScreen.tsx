import type { ReactNode } from 'react';
import type { DocumentKind, PrintOutcome, ShiftReport } from '../../../preload/contract/index.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Receipt } from '../../components/Receipt.js';
import { formatMoney, formatVatRate } from '../../../common/money.js';
import { formatDateTime } from '../../app/dates.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { useWindowKeys } from '../../app/useWindowKeys.js';
import { useScanOpensSale } from '../sale/useScanOpensSale.js';
import { ru } from '../../i18n/ru.js';
import { PrintOutcomeNotice } from '../devices/PrintPreview.js';

const REPORT_KINDS: ReadonlySet<DocumentKind> = new Set(['shift_open', 'x_report', 'z_report']);

/** The X or Z report just taken: the figures on the left, the printed form on the right. */
export function ReportScreen() {
  const dispatch = useAppDispatch();
  const report = useAppSelector((s) => s.ui.report);
  const back = () => dispatch(navigated('menu'));

  useWindowKeys((e) => {
    if (e.key === 'Escape' || e.key === 'Enter') {
      e.preventDefault();
      dispatch(navigated('menu'));
    }
  });
  // The next customer's item scanned here: the sale opens with it.
  useScanOpensSale({ enabled: true, onTyped: (_text, enter) => enter && back() });

  if (!report) return null;
  const title = report.kind === 'x_report' ? ru.shift.xTitle : ru.shift.zTitle;
  // shift.xReport / shift.zReport answer with the print outcome too; the report screen keeps it.
  const print = (report as ShiftReport & { readonly print?: PrintOutcome }).print;
  return (
    <div className="screen report-screen" data-testid="screen-report" data-kind={report.kind}>
      <section className="card report-figures">
        <ScreenHead title={title} testId="report" titleTestId="report-title" back={back} />
        <ReportFigures report={report} />
      </section>
      <section className="report-receipt">
        <h2 className="muted">{ru.shift.receipt}</h2>
        <PrintOutcomeNotice documentId={report.document.id} print={print} testId="report-print" />
        <Receipt lines={report.document.receipt} testId="report-receipt" />
      </section>
    </div>
  );
}

type Cell = string | { readonly text: string; readonly testId: string };
type FigureRow = {
  readonly key: string;
  /** data-* attributes that name the row (tests and styles find rows by them). */
  readonly data?: Readonly<Record<string, string>>;
  readonly label: ReactNode;
  readonly cells: readonly Cell[];
  readonly muted?: boolean;
};

/** One table of the report: a heading, a label column, number columns; «нет данных» when empty. */
function FigureTable(props: {
  readonly title: string;
  readonly testId: string;
  readonly labelHead?: string;
  readonly heads: readonly string[];
  readonly rows: readonly FigureRow[];
}) {
  const { title, testId, labelHead, heads, rows } = props;
  return (
    <>
      <h3>{title}</h3>
      <table className="table table-compact" data-testid={testId}>
        <thead>
          <tr>
            {labelHead ? <th>{labelHead}</th> : <th />}
            {heads.map((h) => (
              <th key={h} className="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td className="muted" colSpan={heads.length + 1}>
                {ru.shift.nothing}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.key} className={r.muted ? 'row-muted' : undefined} {...Object.fromEntries(Object.entries(r.data ?? {}).map(([k, v]) => [`data-${k}`, v]))}>
              <td>{r.label}</td>
              {r.cells.map((c, i) =>
                typeof c === 'string' ? (
                  <td key={i} className="num">
                    {c}
                  </td>
                ) : (
                  <td key={i} className="num" data-testid={c.testId}>
                    {c.text}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Every figure X and Z carry: by document kind, payment form, VAT rate, section; cash; counts; first/last numbers. */
export function ReportFigures({ report }: { readonly report: ShiftReport }) {
  const doc = (n: number | null) => (n === null ? ru.shift.none : `№ ${n}`);
  const m = formatMoney;
  return (
    <div className="report-body">
      <div className="report-columns">
        <dl className="figures">
          <dt>{ru.shift.shiftNumber}</dt>
          <dd data-testid="report-shift">№ {report.shiftNumber}</dd>
          <dt>{ru.shift.openedAt}</dt>
          <dd>{formatDateTime(report.openedAt)}</dd>
          <dt>{ru.shift.salesCount}</dt>
          <dd data-testid="report-sales-count">{report.salesCount}</dd>
          <dt>{ru.shift.salesTotal}</dt>
          <dd data-testid="report-sales-total">{m(report.salesTotal)}</dd>
          <dt>{ru.shift.returnsCount}</dt>
          <dd data-testid="report-returns-count">{report.returnsCount}</dd>
          <dt>{ru.shift.returnsTotal}</dt>
          <dd data-testid="report-returns-total">{m(report.returnsTotal)}</dd>
        </dl>
        <dl className="figures">
          <dt>{ru.shift.netTotal}</dt>
          <dd className="figure-big" data-testid="report-net-total">
            {m(report.netTotal)}
          </dd>
          <dt>{ru.shift.cashInDrawer}</dt>
          <dd data-testid="report-cash">{m(report.cashInDrawer)}</dd>
          <dt>{ru.shift.documentsCount}</dt>
          <dd data-testid="report-documents-count">{report.documentsCount}</dd>
          <dt>{ru.shift.firstDocument}</dt>
          <dd data-testid="report-first">{doc(report.firstDocument)}</dd>
          <dt>{ru.shift.lastDocument}</dt>
          <dd data-testid="report-last">{doc(report.lastDocument)}</dd>
        </dl>
      </div>

      <FigureTable
        title={ru.shift.byKind}
        testId="report-by-kind"
        heads={[ru.shift.col.count, ru.shift.col.sum]}
        rows={[
          ...report.byKind.map((k) => ({
            key: `${k.kind}-${k.currency}`,
            data: { kind: k.kind, currency: k.currency },
            label: `${ru.documentKinds[k.kind]}${k.currency !== 'BYN' ? `, ${k.currency}` : ''}`,
            // A report's or a shift opening's "sum" is no money that moved.
            cells: [String(k.count), REPORT_KINDS.has(k.kind) ? '' : `${m(k.total)}${k.currency === 'BYN' ? '' : ` ${k.currency}`}`],
          })),
          ...report.annulled.map((k) => ({
            key: `a-${k.kind}`,
            data: { 'annulled-kind': k.kind },
            label: `${ru.shift.annulled}: ${ru.documentKinds[k.kind].toLowerCase()}`,
            cells: [String(k.count), m(k.total)],
            muted: true,
          })),
        ]}
      />
      <FigureTable
        title={ru.shift.byPaymentForm}
        testId="report-by-form"
        heads={[ru.shift.col.sales, ru.shift.col.returns, ru.shift.col.net]}
        rows={report.byPaymentForm.map((p) => ({
          key: p.form,
          data: { form: p.form },
          label: ru.paymentForms[p.form],
          cells: [m(p.sales), m(p.returns), m(p.amount)],
        }))}
      />
      <FigureTable
        title={ru.shift.byVatRate}
        testId="report-by-vat"
        heads={[ru.shift.col.sales, ru.shift.col.returns, ru.shift.vatAmount, ru.shift.vat]}
        rows={report.byVatRate.map((v) => ({
          key: String(v.vatRate),
          data: { vat: String(v.vatRate) },
          label: formatVatRate(v.vatRate),
          cells: [m(v.sales), m(v.returns), m(v.amount), m(v.vat)],
        }))}
      />
      <FigureTable
        title={ru.shift.bySection}
        testId="report-by-section"
        labelHead={ru.shift.col.section}
        heads={[ru.shift.col.sales, ru.shift.col.returns, ru.shift.col.net]}
        rows={report.bySection.map((s) => ({ key: String(s.section), label: `${s.section} · ${s.name}`, cells: [m(s.sales), m(s.returns), m(s.amount)] }))}
      />
      <FigureTable
        title={ru.shift.cashMoves}
        testId="report-cash-moves"
        labelHead={ru.shift.col.currency}
        heads={[ru.cash.in, ru.cash.out, ru.shift.drawer]}
        rows={currenciesOf(report).map((c) => ({
          key: c,
          data: { currency: c },
          label: c,
          cells: [
            m(report.cashIn.find((x) => x.currency === c)?.amount ?? 0),
            m(report.cashOut.find((x) => x.currency === c)?.amount ?? 0),
            { text: m(report.drawer.find((x) => x.currency === c)?.amount ?? 0), testId: `report-drawer-${c}` },
          ],
        }))}
      />
    </div>
  );
}

function currenciesOf(report: ShiftReport): string[] {
  const all = [...report.drawer, ...report.cashIn, ...report.cashOut].map((x) => x.currency as string);
  return [...new Set(all)];
}
