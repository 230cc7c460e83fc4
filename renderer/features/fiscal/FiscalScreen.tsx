import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { FiscalDiagnostics, FiscalSettings, Requisites } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Loaded } from '../../components/Loaded.js';
import { canCall } from '../../app/access.js';
import { formatMoney } from '../../../common/money.js';
import { formatDateTime } from '../../app/dates.js';
import { noticeShown } from '../../app/notices.js';
import { server, useRead } from '../../app/server.js';
import { call, refreshStatus, useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { ageText, fiscalText as t } from './text.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';

type Row = { readonly id: string; readonly label: string; readonly value: string; readonly state: 'ok' | 'error' | 'off' };

function rowsOf(d: FiscalDiagnostics): Row[] {
  const q = d.queue;
  return [
    {
      id: 'endpoint',
      label: t.endpoint,
      value: `${d.endpoint}: ${d.reachable ? t.reachable(d.latencyMs) : `${t.unreachable}${d.probeError ? ` — ${d.probeError}` : ''}`}`,
      state: d.reachable ? 'ok' : 'error',
    },
    {
      id: 'token',
      label: t.token,
      value: `${t.tokenStates[d.token.state]}${d.token.state === 'valid' && d.token.expiresAt ? `, ${t.until(formatDateTime(d.token.expiresAt))}` : ''}`,
      state: d.token.state === 'valid' || d.token.state === 'expired' ? 'ok' : 'error',
    },
    { id: 'pin', label: t.pinState, value: d.needsPin ? t.pinNeeded : t.pinOk, state: d.needsPin ? 'error' : 'ok' },
    {
      id: 'queue',
      label: t.queue,
      value:
        q.pending === 0
          ? t.queueEmpty
          : [t.pending(q.pending), q.oldestAt ? t.oldest(ageText(q.oldestAt)) : null, q.inFlight > 0 ? t.inFlight(q.inFlight) : null].filter(Boolean).join(' · '),
      state: q.pending === 0 ? 'ok' : d.salesBlocked ? 'error' : 'off',
    },
    { id: 'rejected', label: t.rejected, value: q.rejected === 0 ? t.none : t.rejectedHint(q.rejected), state: q.rejected === 0 ? 'ok' : 'error' },
    ...(q.blocked > 0 ? [{ id: 'blocked', label: t.blocked, value: t.blockedHint(q.blocked), state: 'error' as const }] : []),
    { id: 'sales', label: t.sales, value: d.salesBlocked ?? t.salesAllowed, state: d.salesBlocked ? 'error' : 'ok' },
    {
      id: 'last-error',
      label: t.lastError,
      value: d.lastError ? `${formatDateTime(d.lastError.at)} ${d.lastError.code}: ${d.lastError.message}` : t.none,
      state: d.lastError ? 'off' : 'ok',
    },
    { id: 'last-delivered', label: t.lastDelivered, value: d.lastDeliveredAt ? formatDateTime(d.lastDeliveredAt) : t.none, state: 'ok' },
    ...(d.holdUntil ? [{ id: 'paused', label: t.paused, value: t.until(formatDateTime(d.holdUntil)), state: 'off' as const }] : []),
  ];
}

/** The PIN again, after another login took the СКО session or the operator locked the till. */
function PinAgain() {
  const dispatch = useAppDispatch();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{4,8}$/.test(pin)) {
      dispatch(noticeShown('error', t.pinBad));
      return;
    }
    setBusy(true);
    const r = await dispatch(call('fiscal.unlock', { pin }));
    setBusy(false);
    setPin('');
    if (r.ok) {
      dispatch(noticeShown('success', t.pinDone(r.value.message, r.value.queue.pending)));
      await dispatch(refreshStatus());
    }
  };
  return (
    <form className="fiscal-pin till-warn" onSubmit={(e) => void submit(e)} data-testid="fiscal-pin-form">
      <h2>{t.pinTitle}</h2>
      <p>{t.pinLead}</p>
      <div className="fiscal-pin-row">
        <label className="field">
          <span className="field-label">{t.pinLabel}</span>
          <input
            className="input input-pin"
            data-testid="fiscal-pin-input"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
          />
        </label>
        <Button type="submit" variant="primary" disabled={busy} data-testid="fiscal-pin-submit">
          {t.pinSubmit}
        </Button>
      </div>
    </form>
  );
}

