import { useEffect, useState } from 'react';
import type { FiscalDocument, ShiftSummary } from '../../../preload/contract.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Receipt } from '../../components/Receipt.js';
import { formatDateTime, formatMoney } from '../../app/money.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

/** The shifts, newest first: open one's documents, or a copy of its Z-report. */
export function ShiftList({ onDocuments }: { readonly onDocuments: (shiftNumber: number) => void }) {
  const dispatch = useAppDispatch();
  const [items, setItems] = useState<readonly ShiftSummary[] | null>(null);
  const [copy, setCopy] = useState<FiscalDocument | null>(null);

  useEffect(() => {
    void dispatch(call('shifts.list', { limit: 100 })).then((r) => setItems(r.ok ? r.value.items : []));
  }, [dispatch]);

  const zCopy = async (number: number) => {
    const r = await dispatch(call('documents.copy', { zReportOfShift: number }));
    if (r.ok) setCopy(r.value);
  };

  return (
    <div className="table-scroll shift-table">
      <table className="table table-compact" data-testid="shift-table">
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
      {copy && (
        <Dialog title={ru.documents.zCopy} onClose={() => setCopy(null)} testId="copy-dialog">
          <div className="copy-receipt">
            <Receipt lines={copy.receipt} testId="copy-receipt" />
          </div>
          <div className="dialog-actions">
            <Button variant="primary" onClick={() => setCopy(null)} autoFocus data-testid="copy-close">
              {ru.close}
            </Button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
