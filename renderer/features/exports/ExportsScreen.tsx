import { useState } from 'react';
import type { ExportAttempt, ExportJobView, ExportSchedule, ShiftExportReport, StorageTargetView, ZExportSettings } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { Tabs } from '../../components/Tabs.js';
import { TargetSelect } from '../../components/TargetSelect.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { ru } from '../../i18n/ru.js';
import { ex } from './text.js';

type Tab = 'settings' | 'journal';
const TABS: readonly Tab[] = ['settings', 'journal'];
const REPORTS = Object.keys(ex.reportNames) as ShiftExportReport[];
const PAGE = 25;

const time = (iso: string) => new Date(iso).toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });

/** «Выгрузки» (admin): the reports written after each Z, the archive schedule, and the journal of every export. */
export function ExportsScreen() {
  const dispatch = useAppDispatch();
  useEscapeToMenu();
  const [tab, setTab] = useState<Tab>('settings');
  return (
    <div className="screen exports-screen" data-testid="screen-exports">
      <div className="screen-head">
        <h1>{ex.title}</h1>
        <Tabs tabs={TABS} value={tab} onChange={setTab} label={(t) => (t === 'settings' ? ex.tabSettings : ex.tabJournal)} testId={(t) => `exports-tab-${t}`} />
        <Button onClick={() => dispatch(navigated('menu'))} shortcut={ru.backKey} data-testid="exports-back">
          {ru.back}
        </Button>
      </div>
      {tab === 'settings' ? <SettingsTab /> : <JournalTab />}
    </div>
  );
}

function SettingsTab() {
  const settings = useRead('exports.settings');
  const targets = useRead('storage.targets');
  return (
    <Loaded read={settings} testId="exports-settings">
      {(s) => (
        <Loaded read={targets} testId="exports-targets">
          {({ targets: list }) => (
            <div className="maintenance-grid">
              <ZExportCard key={JSON.stringify(s.zExport)} saved={s.zExport} targets={list} />
              <ArchiveCard schedule={s.schedule} targets={list} />
            </div>
          )}
        </Loaded>
      )}
    </Loaded>
  );
}

function ZExportCard({ saved, targets }: { saved: ZExportSettings; targets: readonly StorageTargetView[] }) {
  const dispatch = useAppDispatch();
  const [form, setForm] = useState<ZExportSettings>({ ...saved, targetId: saved.targetId ?? targets[0]?.id ?? null });
  const toggle = (r: ShiftExportReport, on: boolean) =>
    setForm({ ...form, reports: on ? REPORTS.filter((x) => x === r || form.reports.includes(x)) : form.reports.filter((x) => x !== r) });
  const save = async () => {
    const r = await dispatch(call('exports.saveSettings', form));
    if (r.ok) dispatch(noticeShown('success', ex.saved));
  };
  return (
    <section className="card" data-testid="exports-z">
      <h2>{ex.zTitle}</h2>
      <p className="muted small">{ex.zHint}</p>
      <label className="check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} data-testid="exports-z-enabled" />{' '}
        {ex.enabled}
      </label>
      {targets.length === 0 ? (
        <p className="muted" data-testid="exports-no-targets">
          {ex.noTargets}
        </p>
      ) : (
        <TargetSelect
          label={ex.target}
          targets={targets}
          value={form.targetId ?? ''}
          onChange={(id) => setForm({ ...form, targetId: id })}
          testId="exports-z-target"
        />
      )}
      <fieldset className="exports-reports">
        <legend className="field-label">{ex.reports}</legend>
        {REPORTS.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={form.reports.includes(r)} onChange={(e) => toggle(r, e.target.checked)} data-testid={`exports-z-report-${r}`} />{' '}
            {ex.reportNames[r]}
          </label>
        ))}
      </fieldset>
      <div className="segmented" role="radiogroup" aria-label={ex.format}>
        {(['xlsx', 'csv'] as const).map((f) => (
          <button
            key={f}
            type="button"
            role="radio"
            aria-checked={form.format === f}
            className={`segment ${form.format === f ? 'segment-on' : ''}`}
            onClick={() => setForm({ ...form, format: f })}
            data-testid={`exports-z-format-${f}`}
          >
            {f.toUpperCase()}
          </button>
        ))}
      </div>
      <Button variant="primary" onClick={() => void save()} data-testid="exports-z-save">
        {ex.save}
      </Button>
    </section>
  );
}

