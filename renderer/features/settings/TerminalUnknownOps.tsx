import { useState } from 'react';
import type { UnknownOpOutcome, UnknownTerminalOp } from '../../../preload/contract/index.js';
import { formatMoney } from '../../../common/money.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { formatDateTime } from '../../app/dates.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { Group } from './parts.js';
import { st } from './text.js';

/**
 * Admin: payment-terminal operations the till never learnt the end of (it stopped while the bank
 * answered). Each is settled after a look at the terminal's or the bank's journal, with a note.
 */
export function TerminalUnknownOps() {
  const read = useRead('terminal.unknownOps');
  return (
    <div className="settings-form" data-testid="terminal-unknown">
      <Group id="terminal-unknown" title={st.unknownOps.title}>
        <p className="muted">{st.unknownOps.lead}</p>
        <Loaded read={read} testId="terminal-unknown">
          {(ops) =>
            ops.length === 0 ? (
              <p className="muted" data-testid="terminal-unknown-empty">
                {st.unknownOps.none}
              </p>
            ) : (
              <ul className="unknown-ops">
                {ops.map((op) => (
                  <UnknownOp key={op.id} op={op} />
                ))}
              </ul>
            )
          }
        </Loaded>
      </Group>
    </div>
  );
}

function UnknownOp({ op }: { readonly op: UnknownTerminalOp }) {
  const dispatch = useAppDispatch();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const settle = async (outcome: UnknownOpOutcome) => {
    setBusy(true);
    const r = await dispatch(call('terminal.settleUnknown', { opId: op.id, outcome, note }));
    setBusy(false);
    // The command marks the terminal's data changed: the list reads itself again without this one.
    if (r.ok) dispatch(noticeShown('success', st.unknownOps.settled(op.id)));
  };
  const noteId = `terminal-unknown-note-${op.id}`;
  return (
    <li className="card unknown-op" data-testid={`terminal-unknown-${op.id}`}>
      <p className="unknown-op-what">
        <strong>{st.unknownOps.what(st.unknownOps.kinds[op.kind], st.unknownOps.forms[op.form], formatMoney(op.amount))}</strong>
        <span className="muted small"> — {st.unknownOps.when(formatDateTime(op.createdAt))}</span>
      </p>
      {op.message && <p className="small muted">{op.message}</p>}
      <label className="field" htmlFor={noteId}>
        <span className="field-label">{st.unknownOps.note}</span>
        <input
          id={noteId}
          className="input"
          value={note}
          maxLength={200}
          onChange={(e) => setNote(e.target.value)}
          placeholder={st.unknownOps.notePlaceholder}
          autoComplete="off"
          data-testid={`terminal-unknown-note-${op.id}`}
        />
      </label>
      <div className="settings-savebar settings-savebar-inline">
        <Button onClick={() => void settle('cancelled')} disabled={busy} title={st.unknownOps.cancelledHint} data-testid={`terminal-unknown-cancelled-${op.id}`}>
          {st.unknownOps.cancelled}
        </Button>
        <Button
          onClick={() => void settle('not_charged')}
          disabled={busy}
          title={st.unknownOps.notChargedHint}
          data-testid={`terminal-unknown-not-charged-${op.id}`}
        >
          {st.unknownOps.notCharged}
        </Button>
      </div>
    </li>
  );
}
