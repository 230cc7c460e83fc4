import { useState } from 'react';
import type { DeviceSettings, HardwareSurvey } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { server, useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ScaleForm } from '../devices/DevicesScreen.js';
import { PrinterForm } from '../devices/PrinterForm.js';
import { TrainingPrintPreview } from '../devices/PrintPreview.js';
import { weightText } from '../devices/text.js';
import { wz } from './wizard-text.js';

type Step = keyof typeof wz.steps;
const STEPS = Object.keys(wz.steps) as Step[];

/**
 * The first-run wizard of a store PC: data folder, receipt printer (test print, the profile that
 * printed right), scale (port, protocol, «Прочитать вес»), and on Linux the permissions to the
 * ports with the exact fix. Skippable; reopened from «Настройки».
 */
export function SetupWizard() {
  const dispatch = useAppDispatch();
  const [step, setStep] = useState<Step>('folder');
  const survey = useRead('golive.hardware');
  const settings = useRead('devices.getSettings');
  const at = STEPS.indexOf(step);
  const close = async (skipped: boolean) => {
    const r = await dispatch(call('golive.wizardDone', { skipped }));
    if (!r.ok) return;
    if (!skipped) dispatch(noticeShown('success', wz.done));
    dispatch(navigated('menu'));
  };
  const save = async (patch: Partial<DeviceSettings>) => {
    const r = await dispatch(call('devices.saveSettings', patch));
    if (r.ok) void dispatch(server.util.upsertQueryData('devices.getSettings', undefined, r.value));
  };
  return (
    <div className="screen wizard-screen" data-testid="screen-wizard" data-step={step}>
      <div className="screen-head">
        <h1>{wz.title}</h1>
        <Button onClick={() => void close(true)} data-testid="wizard-skip">
          {wz.skip}
        </Button>
      </div>
      <p className="muted small">{wz.lead}</p>
      <ol className="wizard-steps">
        {STEPS.map((s, i) => (
          <li key={s} className={s === step ? 'wizard-step-on' : i < at ? 'wizard-step-done' : ''}>
            <button type="button" className="wizard-step" onClick={() => setStep(s)} data-testid={`wizard-step-${s}`}>
              {i + 1}. {wz.steps[s]}
            </button>
          </li>
        ))}
      </ol>
      <div className="wizard-body">
        {step === 'folder' && <FolderStep />}
        {step === 'printer' && (
          <Loaded read={settings} testId="wizard-printer">
            {(s) => (
              <>
                <Ports survey={survey.data} printers />
                <PrinterStep settings={s} onSave={(printer) => save({ printer })} />
              </>
            )}
          </Loaded>
        )}
        {step === 'scale' && (
          <Loaded read={settings} testId="wizard-scale">
            {(s) => (
              <>
                <Ports survey={survey.data} />
                <ScaleStep settings={s} onSave={(scale) => save({ scale })} />
              </>
            )}
          </Loaded>
        )}
        {step === 'ports' && <Loaded read={survey}>{(h) => <AccessStep survey={h} />}</Loaded>}
      </div>
      <div className="wizard-actions">
        <Button onClick={() => setStep(STEPS[at - 1]!)} disabled={at === 0} data-testid="wizard-prev">
          {wz.prev}
        </Button>
        {at < STEPS.length - 1 ? (
          <Button variant="primary" onClick={() => setStep(STEPS[at + 1]!)} data-testid="wizard-next">
            {wz.next}
          </Button>
        ) : (
          <Button variant="primary" onClick={() => void close(false)} data-testid="wizard-finish">
            {wz.finish}
          </Button>
        )}
      </div>
    </div>
  );
}

function FolderStep() {
  const disk = useAppSelector((s) => s.session.status?.disk ?? null);
  return (
    <section className="wizard-card" data-testid="wizard-folder">
      <p>{wz.folderNow}</p>
      <p className="wizard-path" data-testid="wizard-folder-path">
        {disk?.folder ?? '—'}
      </p>
      <p className={disk?.low ? 'till-warn' : 'muted'}>{disk ? wz.folderFree(disk.freeBytes) : wz.folderUnknown}</p>
      <p className="muted small">{wz.folderMove}</p>
    </section>
  );
}

