import { useState } from 'react';
import type { ArchiveCheckView, CleanupPreview, ExportSchedule, StorageTargetView } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DateField } from '../../components/DateField.js';
import { Dialog } from '../../components/Dialog.js';
import { Field } from '../../components/Field.js';
import { Loaded } from '../../components/Loaded.js';
import { TaskProgress } from '../../components/TaskProgress.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { ru } from '../../i18n/ru.js';
import { TargetSelect } from '../../components/TargetSelect.js';
import { formatFileSize } from '../../../common/file-size.js';
import { mt } from './text.js';

const TRANSFER_WORD = 'ПЕРЕНОС';

/** Admin: database archives, cleanup, the schedule, support, goods. */
export function MaintenanceScreen() {
  const dispatch = useAppDispatch();
  useEscapeToMenu();
  const status = useRead('maintenance.status');
  const targets = useRead('storage.targets');
  return (
    <div className="screen maintenance-screen" data-testid="screen-maintenance">
      <ScreenHead title={mt.title} testId="maintenance" actionsClassName="maintenance-head-actions">
        <Button onClick={() => dispatch(navigated('journal'))} data-testid="maintenance-journal">
          {mt.journalMenu}
        </Button>
      </ScreenHead>
      <Loaded read={status} testId="maintenance-status">
        {(s) => (
          <section className="card maintenance-status" data-testid="maintenance-state">
            <span>
              {mt.dbSize}: <b>{formatFileSize(s.dbBytes)}</b>
            </span>
            {s.freeBytes !== null && (
              <span>
                {mt.free}: <b>{formatFileSize(s.freeBytes)}</b>
              </span>
            )}
            <span className={s.exportOverdue ? 'maintenance-overdue' : ''} data-testid="maintenance-last-export">
              {mt.lastExport}: <b>{s.lastExport ? `${new Date(s.lastExport.at).toLocaleString('ru-RU')} (${mt.daysAgo(s.exportAgeDays ?? 0)})` : mt.never}</b>
              {s.exportOverdue && (
                <span className="tag tag-danger" data-testid="maintenance-export-overdue">
                  {s.lastExport ? mt.overdue : mt.overdueNever}
                </span>
              )}
            </span>
          </section>
        )}
      </Loaded>
      <Loaded read={targets} testId="maintenance-targets">
        {({ targets: list }) =>
          list.length === 0 ? (
            <p className="card muted" data-testid="maintenance-no-targets">
              {mt.noTargets}
            </p>
          ) : (
            <div className="maintenance-grid">
              <ExportCard targets={list} />
              <ImportCard targets={list} />
              <CleanupCard />
              {status.data && <ScheduleCard targets={list} schedule={status.data.schedule} />}
              <SupportCard targets={list} />
            </div>
          )
        }
      </Loaded>
    </div>
  );
}

function ExportCard({ targets }: { targets: readonly StorageTargetView[] }) {
  const dispatch = useAppDispatch();
  const [targetId, setTargetId] = useState(targets[0]!.id);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const r = await dispatch(call('maintenance.export', { targetId }));
    setBusy(false);
    if (r.ok) dispatch(noticeShown('success', mt.exported(r.value.path, r.value.where)));
  };
  return (
    <section className="card" data-testid="maintenance-export">
      <h2>{mt.exportTitle}</h2>
      <p className="muted small">{mt.exportHint}</p>
      <TargetSelect label={mt.target} targets={targets} value={targetId} onChange={setTargetId} testId="maintenance-export-target" />
      <Button variant="primary" disabled={busy} onClick={() => void run()} data-testid="maintenance-export-run">
        {mt.exportRun}
      </Button>
      <TaskProgress job="maintenance.export" />
    </section>
  );
}

