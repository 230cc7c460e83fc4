import { useState } from 'react';
import type { StorageConnection, StorageTargetView, StorageVerdict } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { ReadState } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { errorAt, refusalOf, type FieldErrors } from '../settings/form.js';
import { Choice, Row, TextInput } from '../settings/parts.js';
import { sto } from './text.js';

type Kind = 'folder' | 'ftp' | 'webdav' | 'yandex';
type Draft = {
  id?: string;
  name: string;
  kind: Kind;
  path: string;
  host: string;
  port: string;
  secure: 'none' | 'explicit' | 'implicit';
  url: string;
  user: string;
  root: string;
  /** Empty: keep the saved one. */
  password: string;
};

const EMPTY: Draft = { name: '', kind: 'folder', path: '', host: '', port: '21', secure: 'none', url: '', user: '', root: '', password: '' };
const YANDEX_URL = 'https://webdav.yandex.ru';

function connectionOf(d: Draft): StorageConnection {
  if (d.kind === 'folder') return { kind: 'folder', path: d.path };
  if (d.kind === 'ftp') return { kind: 'ftp', host: d.host, port: Number(d.port) || 0, secure: d.secure, user: d.user, root: d.root };
  return { kind: 'webdav', url: d.kind === 'yandex' ? YANDEX_URL : d.url, user: d.user, root: d.root };
}

function draftOf(t: StorageTargetView): Draft {
  const c = t.connection;
  const base = { ...EMPTY, id: t.id, name: t.name };
  if (c.kind === 'folder') return { ...base, kind: 'folder', path: c.path };
  if (c.kind === 'ftp') return { ...base, kind: 'ftp', host: c.host, port: String(c.port), secure: c.secure, user: c.user, root: c.root };
  return { ...base, kind: c.url === YANDEX_URL ? 'yandex' : 'webdav', url: c.url, user: c.user, root: c.root };
}

/**
 * Admin: «Хранилища» — where the till reads and writes files elsewhere (price lists now, reports and
 * archives later): a folder (USB stick), FTP/FTPS, WebDAV (Яндекс Диск). «Проверить подключение»
 * writes, reads back and removes a probe file. Says where passwords are kept.
 */