/** Documents the СКО refused, with its reason, and «Отправить снова». */
function Refused({ d }: { readonly d: FiscalDiagnostics }) {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const [busy, setBusy] = useState<number | null>(null);
  const resend = async (id: number) => {
    setBusy(id);
    const r = await dispatch(call('fiscal.resend', { documentId: id }));
    setBusy(null);
    if (r.ok) {
      const why = r.value.refusal ? `: ${r.value.refusal.code} — ${r.value.refusal.message}` : '';
      dispatch(noticeShown(r.value.state === 'delivered' ? 'success' : 'error', `${t.resent[r.value.state]}${why}`));
    }
  };
  return (
    <section className="fiscal-section" data-testid="fiscal-refused">
      <h2>{t.refusedTitle}</h2>
      {d.refused.length === 0 ? (
        <p className="muted">{t.refusedNone}</p>
      ) : (
        <>
          <p className="muted small">{t.refusedHint}</p>
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t.refusedDocument}</th>
                <th className="num">{t.refusedTotal}</th>
                <th>{t.refusedReason}</th>
                <th>{t.refusedAt}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.refused.map((r) => (
                <tr key={r.id} data-testid="fiscal-refused-row" data-document-id={r.id}>
                  <td>{ru.docName(r.kind, r.numberInShift, r.shiftNumber)}</td>
                  <td className="num">{formatMoney(r.total)}</td>
                  <td className="fiscal-reason">
                    <b>{r.code}</b>: {r.message}
                  </td>
                  <td>{formatDateTime(r.refusedAt)}</td>
                  <td>
                    <Button onClick={() => void resend(r.id)} verdict={canCall('fiscal.resend', status)} disabled={busy !== null} data-testid="fiscal-resend">
                      {t.resend}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

const SETTING_FIELDS: readonly [keyof FiscalSettings, string][] = [
  ['maxQueuedDocuments', t.maxQueued],
  ['maxUnsentAgeHours', t.maxAge],
  ['zWaitSeconds', t.zWait],
];

/** The offline limits and the Z wait: everyone sees them, the admin changes them. */
function Settings({ limits }: { readonly limits: FiscalSettings }) {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const editable = canCall('fiscal.saveSettings', status).allowed;
  const [values, setValues] = useState<Record<keyof FiscalSettings, string>>(() => ({
    maxQueuedDocuments: String(limits.maxQueuedDocuments),
    maxUnsentAgeHours: String(limits.maxUnsentAgeHours),
    zWaitSeconds: String(limits.zWaitSeconds),
  }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const patch: Partial<FiscalSettings> = {};
    for (const [key] of SETTING_FIELDS) {
      const v = values[key].trim();
      if (!/^\d+$/.test(v)) {
        dispatch(noticeShown('error', t.badNumber));
        return;
      }
      patch[key] = Number(v);
    }
    const r = await dispatch(call('fiscal.saveSettings', patch));
    if (r.ok) dispatch(noticeShown('success', t.saved));
  };
  return (
    <form className="fiscal-section fiscal-settings" onSubmit={(e) => void save(e)} data-testid="fiscal-settings">
      <h2>{t.settingsTitle}</h2>
      <p className="muted small">{t.settingsHint}</p>
      {SETTING_FIELDS.map(([key, label]) => (
        <label className="field" key={key}>
          <span className="field-label">{label}</span>
          <input
            className="input"
            inputMode="numeric"
            autoComplete="off"
            data-testid={`fiscal-setting-${key}`}
            disabled={!editable}
            value={values[key]}
            onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value.replace(/\D/g, '').slice(0, 6) }))}
          />
        </label>
      ))}
      {editable ? (
        <Button type="submit" variant="primary" data-testid="fiscal-settings-save">
          {t.save}
        </Button>
      ) : (
        <p className="muted small">{t.adminOnly}</p>
      )}
    </form>
  );
}

/** СКО diagnostics (reachability, token, queue, last error), the PIN again, refused documents, the transfer settings and, for the admin, «Заполнить из ПК». */
export function FiscalScreen() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const read = useRead('fiscal.status');
  const [filled, setFilled] = useState<Requisites | null>(null);
  const shown = useRef<FiscalDiagnostics | undefined>(undefined);
  shown.current = read.data;
  const check = read.refetch;
  const checkRef = useRef(check);
  checkRef.current = check;

  useEffect(
    () =>
      // The queue moves without a new round trip to the СКО; a new refusal or a PIN to enter is worth a fresh look.
      window.kassa.on('fiscal.queue', (q) => {
        const prev = shown.current;
        if (!prev) return;
        if (q.rejected !== prev.queue.rejected || q.needsPin !== prev.needsPin) checkRef.current();
        void dispatch(
          server.util.updateQueryData('fiscal.status', undefined, (d) => ({
            ...d,
            needsPin: q.needsPin,
            queue: { ...d.queue, pending: q.pending, oldestAt: q.oldestAt, oldestAgeMinutes: q.oldestAgeMinutes, rejected: q.rejected, blocked: q.blocked },
          })),
        );
      }),
    [dispatch],
  );
  useEscapeToMenu();

  // The СКО may take seconds to answer: the button says at once that it asked.
  const [filling, setFilling] = useState(false);
  const fill = async () => {
    if (filling) return;
    setFilling(true);
    const r = await dispatch(call('settings.fillRequisitesFromSko'));
    setFilling(false);
    if (r.ok) setFilled(r.value);
  };

  return (
    <div className="screen diagnostics-screen" data-testid="screen-fiscal">
      <section className="card diagnostics-card fiscal-card">
        <ScreenHead title={t.title} testId="fiscal">
          <Button onClick={check} disabled={read.isFetching} data-testid="fiscal-check">
            {t.check}
          </Button>
          {canCall('settings.fillRequisitesFromSko', status).allowed && (
            <Button onClick={() => void fill()} disabled={filling} title={t.fillHint} data-testid="fiscal-fill-requisites">
              {filling ? t.filling : t.fill}
            </Button>
          )}
        </ScreenHead>
        {filled && (
          <p className="muted" data-testid="fiscal-filled">
            {t.filled}: {filled.organization}, {t.unp} {filled.unp}, {t.registrationNumber} {filled.registrationNumber}
          </p>
        )}
        <Loaded read={read} testId="fiscal">
          {(d) => (
            <div className="fiscal-grid">
              <div className="fiscal-main">
                {d.needsPin && <PinAgain />}
                <table className="table diagnostics-table" data-testid="fiscal-table">
                  <tbody>
                    {rowsOf(d).map((r) => (
                      <tr key={r.id} className={`diag-row diag-${r.state}`} data-testid={`fiscal-${r.id}`} data-state={r.state}>
                        <td>{r.label}</td>
                        <td>{r.value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Refused d={d} />
              </div>
              <Settings limits={d.limits} />
            </div>
          )}
        </Loaded>
      </section>
    </div>
  );
}