function ArchiveCard({ schedule, targets }: { schedule: ExportSchedule; targets: readonly StorageTargetView[] }) {
  const dispatch = useAppDispatch();
  const on = schedule.targetId !== null && (schedule.daily || schedule.afterZ);
  const when = [schedule.daily && ex.archiveDaily(schedule.at), schedule.afterZ && ex.archiveAfterZ].filter(Boolean).join(' и ');
  return (
    <section className="card" data-testid="exports-archive">
      <h2>{ex.archiveTitle}</h2>
      {on ? (
        <p data-testid="exports-archive-summary">
          <b>{targets.find((t) => t.id === schedule.targetId)?.name ?? '—'}</b>: {when}; {ex.archiveKeep(schedule.keepLast)}.
        </p>
      ) : (
        <p className="muted" data-testid="exports-archive-summary">
          {ex.archiveOff}
        </p>
      )}
      <Button onClick={() => dispatch(navigated('maintenance'))} data-testid="exports-archive-edit">
        {ex.archiveEdit}
      </Button>
    </section>
  );
}

function JournalTab() {
  const [page, setPage] = useState(0);
  const read = useRead('exports.journal', { page, pageSize: PAGE });
  return (
    <Loaded read={read} testId="exports-journal">
      {({ jobs, attempts, total }) => (
        <section className="card journal-list">
          <div className="table-scroll">
            <table className="table" data-testid="exports-journal-table">
              <thead>
                <tr>
                  <th>№</th>
                  <th>{ex.colWhat}</th>
                  <th>{ex.colWhere}</th>
                  <th>{ex.colQueued}</th>
                  <th>{ex.colState}</th>
                  <th>{ex.colAttempts}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {jobs.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      {ex.journalEmpty}
                    </td>
                  </tr>
                )}
                {jobs.map((j) => (
                  <JobRow key={j.id} job={j} attempts={attempts.filter((a) => a.jobId === j.id)} />
                ))}
              </tbody>
            </table>
          </div>
          <div className="maintenance-row">
            <Button disabled={page === 0} onClick={() => setPage(page - 1)} data-testid="exports-prev">
              {ex.prev}
            </Button>
            <span>{ex.pageOf(page + 1, Math.max(1, Math.ceil(total / PAGE)))}</span>
            <Button disabled={(page + 1) * PAGE >= total} onClick={() => setPage(page + 1)} data-testid="exports-next">
              {ex.next}
            </Button>
          </div>
        </section>
      )}
    </Loaded>
  );
}

/** `kassa-reports/x/goods.csv, kassa-reports/x/payments.csv` → `kassa-reports/x/: goods.csv, payments.csv`. */
function filesText(files: readonly string[]): string {
  const folder = files[0]!.slice(0, files[0]!.lastIndexOf('/') + 1);
  return folder && files.every((f) => f.startsWith(folder)) ? `${folder}: ${files.map((f) => f.slice(folder.length)).join(', ')}` : files.join(', ');
}

function JobRow({ job, attempts }: { job: ExportJobView; attempts: readonly ExportAttempt[] }) {
  const dispatch = useAppDispatch();
  const retry = async () => {
    const r = await dispatch(call('exports.retry', { id: job.id }));
    if (r.ok) dispatch(noticeShown('info', ex.retried));
  };
  const failing = job.state === 'waiting' && job.attempts > 0;
  return (
    <tr data-testid="exports-row" className={failing ? 'exports-failing' : undefined}>
      <td>{job.id}</td>
      <td>
        <div>{job.title}</div>
        {job.files.length > 0 && <div className="small muted exports-files">{filesText(job.files)}</div>}
        {job.removed.length > 0 && <div className="small muted">{ex.removed(job.removed.length)}</div>}
      </td>
      <td>{job.targetName}</td>
      <td className="small">{time(job.createdAt)}</td>
      <td data-testid="exports-row-state">
        <span className={`tag ${job.state === 'done' ? 'tag-ok' : failing ? 'tag-danger' : ''}`}>{ex.state(job, time)}</span>
      </td>
      <td className="small">
        <ol className="exports-attempts">
          {attempts.map((a, i) => (
            <li key={i} className={a.ok === false ? 'exports-attempt-failed' : undefined}>
              {time(a.startedAt)} {a.ok === null ? '…' : a.ok ? '✓' : `✗ ${a.message ?? ''}`}
            </li>
          ))}
        </ol>
      </td>
      <td>
        {failing && (
          <Button onClick={() => void retry()} data-testid="exports-retry">
            {ex.retry}
          </Button>
        )}
      </td>
    </tr>
  );
}
