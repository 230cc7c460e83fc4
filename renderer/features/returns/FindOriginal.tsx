import { useState, type FormEvent } from 'react';
import type { DocumentDetail, MethodInput } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { CodeInput } from '../../components/CodeInput.js';
import { DateField } from '../../components/DateField.js';
import { formatMoney } from '../../../common/money.js';
import { formatDateTime, isoToday } from '../../app/dates.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { useScans } from '../sale/useWedgeScanner.js';

type Props = { readonly onFound: (docs: readonly DocumentDetail[]) => void };

/** The sale to return from: its QR scanned, its shift and number typed, or its date. */
export function FindOriginal({ onFound }: Props) {
  const dispatch = useAppDispatch();
  const [qr, setQr] = useState('');
  const [shift, setShift] = useState('');
  const [number, setNumber] = useState('');
  const [date, setDate] = useState(isoToday());
  const [busy, setBusy] = useState(false);

  const find = async (input: MethodInput<'returns.findOriginal'>) => {
    if (busy) return;
    setBusy(true);
    const r = await dispatch(call('returns.findOriginal', input));
    setBusy(false);
    if (r.ok) onFound(r.value);
  };
  // A scanner reads the check's QR with no field focused: a serial (2D) one, or a keyboard wedge's fast
  // burst with Enter (slow typing is not a scan).
  useScans({ enabled: true, onScan: (code) => void find({ qr: code }), onTyped: () => undefined });
  const byQr = (e: FormEvent) => {
    e.preventDefault();
    if (qr.trim()) void find({ qr: qr.trim() }).then(() => setQr(''));
  };
  const byNumber = (e: FormEvent) => {
    e.preventDefault();
    const s = Number(shift);
    const n = Number(number);
    if (Number.isInteger(s) && s > 0 && Number.isInteger(n) && n > 0) void find({ shiftNumber: s, numberInShift: n });
  };
  const byDate = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) void find({ date });
  };

  return (
    <div className="find-original">
      <form onSubmit={byQr} className="find-block">
        <label className="field">
          <span className="field-label">{ru.returns.byQr}</span>
          <CodeInput value={qr} onValue={setQr} autoFocus maxLength={500} data-testid="return-qr" />
          <span className="field-hint">{ru.returns.byQrHint}</span>
        </label>
        <Button type="submit" variant="primary" disabled={busy || !qr.trim()} data-testid="return-find-qr">
          {ru.returns.find}
        </Button>
      </form>
      <form onSubmit={byNumber} className="find-block find-inline">
        <label className="field">
          <span className="field-label">{ru.returns.shift}</span>
          <input
            className="input"
            inputMode="numeric"
            value={shift}
            onChange={(e) => setShift(e.target.value.replace(/\D/g, ''))}
            maxLength={6}
            data-testid="return-shift"
          />
        </label>
        <label className="field">
          <span className="field-label">{ru.returns.number}</span>
          <input
            className="input"
            inputMode="numeric"
            value={number}
            onChange={(e) => setNumber(e.target.value.replace(/\D/g, ''))}
            maxLength={6}
            data-testid="return-number"
          />
        </label>
        <Button type="submit" disabled={busy || !shift || !number} data-testid="return-find-number">
          {ru.returns.find}
        </Button>
      </form>
      <form onSubmit={byDate} className="find-block find-inline">
        <label className="field">
          <span className="field-label">{ru.returns.date}</span>
          <DateField value={date} onChange={setDate} testId="return-date" />
        </label>
        <Button type="submit" disabled={busy || !date} data-testid="return-find-date">
          {ru.returns.find}
        </Button>
      </form>
    </div>
  );
}

/** When a date finds several sales: pick one. */
export function FoundList({ docs, onPick }: { readonly docs: readonly DocumentDetail[]; readonly onPick: (d: DocumentDetail) => void }) {
  return (
    <div className="found-list" data-testid="return-found">
      <p className="muted">{ru.returns.found(docs.length)}</p>
      {docs.length > 0 && (
        <div className="table-scroll">
          <table className="table table-compact">
            <tbody>
              {docs.map((d) => (
                <tr key={d.id} className="row-click" onClick={() => onPick(d)} data-testid="return-found-row" data-document-id={d.id}>
                  <td>{ru.docName(d.kind, d.numberInShift, d.shiftNumber)}</td>
                  <td className="muted">{formatDateTime(d.createdAt)}</td>
                  <td className="num">{formatMoney(d.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
