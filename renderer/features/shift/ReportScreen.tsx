import { useEffect } from 'react';
import type { DocumentKind, PrintOutcome, ShiftReport } from '../../../preload/contract.js';
import { Button } from '../../components/Button.js';
import { Receipt } from '../../components/Receipt.js';
import { formatDateTime, formatMoney, formatPercent } from '../../app/money.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';
import { PrintOutcomeNotice } from '../devices/PrintPreview.js';

const REPORT_KINDS: ReadonlySet<DocumentKind> = new Set(['shift_open', 'x_report', 'z_report']);

const vatName = (rate: number | null) => (rate === null ? ru.vatNone : ru.vatRate(formatPercent(rate)));

/** The X or Z report just taken: the figures on the left, the printed form on the right. */
export function ReportScreen() {
  const dispatch = useAppDispatch();
  const report = useAppSelector((s) => s.ui.report);
  const back = () => dispatch(navigated('menu'));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || e.key === 'Enter') {
        e.preventDefault();
        dispatch(navigated('menu'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);

  if (!report) return null;
  const title = report.kind === 'x_report' ? ru.shift.xTitle : ru.shift.zTitle;
  // shift.xReport / shift.zReport answer with the print outcome too; the report screen keeps it.
  const print = (report as ShiftReport & { readonly print?: PrintOutcome }).print;
  return (
    <div className="screen report-screen" data-testid="screen-report" data-kind={report.kind}>
      <section className="card report-figures">
        <div className="screen-head">
          <h1 data-testid="report-title">{title}</h1>
          <Button onClick={back} shortcut={ru.backKey} data-testid="report-back">
            {ru.back}
          </Button>
        </div>
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

function Empty({ cols }: { readonly cols: number }) {
  return (
    <tr>
      <td className="muted" colSpan={cols}>
        {ru.shift.nothing}
      </td>
    </tr>
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

      <h3>{ru.shift.byKind}</h3>
      <table className="table table-compact" data-testid="report-by-kind">
        <thead>
          <tr>
            <th />
            <th className="num">{ru.shift.col.count}</th>
            <th className="num">{ru.shift.col.sum}</th>
          </tr>
        </thead>
        <tbody>
          {report.byKind.length === 0 && <Empty cols={3} />}
          {report.byKind.map((k) => (
            <tr key={`${k.kind}-${k.currency}`} data-kind={k.kind} data-currency={k.currency}>
              <td>
                {ru.documentKinds[k.kind]}
                {k.currency !== 'BYN' && `, ${k.currency}`}
              </td>
              <td className="num">{k.count}</td>
              {/* A report's or a shift opening's "sum" is no money that moved. */}
              <td className="num">{REPORT_KINDS.has(k.kind) ? '' : `${m(k.total)}${k.currency === 'BYN' ? '' : ` ${k.currency}`}`}</td>
            </tr>
          ))}
          {report.annulled.map((k) => (
            <tr key={`a-${k.kind}`} className="row-muted" data-annulled-kind={k.kind}>
              <td>
                {ru.shift.annulled}: {ru.documentKinds[k.kind].toLowerCase()}
              </td>
              <td className="num">{k.count}</td>
              <td className="num">{m(k.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{ru.shift.byPaymentForm}</h3>
      <table className="table table-compact" data-testid="report-by-form">
        <thead>
          <tr>
            <th />
            <th className="num">{ru.shift.col.sales}</th>
            <th className="num">{ru.shift.col.returns}</th>
            <th className="num">{ru.shift.col.net}</th>
          </tr>
        </thead>
        <tbody>
          {report.byPaymentForm.length === 0 && <Empty cols={4} />}
          {report.byPaymentForm.map((p) => (
            <tr key={p.form} data-form={p.form}>
              <td>{ru.paymentForms[p.form]}</td>
              <td className="num">{m(p.sales)}</td>
              <td className="num">{m(p.returns)}</td>
              <td className="num">{m(p.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{ru.shift.byVatRate}</h3>
      <table className="table table-compact" data-testid="report-by-vat">
        <thead>
          <tr>
            <th />
            <th className="num">{ru.shift.col.sales}</th>
            <th className="num">{ru.shift.col.returns}</th>
            <th className="num">{ru.shift.vatAmount}</th>
            <th className="num">{ru.shift.vat}</th>
          </tr>
        </thead>
        <tbody>
          {report.byVatRate.length === 0 && <Empty cols={5} />}
          {report.byVatRate.map((v) => (
            <tr key={String(v.vatRate)} data-vat={String(v.vatRate)}>
              <td>{vatName(v.vatRate)}</td>
              <td className="num">{m(v.sales)}</td>
              <td className="num">{m(v.returns)}</td>
              <td className="num">{m(v.amount)}</td>
              <td className="num">{m(v.vat)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{ru.shift.bySection}</h3>
      <table className="table table-compact" data-testid="report-by-section">
        <thead>
          <tr>
            <th>{ru.shift.col.section}</th>
            <th className="num">{ru.shift.col.sales}</th>
            <th className="num">{ru.shift.col.returns}</th>
            <th className="num">{ru.shift.col.net}</th>
          </tr>
        </thead>
        <tbody>
          {report.bySection.length === 0 && <Empty cols={4} />}
          {report.bySection.map((s) => (
            <tr key={s.section}>
              <td>
                {s.section} · {s.name}
              </td>
              <td className="num">{m(s.sales)}</td>
              <td className="num">{m(s.returns)}</td>
              <td className="num">{m(s.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{ru.shift.cashMoves}</h3>
      <table className="table table-compact" data-testid="report-cash-moves">
        <thead>
          <tr>
            <th>{ru.shift.col.currency}</th>
            <th className="num">{ru.cash.in}</th>
            <th className="num">{ru.cash.out}</th>
            <th className="num">{ru.shift.drawer}</th>
          </tr>
        </thead>
        <tbody>
          {report.drawer.length === 0 && report.cashIn.length === 0 && report.cashOut.length === 0 && <Empty cols={4} />}
          {currenciesOf(report).map((c) => (
            <tr key={c} data-currency={c}>
              <td>{c}</td>
              <td className="num">{m(report.cashIn.find((x) => x.currency === c)?.amount ?? 0)}</td>
              <td className="num">{m(report.cashOut.find((x) => x.currency === c)?.amount ?? 0)}</td>
              <td className="num" data-testid={`report-drawer-${c}`}>
                {m(report.drawer.find((x) => x.currency === c)?.amount ?? 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function currenciesOf(report: ShiftReport): string[] {
  const all = [...report.drawer, ...report.cashIn, ...report.cashOut].map((x) => x.currency as string);
  return [...new Set(all)];
}
