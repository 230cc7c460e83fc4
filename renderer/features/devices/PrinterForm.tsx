import { useEffect, useState, type ReactNode } from 'react';
import {
  BAUD_RATES,
  PRINTER_PRESETS,
  type PrinterConnection,
  type PrinterProfileId,
  type PrinterSettings,
  type PrinterStatus,
} from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { FilePick } from '../../components/FilePick.js';
import { call, useAppDispatch } from '../../app/store.js';
import { prn } from './printer-text.js';
import { NumberField, Select, TextField } from './fields.js';

const DEFAULT_CONNECTIONS: { readonly [K in PrinterConnection['kind']]: Extract<PrinterConnection, { kind: K }> } = {
  emulator: { kind: 'emulator' },
  tcp: { kind: 'tcp', host: '192.168.1.100', port: 9100 },
  'usb-lp': { kind: 'usb-lp', path: '/dev/usb/lp0' },
  serial: { kind: 'serial', path: '', baudRate: 9600 },
  windows: { kind: 'windows', printerName: '' },
  file: { kind: 'file', path: '' },
  none: { kind: 'none' },
};

/**
 * Admin: the receipt printer — where it is, its model (the `ESC t` number of the Cyrillic table),
 * paper, cut, drawer, the shop's header and footer lines and logo — and its state now.
 */
