import { useEffect } from 'react';
import type { ShiftReport } from '../../../preload/contract.js';
import { Button } from '../../components/Button.js';
import { Receipt } from '../../components/Receipt.js';
import { formatMoney, formatPercent } from '../../app/money.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';

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
        back();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!report) return null;
  const title = report.kind === 'x_report' ? ru.shift.xTitle : ru.shift.zTitle;
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
        <Receipt lines={report.document.receipt} testId="report-receipt" />
      </section>
    </div>
  );
}

function ReportFigures({ report }: { readonly report: ShiftReport }) {
  const doc = (n: number | null) => (n === null ? ru.shift.none : `№ ${n}`);
  return (
    <div className="report-body">
      <dl className="figures">
        <dt>{ru.shift.shiftNumber}</dt>
        <dd data-testid="report-shift">№ {report.shiftNumber}</dd>
        <dt>{ru.shift.salesCount}</dt>
        <dd data-testid="report-sales-count">{report.salesCount}</dd>
        <dt>{ru.shift.salesTotal}</dt>
        <dd className="figure-big" data-testid="report-sales-total">
          {formatMoney(report.salesTotal)}
        </dd>
        <dt>{ru.shift.cashInDrawer}</dt>
        <dd data-testid="report-cash">{formatMoney(report.cashInDrawer)}</dd>
        <dt>{ru.shift.firstDocument}</dt>
        <dd data-testid="report-first">{doc(report.firstDocument)}</dd>
        <dt>{ru.shift.lastDocument}</dt>
        <dd data-testid="report-last">{doc(report.lastDocument)}</dd>
      </dl>
      <h3>{ru.shift.byPaymentForm}</h3>
      <table className="table table-compact" data-testid="report-by-form">
        <tbody>
          {report.byPaymentForm.length === 0 && (
            <tr>
              <td className="muted">{ru.shift.nothing}</td>
            </tr>
          )}
          {report.byPaymentForm.map((p) => (
            <tr key={p.form}>
              <td>{ru.paymentForms[p.form]}</td>
              <td className="num">{formatMoney(p.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{ru.shift.byVatRate}</h3>
      <table className="table table-compact" data-testid="report-by-vat">
        <thead>
          <tr>
            <th />
            <th className="num">{ru.shift.vatAmount}</th>
            <th className="num">{ru.shift.vat}</th>
          </tr>
        </thead>
        <tbody>
          {report.byVatRate.length === 0 && (
            <tr>
              <td className="muted" colSpan={3}>
                {ru.shift.nothing}
              </td>
            </tr>
          )}
          {report.byVatRate.map((v) => (
            <tr key={String(v.vatRate)}>
              <td>{vatName(v.vatRate)}</td>
              <td className="num">{formatMoney(v.amount)}</td>
              <td className="num">{formatMoney(v.vat)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