/** What the PC has: serial / COM ports, and for the printer also USB printers and Windows queues. */
function Ports({ survey, printers = false }: { readonly survey: HardwareSurvey | undefined; readonly printers?: boolean }) {
  if (!survey) return null;
  return (
    <div className="wizard-ports" data-testid="wizard-ports">
      <datalist id="serial-ports">
        {[...survey.serialPorts.map((p) => p.path), ...(printers ? survey.usbPrinters : [])].map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <p>
        <b>{survey.platform === 'win32' ? wz.windowsCom : wz.portsFound}</b>{' '}
        {survey.serialPorts.length === 0
          ? wz.portsNone
          : survey.serialPorts.map((p) => (p.label && p.label !== p.path ? `${p.path} (${p.label})` : p.path)).join(', ')}
      </p>
      {printers && survey.usbPrinters.length > 0 && (
        <p>
          <b>{wz.usbPrinters}</b> {survey.usbPrinters.join(', ')}
        </p>
      )}
      {printers && survey.windowsPrinters.length > 0 && (
        <p>
          <b>{wz.windowsPrinters}</b> {survey.windowsPrinters.join(', ')}
        </p>
      )}
    </div>
  );
}

function PrinterStep({ settings, onSave }: { readonly settings: DeviceSettings; readonly onSave: (p: DeviceSettings['printer']) => Promise<void> }) {
  const dispatch = useAppDispatch();
  const [prints, setPrints] = useState(0);
  const testPrint = async () => {
    const r = await dispatch(call('printer.testPrint'));
    if (!r.ok) return;
    if (r.value.printed) setPrints((n) => n + 1);
    dispatch(noticeShown(r.value.printed ? 'success' : 'error', r.value.printed ? wz.printed : (r.value.message ?? wz.printed)));
  };
  return (
    <>
      <p className="muted small">{wz.printerLead}</p>
      <PrinterForm
        value={settings.printer}
        onSave={onSave}
        actions={
          <>
            <Button onClick={() => void testPrint()} data-testid="wizard-test-print">
              {wz.testPrint}
            </Button>
            {prints > 0 && <TrainingPrintPreview key={prints} />}
          </>
        }
      />
    </>
  );
}

function ScaleStep({ settings, onSave }: { readonly settings: DeviceSettings; readonly onSave: (s: DeviceSettings['scale']) => Promise<void> }) {
  const dispatch = useAppDispatch();
  const [weight, setWeight] = useState<string | null>(null);
  const read = async () => {
    const r = await dispatch(call('scale.read'));
    if (r.ok) setWeight(`${weightText(r.value)}${r.value.message ? ` — ${r.value.message}` : ''}`);
  };
  return (
    <>
      <p className="muted small">{wz.scaleLead}</p>
      <ScaleForm
        value={settings.scale}
        onSave={onSave}
        actions={
          <>
            <Button onClick={() => void read()} data-testid="wizard-read-weight">
              {wz.readWeight}
            </Button>
            {weight !== null && (
              <span className="wizard-weight" data-testid="wizard-weight">
                {weight}
              </span>
            )}
          </>
        }
      />
    </>
  );
}

function AccessStep({ survey }: { readonly survey: HardwareSurvey }) {
  if (survey.platform !== 'linux') {
    return (
      <section className="wizard-card" data-testid="wizard-access">
        <Ports survey={survey} />
      </section>
    );
  }
  return (
    <section className="wizard-card" data-testid="wizard-access">
      <h2>{wz.accessTitle}</h2>
      {survey.access.length === 0 ? (
        <p className="muted">{wz.noDevices}</p>
      ) : (
        <ul className="wizard-access-list">
          {survey.access.map((a) => (
            <li key={a.path} className={a.ok ? 'golive-ok' : 'golive-fail'} data-testid="wizard-access-row">
              <code>{a.path}</code> — {a.group}: {a.ok ? 'доступ есть' : 'нет доступа'}
            </li>
          ))}
        </ul>
      )}
      <p>{survey.groups.map((g) => `${survey.user}: ${wz.group(g.name, g.member)}`).join('; ')}</p>
      {survey.fix.length === 0 ? (
        <p className="golive-ready">{wz.accessOk}</p>
      ) : (
        <>
          <p className="till-warn">{wz.accessBad}</p>
          <pre className="wizard-fix" data-testid="wizard-fix">
            {survey.fix.join('\n')}
          </pre>
        </>
      )}
    </section>
  );
}