export function PrinterForm({
  value,
  onSave,
  actions,
}: {
  readonly value: PrinterSettings;
  readonly onSave: (p: PrinterSettings) => Promise<void>;
  readonly actions?: ReactNode;
}) {
  const dispatch = useAppDispatch();
  const [s, set] = useState(value);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<PrinterStatus | null>(null);
  useEffect(() => set(value), [value]);
  const c = s.connection;
  const preset = PRINTER_PRESETS[s.profile][s.codepage];

  const check = async () => {
    const r = await dispatch(call('printer.status'));
    if (r.ok) setStatus(r.value);
  };
  const pickLogo = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    set({ ...s, template: { ...s.template, logo: btoa(binary) } });
  };

  return (
    <section className="card devices-card" data-testid="devices-printer">
      <h2>{prn.title}</h2>
      <form
        className="devices-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          void onSave(s).finally(() => setBusy(false));
        }}
      >
        <Select
          id="printer-connection"
          label={prn.connection}
          value={c.kind}
          options={prn.connections}
          onChange={(kind) => set({ ...s, connection: DEFAULT_CONNECTIONS[kind] })}
        />
        {c.kind === 'tcp' && (
          <>
            <TextField id="printer-host" label={prn.host} value={c.host} onChange={(host) => set({ ...s, connection: { ...c, host } })} />
            <NumberField id="printer-port" label={prn.tcpPort} value={c.port} onChange={(port) => set({ ...s, connection: { ...c, port } })} />
          </>
        )}
        {c.kind === 'usb-lp' && (
          <TextField id="printer-device" label={prn.device} hint={prn.deviceHint} value={c.path} onChange={(path) => set({ ...s, connection: { ...c, path } })} />
        )}
        {c.kind === 'serial' && (
          <>
            <TextField id="printer-serial" label={prn.device} value={c.path} list="serial-ports" onChange={(path) => set({ ...s, connection: { ...c, path } })} />
            <Select
              id="printer-baud"
              label="Скорость, бод"
              value={String(c.baudRate)}
              options={Object.fromEntries(BAUD_RATES.map((b) => [String(b), String(b)]))}
              onChange={(b) => set({ ...s, connection: { ...c, baudRate: Number(b) } })}
            />
          </>
        )}
        {c.kind === 'windows' && (
          <TextField
            id="printer-windows"
            label={prn.printerName}
            hint={prn.printerNameHint}
            value={c.printerName}
            onChange={(printerName) => set({ ...s, connection: { ...c, printerName } })}
          />
        )}
        {c.kind === 'file' && <TextField id="printer-file" label={prn.filePath} value={c.path} onChange={(path) => set({ ...s, connection: { ...c, path } })} />}
        <Select
          id="printer-profile"
          label={prn.profile}
          value={s.profile}
          options={Object.fromEntries(Object.entries(PRINTER_PRESETS).map(([k, p]) => [k, p.name])) as Record<PrinterProfileId, string>}
          onChange={(profile) => set({ ...s, profile })}
        />
        <Select id="printer-codepage" label={prn.codepage} value={s.codepage} options={prn.codepages} onChange={(codepage) => set({ ...s, codepage })} />
        <TextField
          id="printer-code-table"
          label={prn.codeTable}
          hint={prn.codeTableHint(preset)}
          value={s.codeTable === null ? '' : String(s.codeTable)}
          onChange={(v) => set({ ...s, codeTable: v.trim() === '' ? null : Number(v.replace(/\D/g, '')) })}
        />
        <Select
          id="printer-paper"
          label={prn.paper}
          value={String(s.paper) as '58' | '80'}
          options={prn.papers}
          onChange={(p) => set({ ...s, paper: p === '58' ? 58 : 80, columns: p === '58' ? 32 : 42 })}
        />
        {s.paper === 80 && (
          <Select
            id="printer-columns"
            label={prn.columns}
            value={String(s.columns) as '42' | '48'}
            options={{ '42': '42', '48': '48' }}
            onChange={(v) => set({ ...s, columns: Number(v) })}
          />
        )}
        <Select id="printer-cut" label={prn.cut} value={s.cut} options={prn.cuts} onChange={(cut) => set({ ...s, cut })} />
        <NumberField id="printer-qr" label={prn.qr} value={s.qrModuleSize} onChange={(qrModuleSize) => set({ ...s, qrModuleSize })} />
        <Check id="printer-auto" label={prn.autoPrint} value={s.autoPrint} onChange={(autoPrint) => set({ ...s, autoPrint })} />
        <Check id="printer-drawer-cash" label={prn.drawerOnCash} value={s.drawer.onCash} onChange={(onCash) => set({ ...s, drawer: { ...s.drawer, onCash } })} />
        <Select
          id="printer-drawer-pin"
          label={prn.drawerPin}
          value={String(s.drawer.pin) as '2' | '5'}
          options={prn.drawerPins}
          onChange={(p) => set({ ...s, drawer: { ...s.drawer, pin: p === '5' ? 5 : 2 } })}
        />
        <NumberField id="printer-pulse" label={prn.pulseMs} value={s.drawer.pulseMs} onChange={(pulseMs) => set({ ...s, drawer: { ...s.drawer, pulseMs } })} />
        <Check
          id="printer-cashier-drawer"
          label={prn.cashierMayOpen}
          value={s.drawer.cashierMayOpen}
          onChange={(cashierMayOpen) => set({ ...s, drawer: { ...s.drawer, cashierMayOpen } })}
        />
        <Lines id="printer-header" label={prn.header} value={s.template.header} onChange={(header) => set({ ...s, template: { ...s.template, header } })} />
        <Lines id="printer-footer" label={prn.footer} value={s.template.footer} onChange={(footer) => set({ ...s, template: { ...s.template, footer } })} />
        <div className="field">
          <label className="field-label" htmlFor="printer-logo">
            {prn.logo}
          </label>
          <FilePick id="printer-logo" label={prn.logoPick} accept="image/png" testId="printer-logo" onPick={(f) => void pickLogo(f)} />
          {s.template.logo && (
            <span className="field-hint">
              {prn.logoSet}{' '}
              <Button onClick={() => set({ ...s, template: { ...s.template, logo: null } })} data-testid="printer-logo-remove">
                {prn.logoRemove}
              </Button>
            </span>
          )}
        </div>
        <div className="devices-actions">
          <Button type="submit" variant="primary" disabled={busy} data-testid="devices-save-printer">
            {prn.save}
          </Button>
          <Button onClick={() => void check()} data-testid="printer-check-status">
            {prn.status}
          </Button>
          {actions}
        </div>
        {status && (
          <p className={status.canPrint ? 'muted' : 'till-warn'} data-testid="printer-status">
            {/* A transport's error already names the connection: not twice. */}
            {status.message.startsWith(status.connection) ? status.message : `${status.connection}: ${status.message}`} (
            {status.statusReadable ? prn.statusReadable : prn.statusUnreadable})
          </p>
        )}
      </form>
    </section>
  );
}

function Check({ id, label, value, onChange }: { id: string; label: string; value: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check-field">
      <input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} data-testid={id} />
      {label}
    </label>
  );
}

function Lines({ id, label, value, onChange }: { id: string; label: string; value: readonly string[]; onChange: (v: string[]) => void }) {
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{label}</span>
      <textarea id={id} className="input" rows={2} value={value.join('\n')} onChange={(e) => onChange(e.target.value.split('\n').slice(0, 8))} data-testid={id} />
    </label>
  );
}
