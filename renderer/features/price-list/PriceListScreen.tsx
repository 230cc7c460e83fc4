import { useEffect, useRef, useState } from 'react';
import {
  PRICE_LIST_FIELDS,
  type ColumnMapping,
  type ImportMode,
  type ImportPreview,
  type PriceListField,
  type PriceListOpened,
  type ReadOptions,
} from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { FilePick } from '../../components/FilePick.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Tabs } from '../../components/Tabs.js';
import { TaskProgress } from '../../components/TaskProgress.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { Check, Choice, Row, TextInput } from '../settings/parts.js';
import { pl } from './text.js';
import { uploadFile, downloadFile } from './transfer.js';

type Source = 'upload' | 'target';
const NONE = '-';

/**
 * Admin: «Прайс-лист». A file (from this computer or a storage target) → its columns mapped to the
 * item's fields (a saved template, or guessed from the column names) → the dry run with every error
 * → the import in the chosen mode, with a progress bar and «Отменить». And the catalogue out again.
 */
export function PriceListScreen() {
  const dispatch = useAppDispatch();
  useEscapeToMenu({ fromFields: false });
  const targets = useRead('storage.targets');
  const templates = useRead('priceList.templates');
  const [source, setSource] = useState<Source>('upload');
  const [targetId, setTargetId] = useState('');
  const [remoteFiles, setRemoteFiles] = useState<{ path: string; name: string; size: number }[] | null>(null);
  const [read, setRead] = useState<ReadOptions>({ charset: 'auto', delimiter: 'auto', header: true });
  const [file, setFile] = useState<PriceListOpened | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [mode, setMode] = useState<ImportMode>('update-code');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState<null | 'open' | 'preview' | 'apply' | 'export'>(null);
  const [templateName, setTemplateName] = useState('');
  const [exportAs, setExportAs] = useState<'csv-1251' | 'csv-utf8' | 'xlsx'>('csv-1251');
  const [exportTo, setExportTo] = useState('');
  const previewRef = useRef<HTMLElement>(null);
  // The verdict of «Проверить» is what the admin reads next: brought into view.
  useEffect(() => {
    if (preview) previewRef.current?.scrollIntoView({ block: 'start' });
  }, [preview]);

  const savedTargets = targets.data?.targets ?? [];
  const fileReset = (f: PriceListOpened | null, m: ColumnMapping = f?.mapping ?? {}) => {
    setFile(f);
    setMapping(m);
    setPreview(null);
  };

  const openSource = async (src: { kind: 'upload'; fileId: string } | { kind: 'target'; targetId: string; path: string }, options = read) => {
    setBusy('open');
    const r = await dispatch(call('priceList.open', { source: src, read: options }));
    setBusy(null);
    fileReset(r.ok ? r.value : null);
  };

  const pickLocal = async (f: File) => {
    setBusy('open');
    const up = await uploadFile(dispatch, f);
    setBusy(null);
    if (up) await openSource({ kind: 'upload', fileId: up });
  };

  const listRemote = async () => {
    if (!targetId) return;
    setBusy('open');
    const r = await dispatch(call('storage.list', { id: targetId }));
    setBusy(null);
    setRemoteFiles(r.ok ? r.value.files.filter((x) => !x.folder && /\.(csv|txt|xlsx)$/i.test(x.name)) : null);
  };

  const request = () => (file ? { fileId: file.fileId, read, mapping, mode } : null);

  const check = async () => {
    const req = request();
    if (!req) return;
    setBusy('preview');
    const r = await dispatch(call('priceList.preview', req));
    setBusy(null);
    setPreview(r.ok ? r.value : null);
  };

  const apply = async () => {
    const req = request();
    if (!req) return;
    setBusy('apply');
    const r = await dispatch(call('priceList.apply', req));
    setBusy(null);
    if (r.ok) {
      const c = r.value.counts;
      dispatch(noticeShown('success', pl.applied(c.add, c.update, c.hide, c.remove)));
      setPreview(null);
    }
  };

  const reopenWith = (next: ReadOptions) => {
    setRead(next);
    if (file) void openSource({ kind: 'upload', fileId: file.fileId }, next);
  };

  const loadTemplate = (id: string) => {
    const t = templates.data?.find((x) => String(x.id) === id);
    if (!t) return;
    setTemplateName(t.name);
    setRead(t.read);
    setMapping(t.mapping);
    setPreview(null);
  };

  const saveTemplate = async () => {
    const r = await dispatch(call('priceList.saveTemplate', { name: templateName, mapping, read }));
    if (r.ok) dispatch(noticeShown('success', pl.templateSaved(r.value.name)));
  };

  const doExport = async () => {
    setBusy('export');
    const format =
      exportAs === 'xlsx'
        ? { format: 'xlsx' as const }
        : { format: 'csv' as const, charset: exportAs === 'csv-utf8' ? ('utf-8' as const) : ('windows-1251' as const) };
    const r = await dispatch(call('priceList.export', { ...format, ...(exportTo && { targetId: exportTo }) }));
    if (r.ok) {
      if (r.value.fileId) await downloadFile(dispatch, r.value.fileId, r.value.name);
      dispatch(noticeShown('success', pl.exported(r.value.rows, r.value.where ? `${r.value.where}: ${r.value.name}` : r.value.name)));
      for (const w of r.value.warnings) dispatch(noticeShown('error', w));
    }
    setBusy(null);
  };

  const columnOptions: Record<string, string> = {
    [NONE]: pl.skipColumn,
    ...Object.fromEntries((file?.columns ?? []).map((c, i) => [String(i), `${pl.letter(i)}: ${c}`])),
  };
  const hasErrors = (preview?.counts.errors ?? 1) > 0;

  return (
    <div className="screen settings-screen price-list-screen" data-testid="screen-price-list">
      <div className="settings-scroll">
        <ScreenHead title={pl.title} testId="price-list" />
        <div className="price-list-columns">
          <div className="price-list-side">
            <section className="card" data-testid="price-list-file">
              <h2>{pl.fileTitle}</h2>
              <Tabs tabs={['upload', 'target'] as const} value={source} onChange={setSource} label={(s) => pl.source[s]} testId={(s) => `source-${s}`} />
              {source === 'upload' ? (
                <Row id="price-list-file-input" label={pl.chooseFile} hint={pl.fileHint}>
                  <FilePick
                    id="price-list-file-input"
                    label={pl.pickFile}
                    accept=".csv,.txt,.xlsx"
                    testId="price-list-file-input"
                    onPick={(f) => void pickLocal(f)}
                  />
                </Row>
              ) : (
                <>
                  <Row id="price-list-target" label={pl.target} hint={savedTargets.length === 0 ? pl.noTargets : undefined}>
                    <Choice
                      id="price-list-target"
                      value={targetId || NONE}
                      options={{ [NONE]: pl.chooseTarget, ...Object.fromEntries(savedTargets.map((t) => [t.id, t.name])) }}
                      onChange={(v) => {
                        setTargetId(v === NONE ? '' : v);
                        setRemoteFiles(null);
                      }}
                    />
                  </Row>
                  <Button disabled={!targetId || busy !== null} onClick={() => void listRemote()} data-testid="price-list-list-remote">
                    {pl.listRemote}
                  </Button>
                  {remoteFiles && (
                    <ul className="price-list-remote" data-testid="price-list-remote-files">
                      {remoteFiles.length === 0 && <li className="muted">{pl.noRemoteFiles}</li>}
                      {remoteFiles.map((f) => (
                        <li key={f.path}>
                          <button
                            type="button"
                            className="btn btn-ghost"
                            onClick={() => void openSource({ kind: 'target', targetId, path: f.path })}
                            data-testid="remote-file"
                            data-path={f.path}
                          >
                            {f.name} <span className="muted small">{pl.size(f.size)}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              )}
              <div className="price-list-read">
                <Row id="price-list-charset" label={pl.charset}>
                  <Choice id="price-list-charset" value={read.charset} options={pl.charsets} onChange={(charset) => reopenWith({ ...read, charset })} />
                </Row>
                <Row id="price-list-delimiter" label={pl.delimiter}>
                  <Choice id="price-list-delimiter" value={read.delimiter} options={pl.delimiters} onChange={(delimiter) => reopenWith({ ...read, delimiter })} />
                </Row>
                <Check id="price-list-header" label={pl.header} value={read.header} onChange={(header) => reopenWith({ ...read, header })} />
              </div>
              {busy === 'open' && <p className="muted">{pl.reading}</p>}
              {file && (
                <p className="small" data-testid="price-list-file-info">
                  {pl.fileInfo(file)}
                </p>
              )}
              {file?.warnings.map((w) => (
                <p key={w} className="field-error">
                  {w}
                </p>
              ))}
            </section>

            <section className="card" data-testid="price-list-export">
              <h2>{pl.exportTitle}</h2>
              <Row id="price-list-export-format" label={pl.exportFormat}>
                <Choice id="price-list-export-format" value={exportAs} options={pl.exportFormats} onChange={setExportAs} />
              </Row>
              <Row id="price-list-export-to" label={pl.exportTo}>
                <Choice
                  id="price-list-export-to"
                  value={exportTo || NONE}
                  options={{ [NONE]: pl.download, ...Object.fromEntries(savedTargets.map((t) => [t.id, t.name])) }}
                  onChange={(v) => setExportTo(v === NONE ? '' : v)}
                />
              </Row>
              <div className="price-list-actions">
                <Button disabled={busy !== null} onClick={() => void doExport()} data-testid="price-list-export-button">
                  {busy === 'export' ? pl.exporting : pl.export}
                </Button>
                <Button onClick={() => dispatch(navigated('storage'))} data-testid="price-list-storage">
                  {pl.storages}
                </Button>
              </div>
            </section>
          </div>

          <section className="card" data-testid="price-list-mapping">
            <h2>{pl.mappingTitle}</h2>
            <div className="price-list-template">
              <Row id="price-list-template" label={pl.template}>
                <Choice
                  id="price-list-template"
                  value={NONE}
                  options={{ [NONE]: pl.chooseTemplate, ...Object.fromEntries((templates.data ?? []).map((t) => [String(t.id), t.name])) }}
                  onChange={loadTemplate}
                />
              </Row>
              <Row id="price-list-template-name" label={pl.templateName}>
                <TextInput id="price-list-template-name" value={templateName} maxLength={60} onChange={setTemplateName} />
              </Row>
              <Button disabled={!templateName.trim()} onClick={() => void saveTemplate()} data-testid="price-list-save-template">
                {pl.saveTemplate}
              </Button>
            </div>
            <div className="price-list-fields">
              {PRICE_LIST_FIELDS.map((f: PriceListField) => (
                <Row key={f} id={`map-${f}`} label={pl.fields[f]}>
                  <Choice
                    id={`map-${f}`}
                    value={mapping[f] === undefined ? NONE : String(mapping[f])}
                    options={columnOptions}
                    onChange={(v) => {
                      const next = { ...mapping };
                      if (v === NONE) delete next[f];
                      else next[f] = Number(v);
                      setMapping(next);
                      setPreview(null);
                    }}
                  />
                </Row>
              ))}
            </div>
            <Row id="price-list-mode" label={pl.mode}>
              <Choice
                id="price-list-mode"
                value={mode}
                options={pl.modes}
                onChange={(m) => {
                  setMode(m);
                  setPreview(null);
                }}
              />
            </Row>
            <div className="price-list-actions">
              <Button variant="primary" disabled={!file || busy !== null} onClick={() => void check()} data-testid="price-list-check">
                {busy === 'preview' ? pl.checking : pl.check}
              </Button>
              <Button variant="danger" disabled={!preview || hasErrors || busy !== null} onClick={() => void apply()} data-testid="price-list-apply">
                {pl.apply}
              </Button>
            </div>
            <TaskProgress job="priceList.apply" />
            <TaskProgress job="priceList.preview" cancellable={false} />
          </section>
        </div>

        {file && (
          <section className="card price-list-preview" data-testid="price-list-preview" ref={previewRef}>
            <h2>{pl.previewTitle}</h2>
            {!preview ? (
              <table className="table table-compact" data-testid="price-list-sample">
                <thead>
                  <tr>
                    {file.columns.map((c, i) => (
                      <th key={i}>{`${pl.letter(i)}: ${c}`}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {file.sample.map((r, i) => (
                    <tr key={i}>
                      {r.map((c, j) => (
                        <td key={j}>{c}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <>
                <p data-testid="price-list-counts">{pl.counts(preview.counts)}</p>
                {preview.notes.map((n) => (
                  <p key={n} className="muted small">
                    {n}
                  </p>
                ))}
                {preview.errors.length > 0 && (
                  <>
                    <h3 className="field-error">{pl.errorsTitle(preview.counts.errors)}</h3>
                    <table className="table table-compact" data-testid="price-list-errors">
                      <thead>
                        <tr>
                          <th className="num">{pl.row}</th>
                          <th>{pl.column}</th>
                          <th>{pl.reason}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {preview.errors.map((e, i) => (
                          <tr key={i} data-testid="price-list-error" data-row={e.row}>
                            <td className="num">{e.row || '—'}</td>
                            <td>{e.column}</td>
                            <td>{e.message}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                )}
                <table className="table table-compact" data-testid="price-list-rows">
                  <thead>
                    <tr>
                      <th className="num">{pl.row}</th>
                      <th>{pl.action}</th>
                      <th>{pl.fields.code}</th>
                      <th>{pl.fields.name}</th>
                      <th>{pl.fields.barcodes}</th>
                      <th className="num">{pl.fields.price}</th>
                      <th>{pl.fields.vatRate}</th>
                      <th>{pl.fields.unit}</th>
                      <th>{pl.fields.category}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((r) => (
                      <tr key={r.row} className={r.action === 'error' ? 'row-bad' : ''} data-testid="price-list-row" data-action={r.action}>
                        <td className="num">{r.row}</td>
                        <td>{pl.actions[r.action]}</td>
                        <td>{r.code}</td>
                        <td>{r.name}</td>
                        <td>{r.barcodes.join(' ')}</td>
                        <td className="num">{r.price === null ? '' : pl.money(r.price)}</td>
                        <td data-testid="price-list-row-vat">{r.vatRate === undefined ? '' : r.vatRate === null ? pl.noVat : `${r.vatRate / 100} %`}</td>
                        <td>{r.unit}</td>
                        <td>{r.category}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
