import { useState } from 'react';
import type { StorageVerdict } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { formatDateTime } from '../../app/dates.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { sto } from '../storage/text.js';
import { formatFileSize } from '../../../common/file-size.js';
import { diagText as dt, mt } from './text.js';

type Reach = Readonly<Record<string, StorageVerdict | 'checking'>>;

/**
 * «Диагностика», admin: the database's size, the free disk, the age of the last export (red past the
 * `exportSchedule.warnAfterDays` setting) and the storage targets' reachability — checked when the
 * admin asks (a real connect-write-read-remove each), never on a poll.
 */
export function StorageDiagnostics() {
  const status = useRead('maintenance.status');
  const targets = useRead('storage.targets');
  return (
    <section className="card diagnostics-card storage-diagnostics" data-testid="diag-storage">
      <h2>{dt.title}</h2>
      <Loaded read={status} testId="diag-storage-status">
        {(s) => (
          <table className="table diagnostics-table">
            <tbody>
              <tr className="diag-row diag-ok" data-testid="diag-db-size">
                <td>{dt.dbSize}</td>
                <td className="diag-state">{formatFileSize(s.dbBytes)}</td>
              </tr>
              <tr className="diag-row diag-ok" data-testid="diag-free">
                <td>{dt.free}</td>
                <td className="diag-state">{s.freeBytes === null ? dt.freeUnknown : formatFileSize(s.freeBytes)}</td>
              </tr>
              <tr className={`diag-row diag-${s.exportOverdue ? 'error' : 'ok'}`} data-testid="diag-last-export" data-state={s.exportOverdue ? 'error' : 'ok'}>
                <td>{dt.lastExport}</td>
                <td className="diag-state">
                  {s.lastExport
                    ? `${formatDateTime(s.lastExport.at)} (${mt.daysAgo(s.exportAgeDays ?? 0)}), ${s.lastExport.where} — ${s.exportOverdue ? dt.overdue(s.schedule.warnAfterDays) : dt.fresh(s.schedule.warnAfterDays)}`
                    : `${dt.never} — ${dt.neverHint}`}
                </td>
              </tr>
            </tbody>
          </table>
        )}
      </Loaded>
      <Loaded read={targets} testId="diag-targets">
        {({ targets: list }) => <Targets list={list} />}
      </Loaded>
    </section>
  );
}

function Targets({ list }: { list: readonly { id: string; name: string; connection: { kind: 'folder' | 'ftp' | 'webdav' } }[] }) {
  const dispatch = useAppDispatch();
  const [reach, setReach] = useState<Reach>({});
  const checking = Object.values(reach).includes('checking');
  const check = async () => {
    setReach(Object.fromEntries(list.map((t) => [t.id, 'checking' as const])));
    // One at a time: a slow server's timeout does not hold up the others' answers on the screen.
    for (const t of list) {
      const r = await dispatch(call('storage.test', { id: t.id }, { quiet: true }));
      const verdict: StorageVerdict = r.ok ? r.value : { ok: false, step: null, message: r.error.message, ms: 0 };
      setReach((was) => ({ ...was, [t.id]: verdict }));
    }
  };
  if (list.length === 0) return <p className="muted">{dt.noTargets}</p>;
  return (
    <>
      <div className="screen-head">
        <h3>{dt.targets}</h3>
        <Button disabled={checking} onClick={() => void check()} data-testid="diag-targets-check">
          {dt.check}
        </Button>
      </div>
      <table className="table diagnostics-table" data-testid="diag-targets-table">
        <tbody>
          {list.map((t) => {
            const r = reach[t.id];
            const state = r === undefined ? 'off' : r === 'checking' ? 'connecting' : r.ok ? 'ok' : 'error';
            return (
              <tr key={t.id} className={`diag-row diag-${state}`} data-testid={`diag-target-${t.name}`} data-state={state}>
                <td>{t.name}</td>
                <td className="small muted">{sto.kinds[t.connection.kind]}</td>
                <td className="diag-state">{r === undefined ? dt.unchecked : r === 'checking' ? dt.checking : r.ok ? dt.reachable(r.ms) : dt.unreachable}</td>
                <td data-testid={`diag-target-${t.name}-message`}>{typeof r === 'object' && !r.ok ? r.message : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
