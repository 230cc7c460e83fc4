import { useEffect, useState } from 'react';
import type { DeviceStatus } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { formatDateTime } from '../../app/dates.js';
import { call, useAppDispatch } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';
import { dev } from './text.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';

/** Each device's state, live from `device.status`; a device in trouble is red and says what to do. */
export function DiagnosticsScreen() {
  const dispatch = useAppDispatch();
  const [rows, setRows] = useState<readonly DeviceStatus[] | null>(null);

  useEffect(() => {
    const off = window.kassa.on('device.status', (s) => setRows((prev) => (prev ? [...prev.filter((r) => r.device !== s.device), s] : [s])));
    void dispatch(call('devices.diagnostics')).then((r) => {
      if (r.ok) setRows(r.value);
    });
    return off;
  }, [dispatch]);
  useEscapeToMenu();

  const order: readonly DeviceStatus['device'][] = ['scale', 'scanner', 'display', 'printer'];
  const sorted = [...(rows ?? [])].sort((a, b) => order.indexOf(a.device) - order.indexOf(b.device));

  return (
    <div className="screen diagnostics-screen" data-testid="screen-diagnostics">
      <section className="card diagnostics-card">
        <div className="screen-head">
          <h1>{dev.diagnosticsTitle}</h1>
          <Button onClick={() => dispatch(navigated('menu'))} shortcut={ru.backKey} data-testid="diagnostics-back">
            {ru.back}
          </Button>
        </div>
        <table className="table diagnostics-table" data-testid="diagnostics-table">
          <thead>
            <tr>
              <th>{dev.device}</th>
              <th>{dev.state}</th>
              <th>{dev.port}</th>
              <th>{dev.details}</th>
              <th>{dev.since}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.device} className={`diag-row diag-${r.state}`} data-testid={`diag-${r.device}`} data-state={r.state}>
                <td>{dev.devices[r.device]}</td>
                <td className="diag-state">{dev.states[r.state]}</td>
                <td className="mono small">{r.path || '—'}</td>
                <td data-testid={`diag-${r.device}-message`}>{r.message ?? ''}</td>
                <td className="small muted">{formatDateTime(r.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
