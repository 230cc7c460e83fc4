import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { GoLiveChecklist, GoLiveStatus, ToWorkingInput, UpdateSettings } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Loaded } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, refreshStatus, useAppDispatch } from '../../app/store.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { goLiveText as t } from './text.js';

/** Admin: the switch between training and working mode, and the checklist before the first real check. */
export function GoLiveScreen() {
  const status = useRead('golive.status');
  useEscapeToMenu({ fromFields: false });
  return (
    <div className="screen golive-screen" data-testid="screen-golive">
      <ScreenHead title={t.title} testId="golive" />
      <div className="golive-columns">
        <section className="golive-mode">
          <Loaded read={status} testId="golive-status">
            {(s) => (s.trainingMode ? <ToWorkingForm status={s} /> : <WorkingNow status={s} />)}
          </Loaded>
          <Updates />
        </section>
        <Checklist />
      </div>
    </div>
  );
}

function Blockers({ status }: { readonly status: GoLiveStatus }) {
  if (status.blockers.length === 0) return null;
  return (
    <div className="till-warn golive-blockers" data-testid="golive-blockers">
      {t.blocked}
      <ul>
        {status.blockers.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
    </div>
  );
}

/** A PEM text: pasted, or read from a file the operator sent. */
function PemField(props: { readonly label: string; readonly value: string; readonly onChange: (v: string) => void; readonly testId: string }) {
  const fromFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void file.text().then((text) => props.onChange(text.trim()));
    e.target.value = '';
  };
  return (
    <label className="field golive-pem">
      <span className="field-label">
        {props.label}
        <span className="golive-file">
          {t.fromFile}
          <input type="file" accept=".pem,.crt,.cer,.pub,.txt" onChange={fromFile} data-testid={`${props.testId}-file`} />
        </span>
      </span>
      <textarea
        className="input golive-textarea"
        rows={3}
        spellCheck={false}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      />
    </label>
  );
}

function ToWorkingForm({ status }: { readonly status: GoLiveStatus }) {
  const dispatch = useAppDispatch();
  const [url, setUrl] = useState(status.lastWorking?.url ?? '');
  const [deviceCode, setDeviceCode] = useState(status.lastWorking?.deviceCode ?? '');
  const [pin, setPin] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [ca, setCa] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{4,8}$/.test(pin)) {
      dispatch(noticeShown('error', t.pinBad));
      return;
    }
    setConfirm(true);
  };
  const go = async () => {
    setBusy(true);
    const input: ToWorkingInput = { url: url.trim(), deviceCode: deviceCode.trim(), pin, publicKey: publicKey.trim(), caCertificate: ca.trim() ? ca.trim() : null };
    const r = await dispatch(call('golive.toWorking', input));
    setBusy(false);
    setConfirm(false);
    setPin('');
    if (r.ok) {
      dispatch(noticeShown(r.value.clock.ok ? 'success' : 'error', t.done(r.value.message)));
      await dispatch(refreshStatus());
    }
  };
  return (
    <form className="golive-form" onSubmit={submit} data-testid="golive-form">
      <p className="golive-now">{t.modeTraining}</p>
      <p className="muted small">{t.counts(status.workingDocuments, status.trainingDocuments)}</p>
      <h2>{t.formTitle}</h2>
      <p className="muted small">{t.formLead}</p>
      <Blockers status={status} />
      <div className="golive-row">
        <label className="field golive-url">
          <span className="field-label">{t.url}</span>
          <input className="input" value={url} placeholder={t.urlHint} onChange={(e) => setUrl(e.target.value)} data-testid="golive-url" />
        </label>
        <label className="field">
          <span className="field-label">{t.deviceCode}</span>
          <input className="input" value={deviceCode} onChange={(e) => setDeviceCode(e.target.value)} data-testid="golive-device-code" />
        </label>
        <label className="field golive-pin">
          <span className="field-label">{t.pin}</span>
          <input
            className="input input-pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            data-testid="golive-pin"
          />
        </label>
      </div>
      <PemField label={t.publicKey} value={publicKey} onChange={setPublicKey} testId="golive-public-key" />
      <PemField label={t.ca} value={ca} onChange={setCa} testId="golive-ca" />
      <Button type="submit" variant="primary" disabled={busy || status.blockers.length > 0} data-testid="golive-submit">
        {t.submit}
      </Button>
      {confirm && (
        <ConfirmDialog
          title={t.confirmTitle}
          text={t.confirmText}
          confirm={t.confirmOk}
          busy={busy}
          onConfirm={() => void go()}
          onCancel={() => setConfirm(false)}
          testId="golive-confirm"
        />
      )}
    </form>
  );
}

