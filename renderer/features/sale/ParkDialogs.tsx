import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Loaded } from '../../components/Loaded.js';
import { formatMoney } from '../../../common/money.js';
import { formatDateTime } from '../../app/dates.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { changeCheck } from './actions.js';

/** Puts the open check aside with an optional note; the till is free for the next customer. */
export function ParkDialog({ onClose }: { readonly onClose: () => void }) {
  const dispatch = useAppDispatch();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const trimmed = note.trim();
    const ok = await dispatch(changeCheck(() => dispatch(call('sale.park', trimmed ? { note: trimmed } : {}))));
    setBusy(false);
    if (ok) {
      dispatch(noticeShown('success', ru.park.done));
      onClose();
    }
  };
  return (
    <Dialog title={ru.park.title} onClose={onClose} testId="park-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">{ru.park.note}</span>
          <input className="input" data-testid="park-note" autoFocus autoComplete="off" maxLength={60} value={note} onChange={(e) => setNote(e.target.value)} />
          <span className="field-hint">{ru.park.noteHint}</span>
        </label>
        <div className="dialog-actions">
          <Button onClick={onClose} shortcut="Esc" data-testid="park-cancel">
            {ru.cancel}
          </Button>
          <Button type="submit" variant="primary" disabled={busy} shortcut="Enter" data-testid="park-submit">
            {ru.park.submit}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The checks put aside in this shift; one comes back while the open check is empty. */
export function ParkedDialog({ onClose }: { readonly onClose: () => void }) {
  const dispatch = useAppDispatch();
  const openLines = useAppSelector((s) => s.sale.check?.lines.length ?? 0);
  const read = useRead('sale.parked');
  const [busy, setBusy] = useState(false);

  const resume = async (id: number) => {
    if (busy) return;
    setBusy(true);
    const ok = await dispatch(changeCheck(() => dispatch(call('sale.resume', { id }))));
    setBusy(false);
    if (ok) {
      dispatch(noticeShown('success', ru.park.resumed));
      onClose();
    }
  };

  return (
    <Dialog title={ru.park.parkedTitle} onClose={onClose} testId="parked-dialog" wide>
      {openLines > 0 && <p className="till-warn">{ru.park.notEmpty}</p>}
      <Loaded read={read} testId="parked">
        {(parked) =>
          parked.length === 0 ? (
            <p className="muted" data-testid="parked-empty">
              {ru.park.none}
            </p>
          ) : (
            <div className="table-scroll parked-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th>{ru.park.col.at}</th>
                    <th>{ru.park.col.note}</th>
                    <th className="num">{ru.park.col.lines}</th>
                    <th className="num">{ru.park.col.total}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {parked.map((p) => (
                    <tr key={p.id} data-testid="parked-row" data-parked-id={p.id}>
                      <td>{formatDateTime(p.parkedAt)}</td>
                      <td>{p.note || <span className="muted">—</span>}</td>
                      <td className="num">{p.lines}</td>
                      <td className="num">{formatMoney(p.total)}</td>
                      <td className="num">
                        <Button variant="primary" disabled={busy || openLines > 0} onClick={() => void resume(p.id)} data-testid={`parked-resume-${p.id}`}>
                          {ru.park.resume}
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <div className="dialog-actions">
        <Button onClick={onClose} shortcut="Esc" data-testid="parked-close">
          {ru.close}
        </Button>
      </div>
    </Dialog>
  );
}
