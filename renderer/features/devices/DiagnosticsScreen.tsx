import type { DeviceStatus } from '../../../preload/contract/index.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Loaded } from '../../components/Loaded.js';
import { formatDateTime } from '../../app/dates.js';
import { useRead } from '../../app/server.js';
import { dev } from './text.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { canCall } from '../../app/access.js';
import { useAppSelector } from '../../app/store.js';
import { StorageDiagnostics } from '../maintenance/StorageDiagnostics.js';

const ORDER: readonly DeviceStatus['device'][] = ['scale', 'scanner', 'display', 'printer'];

/** Each device's state, read again on every `device.status`; a device in trouble is red and says what to do. */
export function DiagnosticsScreen() {
  const rows = useRead('devices.diagnostics');
  const status = useAppSelector((s) => s.session.status);
  useEscapeToMenu();

  return (
    <div className="screen diagnostics-screen" data-testid="screen-diagnostics">
      <section className="card diagnostics-card">
        <ScreenHead title={dev.diagnosticsTitle} testId="diagnostics" />
        <Loaded read={rows} testId="diagnostics">
          {(list) => (
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
                {[...list]
                  .sort((a, b) => ORDER.indexOf(a.device) - ORDER.indexOf(b.device))
                  .map((r) => {
                    // No serial scanner: the keyboard-wedge scanner is the configured one, not a missing device.
                    const wedge = r.device === 'scanner' && r.state === 'off';
                    return (
                      <tr key={r.device} className={`diag-row diag-${wedge ? 'ok' : r.state}`} data-testid={`diag-${r.device}`} data-state={r.state}>
                        <td>{dev.devices[r.device]}</td>
                        <td className="diag-state">{wedge ? dev.wedgeScanner : dev.states[r.state]}</td>
                        <td className="mono small">{wedge ? dev.wedgeScannerPort : r.path || '—'}</td>
                        <td data-testid={`diag-${r.device}-message`}>{r.message ?? ''}</td>
                        <td className="small muted">{formatDateTime(r.since)}</td>
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
      {status && canCall('maintenance.status', status).allowed && <StorageDiagnostics />}
    </div>
  );
}