export function StorageScreen() {
  const dispatch = useAppDispatch();
  useEscapeToMenu({ fromFields: false });
  const read = useRead('storage.targets');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [verdict, setVerdict] = useState<StorageVerdict | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setVerdict(null);
  };
  const editing = draft.id !== undefined;
  const saved = read.data?.targets.find((t) => t.id === draft.id);
  const password = () => (draft.kind === 'folder' ? {} : draft.password ? { password: draft.password } : {});

  const test = async () => {
    setBusy(true);
    const r = await dispatch(call('storage.test', { ...(draft.id && { id: draft.id }), connection: connectionOf(draft), ...password() }));
    setBusy(false);
    if (r.ok) setVerdict(r.value);
    else setErrors(refusalOf(r.error).errors);
  };

  const save = async () => {
    setBusy(true);
    const r = await dispatch(call('storage.saveTarget', { ...(draft.id && { id: draft.id }), name: draft.name, connection: connectionOf(draft), ...password() }));
    setBusy(false);
    if (!r.ok) return setErrors(refusalOf(r.error).errors);
    setErrors({});
    dispatch(noticeShown('success', sto.saved(r.value.name)));
    setDraft(EMPTY);
  };

  const remove = async (t: StorageTargetView) => {
    const r = await dispatch(call('storage.removeTarget', { id: t.id }));
    if (r.ok) dispatch(noticeShown('success', sto.removed(t.name)));
    if (draft.id === t.id) setDraft(EMPTY);
  };

  const err = (path: string) => errorAt(errors, path);

  return (
    <div className="screen settings-screen storage-screen" data-testid="screen-storage">
      <div className="settings-scroll">
        <ScreenHead title={sto.title} testId="storage">
          <Button onClick={() => dispatch(navigated('priceList'))} data-testid="storage-price-list">
            {sto.priceList}
          </Button>
        </ScreenHead>
        {read.data && (
          <p className={read.data.secretsAt === 'os' ? 'muted small' : 'storage-secrets-file'} data-testid="storage-secrets-at">
            {read.data.secretsAt === 'os' ? sto.secretsOs : sto.secretsFile}
          </p>
        )}
        <div className="price-list-columns storage-columns">
          <section className="card" data-testid="storage-list">
            <h2>{sto.listTitle}</h2>
            <ReadState read={read} testId="storage-targets" />
            {read.data?.targets.length === 0 && <p className="muted">{sto.none}</p>}
            <table className="table table-compact">
              <tbody>
                {read.data?.targets.map((t) => (
                  <tr key={t.id} className={t.id === draft.id ? 'row-selected' : ''} data-testid="storage-target" data-name={t.name}>
                    <td>
                      <strong>{t.name}</strong>
                      <div className="muted small">{sto.where(t.connection)}</div>
                    </td>
                    <td className="num">
                      <Button variant="ghost" onClick={() => setDraft(draftOf(t))} data-testid="storage-edit">
                        {sto.edit}
                      </Button>
                      <Button variant="ghost" onClick={() => void remove(t)} data-testid="storage-remove">
                        {sto.remove}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Button onClick={() => setDraft(EMPTY)} data-testid="storage-add">
              {sto.add}
            </Button>
          </section>

          <section className="card storage-form" data-testid="storage-form">
            <h2>{editing ? sto.editTitle(draft.name) : sto.addTitle}</h2>
            <div className="storage-fields">
              <Row id="storage-kind" label={sto.kind} wide>
                <Choice
                  id="storage-kind"
                  value={draft.kind}
                  options={sto.kinds}
                  onChange={(kind) => set({ kind, ...(kind === 'ftp' && !draft.port && { port: '21' }) })}
                />
              </Row>
              <Row id="storage-name" label={sto.name} error={err('name')}>
                <TextInput id="storage-name" value={draft.name} maxLength={60} onChange={(name) => set({ name })} error={err('name')} />
              </Row>
              {draft.kind === 'folder' && (
                <Row id="storage-path" label={sto.path} hint={sto.pathHint} error={err('connection.path')}>
                  <TextInput id="storage-path" value={draft.path} onChange={(path) => set({ path })} error={err('connection.path')} />
                </Row>
              )}
              {draft.kind === 'ftp' && (
                <>
                  <Row id="storage-host" label={sto.host} error={err('connection.host')}>
                    <TextInput id="storage-host" value={draft.host} onChange={(host) => set({ host })} error={err('connection.host')} />
                  </Row>
                  <Row id="storage-port" label={sto.port} error={err('connection.port')}>
                    <TextInput
                      id="storage-port"
                      inputMode="numeric"
                      maxLength={5}
                      value={draft.port}
                      onChange={(port) => set({ port })}
                      error={err('connection.port')}
                    />
                  </Row>
                  <Row id="storage-secure" label={sto.secure}>
                    <Choice
                      id="storage-secure"
                      value={draft.secure}
                      options={sto.secures}
                      onChange={(secure) => set({ secure, port: secure === 'implicit' ? '990' : '21' })}
                    />
                  </Row>
                </>
              )}
              {draft.kind === 'webdav' && (
                <Row id="storage-url" label={sto.url} hint={sto.urlHint} error={err('connection.url')}>
                  <TextInput id="storage-url" value={draft.url} onChange={(url) => set({ url })} error={err('connection.url')} />
                </Row>
              )}
              {draft.kind === 'yandex' && <p className="muted small">{sto.yandexHint}</p>}
              {draft.kind !== 'folder' && (
                <>
                  <Row id="storage-user" label={sto.user} error={err('connection.user')}>
                    <TextInput id="storage-user" value={draft.user} onChange={(user) => set({ user })} error={err('connection.user')} />
                  </Row>
                  <Row id="storage-password" label={sto.password} hint={saved?.hasPassword ? sto.passwordKept : undefined} error={err('password')}>
                    <input
                      id="storage-password"
                      type="password"
                      className="input"
                      autoComplete="new-password"
                      value={draft.password}
                      onChange={(e) => set({ password: e.target.value })}
                      data-testid="storage-password"
                    />
                  </Row>
                  <Row id="storage-root" label={sto.root} hint={sto.rootHint} error={err('connection.root')}>
                    <TextInput id="storage-root" value={draft.root} onChange={(root) => set({ root })} error={err('connection.root')} />
                  </Row>
                </>
              )}
            </div>
            <div className="price-list-actions">
              <Button disabled={busy} onClick={() => void test()} data-testid="storage-test">
                {busy ? sto.testing : sto.test}
              </Button>
              <Button variant="primary" disabled={busy} onClick={() => void save()} data-testid="storage-save">
                {sto.save}
              </Button>
            </div>
            {verdict && (
              <p className={verdict.ok ? 'storage-ok' : 'field-error'} role="status" data-testid="storage-verdict" data-ok={verdict.ok}>
                {verdict.message}
              </p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
