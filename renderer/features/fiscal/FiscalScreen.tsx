import { useCallback, useEffect, useState } from 'react';
import type { FiscalDiagnostics, Requisites } from '../../../preload/contract.js';
import { Button } from '../../components/Button.js';
import { canCall } from '../../app/access.js';
import { formatDateTime } from '../../app/money.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';
import { ageText, fiscalText as t } from './text.js';

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

/** СКО diagnostics (reachability, token, queue, last error) and, for the admin, «Заполнить из ПК». */
export function FiscalScreen() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const [d, setD] = useState<FiscalDiagnostics | null>(null);
  const [checking, setChecking] = useState(false);
  const [filled, setFilled] = useState<Requisites | null>(null);

  const check = useCallback(async () => {
    setChecking(true);
    const r = await dispatch(call('fiscal.status'));
    if (r.ok) setD(r.value);
    setChecking(false);
  }, [dispatch]);

  useEffect(() => {
    void check();
    // The queue moves without a new round trip to the СКО.
    const off = window.kassa.on('fiscal.queue', (q) => setD((prev) => (prev ? { ...prev, queue: { ...prev.queue, pending: q.pending, oldestAt: q.oldestAt } } : prev)));
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        dispatch(navigated('menu'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
    };
  }, [check, dispatch]);

  const fill = async () => {
    const r = await dispatch(call('settings.fillRequisitesFromSko'));
    if (r.ok) setFilled(r.value);
  };

  return (
    <div className="screen diagnostics-screen" data-testid="screen-fiscal">
      <section className="card diagnostics-card">
        <div className="screen-head">
          <h1>{t.title}</h1>
          <Button onClick={() => void check()} disabled={checking} data-testid="fiscal-check">
            {t.check}
          </Button>
          {canCall('settings.fillRequisitesFromSko', status).allowed && (
            <Button onClick={() => void fill()} data-testid="fiscal-fill-requisites">
              {t.fill}
            </Button>
          )}
          <Button onClick={() => dispatch(navigated('menu'))} shortcut={ru.backKey} data-testid="fiscal-back">
            {ru.back}
          </Button>
        </div>
        {filled && (
          <p className="muted" data-testid="fiscal-filled">
            {t.filled}: {filled.organization}, {t.unp} {filled.unp}, {t.registrationNumber} {filled.registrationNumber}
          </p>
        )}
        {d ? (
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
        ) : (
          <p className="muted">{ru.loading}</p>
        )}
      </section>
    </div>
  );
}