function WorkingNow({ status }: { readonly status: GoLiveStatus }) {
  const dispatch = useAppDispatch();
  // What main says happens (CONFIRM_REQUIRED), or the short text when nothing working is there.
  const [ask, setAsk] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const back = async (confirmed: boolean) => {
    setBusy(true);
    const r = await dispatch(call('golive.toTraining', confirmed ? { confirmed } : {}, { quiet: !confirmed }));
    setBusy(false);
    if (r.ok) {
      setAsk(null);
      dispatch(noticeShown('success', t.backDone(r.value.message)));
      await dispatch(refreshStatus());
    } else if (r.error.code === 'CONFIRM_REQUIRED') setAsk(r.error.message);
    else if (!confirmed) dispatch(noticeShown('error', r.error.message, r.error.code));
  };
  return (
    <div className="golive-form" data-testid="golive-working">
      <p className="golive-now golive-now-working">{t.modeWorking}</p>
      <p className="muted small">{t.counts(status.workingDocuments, status.trainingDocuments)}</p>
      <p data-testid="golive-sko">
        {t.skoNow}: <b>{status.sko.url ?? t.skoBuiltIn}</b>
      </p>
      <Blockers status={status} />
      <Button
        variant="danger"
        onClick={() => (status.workingDocuments === 0 ? setAsk(t.backSimple) : void back(false))}
        disabled={busy || status.blockers.length > 0}
        data-testid="golive-to-training"
      >
        {t.back}
      </Button>
      {ask !== null && (
        <ConfirmDialog
          title={t.backTitle}
          text={ask}
          confirm={t.backOk}
          danger
          busy={busy}
          onConfirm={() => void back(true)}
          onCancel={() => setAsk(null)}
          testId="golive-back-confirm"
        />
      )}
    </div>
  );
}

/** Program updates (desktop app): off by default; the admin turns them on and picks the channel. */
function Updates() {
  const dispatch = useAppDispatch();
  const read = useRead('golive.updates');
  const save = async (next: UpdateSettings) => {
    const r = await dispatch(call('golive.saveUpdates', next));
    if (r.ok) dispatch(noticeShown('success', t.updatesSaved));
  };
  return (
    <section className="golive-updates" data-testid="golive-updates">
      <h2>{t.updatesTitle}</h2>
      <Loaded read={read} testId="golive-updates">
        {(u) => (
          <div className="golive-row">
            <label className="check-field">
              <input type="checkbox" checked={u.enabled} onChange={(e) => void save({ ...u, enabled: e.target.checked })} data-testid="golive-updates-enabled" />
              {t.updatesOn}
            </label>
            <label className="field-inline">
              {t.updatesChannel}
              <select
                className="input"
                value={u.channel}
                onChange={(e) => void save({ ...u, channel: e.target.value as UpdateSettings['channel'] })}
                data-testid="golive-updates-channel"
              >
                <option value="stable">{t.channels.stable}</option>
                <option value="beta">{t.channels.beta}</option>
              </select>
            </label>
          </div>
        )}
      </Loaded>
      <p className="muted small">{t.updatesHint}</p>
    </section>
  );
}

function Checklist() {
  const list = useRead('golive.checklist');
  return (
    <section className="golive-checklist" data-testid="golive-checklist">
      <div className="golive-checklist-head">
        <h2>{t.checklistTitle}</h2>
        <Button onClick={list.refetch} disabled={list.isFetching} data-testid="golive-checklist-again">
          {t.checklistAgain}
        </Button>
      </div>
      <Loaded read={list} testId="golive-checklist">
        {(c: GoLiveChecklist) => (
          <>
            <p className={c.ready ? 'golive-ready' : 'till-warn'} data-testid="golive-ready" data-ready={c.ready}>
              {c.ready ? t.checklistReady : t.checklistNotReady}
            </p>
            <ul className="golive-items">
              {c.items.map((i) => (
                <li key={i.id} className={`golive-item golive-${i.state}`} data-testid={`golive-item-${i.id}`} data-state={i.state}>
                  <span className="golive-mark">{t.states[i.state]}</span>
                  <span className="golive-item-text">
                    <b>{i.title}</b>
                    <span className="small">{i.detail}</span>
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </Loaded>
    </section>
  );
}