function ImportCard({ targets }: { targets: readonly StorageTargetView[] }) {
  const dispatch = useAppDispatch();
  const [targetId, setTargetId] = useState(targets[0]!.id);
  const [files, setFiles] = useState<readonly { path: string; name: string; size: number }[] | null>(null);
  const [path, setPath] = useState('');
  const [check, setCheck] = useState<ArchiveCheckView | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [word, setWord] = useState('');
  const [busy, setBusy] = useState(false);
  const list = async () => {
    setCheck(null);
    const r = await dispatch(call('maintenance.archives', { targetId }));
    if (r.ok) {
      setFiles(r.value.files);
      setPath(r.value.files[0]?.path ?? '');
    }
  };
  const inspect = async () => {
    setBusy(true);
    setCheck(null);
    const r = await dispatch(call('maintenance.inspect', { targetId, path }));
    setBusy(false);
    if (r.ok) setCheck(r.value);
  };
  const run = async () => {
    setBusy(true);
    const r = await dispatch(call('maintenance.import', { targetId, path, ...(check?.sameTill ? {} : { confirmTransfer: word }) }));
    setBusy(false);
    setConfirm(false);
    if (r.ok) dispatch(noticeShown('success', `Импорт выполнен: документов ${r.value.documents}. Войдите заново.`));
  };
  const m = check?.manifest;
  return (
    <section className="card" data-testid="maintenance-import">
      <h2>{mt.importTitle}</h2>
      <p className="muted small">{mt.importHint}</p>
      <TargetSelect
        label={mt.target}
        targets={targets}
        value={targetId}
        onChange={(id) => {
          setTargetId(id);
          setFiles(null);
          setCheck(null);
        }}
        testId="maintenance-import-target"
      />
      <Button onClick={() => void list()} data-testid="maintenance-archives">
        {mt.archives}
      </Button>
      {files &&
        (files.length === 0 ? (
          <p className="muted">{mt.noArchives}</p>
        ) : (
          <div className="maintenance-row">
            <select
              className="input"
              value={path}
              onChange={(e) => {
                setPath(e.target.value);
                setCheck(null);
              }}
              data-testid="maintenance-archive"
            >
              {files.map((f) => (
                <option key={f.path} value={f.path}>
                  {f.name} ({formatFileSize(f.size)})
                </option>
              ))}
            </select>
            <Button disabled={busy || !path} onClick={() => void inspect()} data-testid="maintenance-inspect">
              {mt.check}
            </Button>
          </div>
        ))}
      <TaskProgress job="maintenance.check" />
      {m && check && (
        <div className="maintenance-manifest" data-testid="maintenance-manifest">
          <b>{mt.manifest}</b>
          <dl>
            <dt>{mt.made}</dt>
            <dd>{new Date(m.createdAt).toLocaleString('ru-RU')}</dd>
            <dt>{mt.version}</dt>
            <dd>
              {m.appVersion} / {m.schemaVersion}
            </dd>
            <dt>{mt.till}</dt>
            <dd>
              {m.till.registrationNumber || mt.training}
              {!check.sameTill && <span className="tag tag-danger">{mt.otherTill}</span>}
            </dd>
            <dt>{mt.shifts}</dt>
            <dd>{m.shifts.count > 0 ? `${m.shifts.count} (№ ${m.shifts.firstNumber}–${m.shifts.lastNumber})` : '0'}</dd>
            <dt>{mt.documents}</dt>
            <dd>{m.documents}</dd>
          </dl>
          {check.migrates && <p className="muted small">{mt.migrates}</p>}
          <Button variant="danger" onClick={() => setConfirm(true)} data-testid="maintenance-import-run">
            {mt.importRun}
          </Button>
        </div>
      )}
      {confirm && check && (
        <Dialog title={mt.importConfirm} onClose={() => setConfirm(false)} testId="maintenance-import-confirm">
          <p className="dialog-text">{mt.importText}</p>
          {!check.sameTill && (
            <Field label={mt.transferText(TRANSFER_WORD)} value={word} onChange={(e) => setWord(e.target.value)} data-testid="maintenance-transfer-word" />
          )}
          <div className="dialog-actions">
            <Button onClick={() => setConfirm(false)} shortcut="Esc" data-testid="maintenance-import-cancel">
              {ru.cancel}
            </Button>
            <Button
              variant="danger"
              disabled={busy || (!check.sameTill && word.trim() !== TRANSFER_WORD)}
              onClick={() => void run()}
              data-testid="maintenance-import-ok"
            >
              {mt.importRun}
            </Button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function CleanupCard() {
  const dispatch = useAppDispatch();
  const [upTo, setUpTo] = useState('');
  const [preview, setPreview] = useState<CleanupPreview | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const look = async () => {
    const r = await dispatch(call('maintenance.cleanupPreview', { upTo }));
    if (r.ok) setPreview(r.value);
  };
  const run = async () => {
    if (!preview) return;
    setBusy(true);
    const r = await dispatch(call('maintenance.cleanup', { upTo: preview.upTo, expectShifts: preview.shifts }));
    setBusy(false);
    setConfirm(false);
    setPreview(null);
    if (r.ok) dispatch(noticeShown('success', mt.cleaned(r.value.shifts, r.value.documents)));
  };
  return (
    <section className="card" data-testid="maintenance-cleanup">
      <h2>{mt.cleanupTitle}</h2>
      <p className="muted small">{mt.cleanupHint}</p>
      <div className="maintenance-row">
        <label className="field">
          <span className="field-label">{mt.upTo}</span>
          <DateField value={upTo} onChange={(v) => (setUpTo(v), setPreview(null))} testId="maintenance-cleanup-date" />
        </label>
        <Button disabled={!upTo} onClick={() => void look()} data-testid="maintenance-cleanup-preview">
          {mt.preview}
        </Button>
      </div>
      {preview && (
        <div data-testid="maintenance-cleanup-result">
          <p>{preview.shifts > 0 ? mt.willGo(preview.shifts, preview.documents, formatFileSize(preview.bytes)) : mt.nothing}</p>
          {preview.kept && <p className="muted small">Остаются: {preview.kept}</p>}
          {preview.shifts > 0 && (
            <Button variant="danger" onClick={() => setConfirm(true)} data-testid="maintenance-cleanup-run">
              {mt.cleanupRun}
            </Button>
          )}
        </div>
      )}
      <TaskProgress job="maintenance.cleanup" cancellable={false} />
      {confirm && preview && (
        <ConfirmDialog
          title={mt.cleanupConfirm}
          text={`${mt.willGo(preview.shifts, preview.documents, formatFileSize(preview.bytes))}. ${mt.cleanupText}`}
          confirm={mt.cleanupRun}
          danger
          busy={busy}
          onConfirm={() => void run()}
          onCancel={() => setConfirm(false)}
          testId="maintenance-cleanup-confirm"
        />
      )}
    </section>
  );
}

function ScheduleCard({ targets, schedule }: { targets: readonly StorageTargetView[]; schedule: ExportSchedule }) {
  const dispatch = useAppDispatch();
  const [form, setForm] = useState<ExportSchedule>({ ...schedule, targetId: schedule.targetId ?? targets[0]!.id });
  const save = async () => {
    const r = await dispatch(call('maintenance.saveSchedule', form));
    if (r.ok) dispatch(noticeShown('success', mt.saved));
  };
  return (
    <section className="card" data-testid="maintenance-schedule">
      <h2>{mt.scheduleTitle}</h2>
      <TargetSelect
        label={mt.target}
        targets={targets}
        value={form.targetId ?? ''}
        onChange={(id) => setForm({ ...form, targetId: id })}
        testId="maintenance-schedule-target"
      />
      <div className="maintenance-row">
        <label className="check">
          <input type="checkbox" checked={form.daily} onChange={(e) => setForm({ ...form, daily: e.target.checked })} data-testid="maintenance-schedule-daily" />{' '}
          {mt.daily}
        </label>
        <input className="input maintenance-time" value={form.at} onChange={(e) => setForm({ ...form, at: e.target.value })} data-testid="maintenance-schedule-at" />
      </div>
      <label className="check">
        <input type="checkbox" checked={form.afterZ} onChange={(e) => setForm({ ...form, afterZ: e.target.checked })} data-testid="maintenance-schedule-afterz" />{' '}
        {mt.afterZ}
      </label>
      <div className="maintenance-row">
        <Field
          label={mt.keepLast}
          inputMode="numeric"
          value={String(form.keepLast)}
          onChange={(e) => setForm({ ...form, keepLast: Number(e.target.value) || 0 })}
          data-testid="maintenance-schedule-keep"
        />
        <Field
          label={mt.warnAfter}
          inputMode="numeric"
          value={String(form.warnAfterDays)}
          onChange={(e) => setForm({ ...form, warnAfterDays: Number(e.target.value) || 0 })}
          data-testid="maintenance-schedule-warn"
        />
      </div>
      <Button onClick={() => void save()} data-testid="maintenance-schedule-save">
        {mt.save}
      </Button>
    </section>
  );
}

function SupportCard({ targets }: { targets: readonly StorageTargetView[] }) {
  const dispatch = useAppDispatch();
  const [targetId, setTargetId] = useState(targets[0]!.id);
  const [confirmAll, setConfirmAll] = useState(false);
  const support = async () => {
    const r = await dispatch(call('maintenance.supportBundle', { targetId }));
    if (r.ok) dispatch(noticeShown('success', mt.supportSaved(r.value.path, r.value.where)));
  };
  const deleteGoods = async (which: 'unsold' | 'all') => {
    setConfirmAll(false);
    const r = await dispatch(call('maintenance.deleteGoods', { which }));
    if (r.ok) dispatch(noticeShown('success', mt.deleted(r.value.deleted)));
  };
  return (
    <section className="card" data-testid="maintenance-support">
      <h2>{mt.supportTitle}</h2>
      <TargetSelect label={mt.target} targets={targets} value={targetId} onChange={setTargetId} testId="maintenance-support-target" />
      <Button onClick={() => void support()} data-testid="maintenance-support-run">
        {mt.support}
      </Button>
      <TaskProgress job="maintenance.support" cancellable={false} />
      <h2>{mt.goodsTitle}</h2>
      <div className="maintenance-row">
        <Button onClick={() => void deleteGoods('unsold')} data-testid="maintenance-goods-unsold">
          {mt.deleteUnsold}
        </Button>
        <Button variant="danger" onClick={() => setConfirmAll(true)} data-testid="maintenance-goods-all">
          {mt.deleteAll}
        </Button>
      </div>
      {confirmAll && (
        <ConfirmDialog
          title={mt.deleteAll}
          text={mt.deleteAllText}
          confirm={mt.deleteAll}
          danger
          onConfirm={() => void deleteGoods('all')}
          onCancel={() => setConfirmAll(false)}
          testId="maintenance-goods-confirm"
        />
      )}
    </section>
  );
}
