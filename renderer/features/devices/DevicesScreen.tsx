import { useEffect, useState, type ReactNode } from 'react';
import { BAUD_RATES, type DeviceSettings, type DisplaySettings, type ScaleSettings, type ScannerSettings } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { ReadState } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { server, useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { dev, weightText } from './text.js';
import { PrinterForm } from './PrinterForm.js';
import { TrainingPrintPreview } from './PrintPreview.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { NumberField, Select, TextField } from './fields.js';

/**
 * Admin: the scale, the serial scanner and the customer display — profile, port (from the
 * system's list or typed), baud rate — each saved on its own; and the checks: read the weight,
 * test the display, a test receipt, open the drawer.
 */
export function DevicesScreen() {
  const dispatch = useAppDispatch();
  const read = useRead('devices.getSettings');
  const settings = read.data;
  const portsRead = useRead('devices.listPorts');
  // No list of ports (none found, or the system would not say): the port is typed.
  const ports = portsRead.data ?? (portsRead.error ? [] : null);

  useEscapeToMenu({ fromFields: false });

  const save = async (patch: Partial<DeviceSettings>) => {
    const r = await dispatch(call('devices.saveSettings', patch));
    if (r.ok) {
      void dispatch(server.util.upsertQueryData('devices.getSettings', undefined, r.value));
      dispatch(noticeShown('success', dev.saved));
    }
  };

  const info = (text: string) => dispatch(noticeShown('info', text));

  const readWeight = async () => {
    const r = await dispatch(call('scale.read'));
    if (r.ok) info(`${dev.weight}: ${weightText(r.value)}${r.value.message ? ` — ${r.value.message}` : ''}`);
  };
  const testDisplay = async () => {
    const r = await dispatch(call('display.test'));
    if (r.ok) info(dev.displayShown(r.value.upper, r.value.lower));
  };
  // The test receipt's picture (training printer), shown under the printer's buttons once printed.
  const [testPrints, setTestPrints] = useState(0);
  const testPrint = async () => {
    const r = await dispatch(call('printer.testPrint'));
    if (!r.ok) return;
    if (r.value.printed) setTestPrints((n) => n + 1);
    // printed:false is an answer, not an error: the printer's own reason is what the admin needs.
    if (r.value.printed) dispatch(noticeShown('success', r.value.message ? `${dev.printed}. ${r.value.message}` : dev.printed));
    else dispatch(noticeShown('error', r.value.message ?? dev.notPrinted));
  };
  const openDrawer = async () => {
    const r = await dispatch(call('printer.openDrawer'));
    if (r.ok) dispatch(noticeShown('success', dev.drawerOpened));
  };

  return (
    <div className="screen devices-screen" data-testid="screen-devices">
      <div className="devices-scroll">
        <ScreenHead title={dev.title} testId="devices">
          <Button onClick={() => dispatch(navigated('diagnostics'))} data-testid="devices-to-diagnostics">
            {dev.menuDiagnostics}
          </Button>
        </ScreenHead>
        <datalist id="serial-ports">
          {ports?.map((p) => (
            <option key={p.path} value={p.path} label={p.label} />
          ))}
        </datalist>
        {ports?.length === 0 && (
          <p className="muted small" data-testid="devices-no-ports">
            {dev.portsNone}
          </p>
        )}
        <ReadState read={read} testId="devices" />
        {settings && (
          <div className="devices-grid">
            <ScaleForm
              value={settings.scale}
              onSave={(scale) => save({ scale })}
              actions={
                <Button onClick={() => void readWeight()} data-testid="devices-read-weight">
                  {dev.readWeight}
                </Button>
              }
            />
            <DisplayForm
              value={settings.display}
              onSave={(display) => save({ display })}
              actions={
                <>
                  <Button onClick={() => void testDisplay()} data-testid="devices-test-display">
                    {dev.testDisplay}
                  </Button>
                  <Button onClick={() => window.open('./?view=customer', 'kassa-customer')} data-testid="devices-customer-window">
                    {dev.openCustomerWindow}
                  </Button>
                </>
              }
            />
            <ScannerForm value={settings.scanner} onSave={(scanner) => save({ scanner })} />
            <PrinterForm
              value={settings.printer}
              onSave={(printer) => save({ printer })}
              actions={
                <>
                  <Button onClick={() => void testPrint()} data-testid="devices-test-print">
                    {dev.testPrint}
                  </Button>
                  <Button onClick={() => void openDrawer()} data-testid="devices-open-drawer">
                    {dev.openDrawer}
                  </Button>
                  {testPrints > 0 && <TrainingPrintPreview key={testPrints} />}
                </>
              }
            />
          </div>
        )}
      </div>
    </div>
  );
}

// ─── One form per device ──────────────────────────────────────────────────────

type FormProps<T> = { readonly value: T; readonly onSave: (v: T) => Promise<void>; readonly actions?: ReactNode };

export function ScaleForm({ value, onSave, actions }: FormProps<ScaleSettings>) {
  const [s, set] = useState(value);
  useEffect(() => set(value), [value]);
  const real = s.profile !== 'none' && s.profile !== 'simulated';
  return (
    <DeviceCard title={dev.scale} id="scale" onSave={() => onSave(s)} actions={actions}>
      <Select label={dev.profile} id="scale-profile" value={s.profile} options={dev.scaleProfiles} onChange={(profile) => set({ ...s, profile })} />
      {real && (
        <>
          <PortField id="scale-path" value={s.path} onChange={(path) => set({ ...s, path })} />
          <Baud id="scale-baud" value={s.baudRate} onChange={(baudRate) => set({ ...s, baudRate })} />
          <NumberField label={dev.pollMs} id="scale-poll" value={s.pollMs} onChange={(pollMs) => set({ ...s, pollMs })} />
          <NumberField label={dev.timeoutMs} id="scale-timeout" value={s.timeoutMs} onChange={(timeoutMs) => set({ ...s, timeoutMs })} />
          {s.profile === 'shtrih-pos2' && <TextField label={dev.password} id="scale-password" value={s.password} onChange={(password) => set({ ...s, password })} />}
        </>
      )}
    </DeviceCard>
  );
}

function ScannerForm({ value, onSave }: FormProps<ScannerSettings>) {
  const [s, set] = useState(value);
  useEffect(() => set(value), [value]);
  return (
    <DeviceCard title={dev.scanner} id="scanner" onSave={() => onSave(s)}>
      <Select label={dev.profile} id="scanner-profile" value={s.profile} options={dev.scannerProfiles} onChange={(profile) => set({ ...s, profile })} />
      {s.profile === 'serial' && (
        <>
          <PortField id="scanner-path" value={s.path} onChange={(path) => set({ ...s, path })} />
          <Baud id="scanner-baud" value={s.baudRate} onChange={(baudRate) => set({ ...s, baudRate })} />
          <Select label={dev.suffix} id="scanner-suffix" value={s.suffix} options={dev.suffixes} onChange={(suffix) => set({ ...s, suffix })} />
        </>
      )}
    </DeviceCard>
  );
}

function DisplayForm({ value, onSave, actions }: FormProps<DisplaySettings>) {
  const [s, set] = useState(value);
  useEffect(() => set(value), [value]);
  return (
    <DeviceCard title={dev.display} id="display" onSave={() => onSave(s)} actions={actions}>
      <Select label={dev.profile} id="display-profile" value={s.profile} options={dev.displayProfiles} onChange={(profile) => set({ ...s, profile })} />
      {s.profile !== 'none' && (
        <>
          <PortField id="display-path" value={s.path} onChange={(path) => set({ ...s, path })} />
          <Baud id="display-baud" value={s.baudRate} onChange={(baudRate) => set({ ...s, baudRate })} />
          <Select label={dev.encoding} id="display-encoding" value={s.encoding} options={dev.encodings} onChange={(encoding) => set({ ...s, encoding })} />
          <TextField label={dev.codeTable} id="display-code-table" value={s.codeTable} hint={dev.codeTableHint} onChange={(codeTable) => set({ ...s, codeTable })} />
          <NumberField label={dev.columns} id="display-columns" value={s.columns} onChange={(columns) => set({ ...s, columns })} />
        </>
      )}
      <label className="check-field">
        <input type="checkbox" checked={s.customerWindow} onChange={(e) => set({ ...s, customerWindow: e.target.checked })} data-testid="display-customer-window" />
        {dev.customerWindow}
      </label>
    </DeviceCard>
  );
}

// ─── Small form parts ─────────────────────────────────────────────────────────

function DeviceCard({ title, id, onSave, actions, children }: { title: string; id: string; onSave: () => Promise<void>; actions?: ReactNode; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  return (
    <section className="card devices-card" data-testid={`devices-${id}`}>
      <h2>{title}</h2>
      <form
        className="devices-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          void onSave().finally(() => setBusy(false));
        }}
      >
        {children}
        <div className="devices-actions">
          <Button type="submit" variant="primary" disabled={busy} data-testid={`devices-save-${id}`}>
            {dev.save}
          </Button>
          {actions}
        </div>
      </form>
    </section>
  );
}

function PortField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return <TextField label={dev.port} id={id} value={value} hint={dev.portHint} list="serial-ports" onChange={onChange} />;
}

function Baud({ id, value, onChange }: { id: string; value: number; onChange: (v: number) => void }) {
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{dev.baudRate}</span>
      <select id={id} className="input" value={String(value)} onChange={(e) => onChange(Number(e.target.value))} data-testid={id}>
        {BAUD_RATES.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </label>
  );
}
