import { useState } from 'react';
import type { JournalFilter } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { DateField } from '../../components/DateField.js';
import { Loaded } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { mt } from './text.js';
import { auditActionName, auditDetailsText } from '../../../common/audit-actions.js';

const PAGE = 25;

/** «Журнал»: the audit log with filters (user, action, period), pages, CSV. */
export function JournalScreen() {
  const dispatch = useAppDispatch();
  useEscapeToMenu();
  const [filter, setFilter] = useState<JournalFilter>({});
  const [page, setPage] = useState(0);
  const users = useRead('users.list');
  const read = useRead('maintenance.journal', { ...filter, page, pageSize: PAGE });
  const set = (patch: Partial<JournalFilter>) => {
    setPage(0);
    const next: Record<string, unknown> = { ...filter, ...patch };
    for (const k of Object.keys(next)) if (next[k] === '' || next[k] === undefined) delete next[k];
    setFilter(next);
  };
  const csv = async () => {
    const r = await dispatch(call('maintenance.journalCsv', filter));
    if (!r.ok) return;
    const url = URL.createObjectURL(new Blob([r.value.csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.name;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="screen journal-screen" data-testid="screen-journal">
      <ScreenHead title={mt.journalTitle} testId="journal" back="maintenance" actionsClassName="maintenance-head-actions">
        <Button onClick={() => void csv()} data-testid="journal-csv">
          {mt.csv}
        </Button>
      </ScreenHead>
      <div className="card maintenance-row journal-filters">
        <label className="field">
          <span className="field-label">{mt.user}</span>
          <select
            className="input"
            value={filter.userId ?? ''}
            onChange={(e) => set({ userId: e.target.value ? Number(e.target.value) : undefined })}
            data-testid="journal-user"
          >
            <option value="">{mt.anyone}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{mt.kind}</span>
          <select className="input" value={filter.action ?? ''} onChange={(e) => set({ action: e.target.value || undefined })} data-testid="journal-action">
            <option value="">{mt.anyKind}</option>
            {[...(read.data?.actions ?? [])]
              .sort((a, b) => auditActionName(a).localeCompare(auditActionName(b), 'ru'))
              .map((a) => (
                <option key={a} value={a}>
                  {auditActionName(a)}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{mt.from}</span>
          <DateField value={filter.from ?? ''} onChange={(v) => set({ from: v || undefined })} testId="journal-from" />
        </label>
        <label className="field">
          <span className="field-label">{mt.to}</span>
          <DateField value={filter.to ?? ''} onChange={(v) => set({ to: v || undefined })} testId="journal-to" />
        </label>
      </div>
      <Loaded read={read} testId="journal">
        {({ entries, total }) => (
          <section className="card journal-list">
            <div className="table-scroll">
              <table className="table" data-testid="journal-table">
                <thead>
                  <tr>
                    <th>{mt.at}</th>
                    <th>{mt.user}</th>
                    <th>{mt.kind}</th>
                    <th>{mt.details}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.length === 0 && (
                    <tr>
                      <td colSpan={4} className="muted">
                        {mt.empty}
                      </td>
                    </tr>
                  )}
                  {entries.map((e) => (
                    <tr key={e.id} data-testid="journal-row">
                      <td className="small">{new Date(e.at).toLocaleString('ru-RU')}</td>
                      <td>{e.user ?? '—'}</td>
                      <td title={e.action} data-testid="journal-row-action">
                        {auditActionName(e.action)}
                      </td>
                      <td className="small journal-details" title={e.details === '{}' ? undefined : e.details} data-testid="journal-row-details">
                        {auditDetailsText(e.details, e.action)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="maintenance-row">
              <Button disabled={page === 0} onClick={() => setPage(page - 1)} data-testid="journal-prev">
                {mt.prev}
              </Button>
              <span data-testid="journal-page">{mt.pageOf(page + 1, Math.max(1, Math.ceil(total / PAGE)))}</span>
              <Button disabled={(page + 1) * PAGE >= total} onClick={() => setPage(page + 1)} data-testid="journal-next">
                {mt.next}
              </Button>
            </div>
          </section>
        )}
      </Loaded>
    </div>
  );
}
