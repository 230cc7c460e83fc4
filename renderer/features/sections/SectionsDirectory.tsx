import { useState, type FormEvent } from 'react';
import { SectionInput, type SectionRecord, type VatRate } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ReadState } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { errorAt, parseInteger, refusalOf, validate, type FieldErrors } from '../settings/form.js';
import { Choice, Row, TextInput } from '../settings/parts.js';
import { sec } from './text.js';

type VatKey = '2000' | '1000' | '0' | '2500' | 'none';
const VAT_KEYS: readonly VatKey[] = ['2000', '1000', '0', '2500', 'none'];
const vatOfKey = (k: VatKey): VatRate => (k === 'none' ? null : (Number(k) as VatRate));
const keyOfVat = (v: VatRate): VatKey => (v === null ? 'none' : (String(v) as VatKey));
const VAT_NAMES = Object.fromEntries(VAT_KEYS.map((k) => [k, k === 'none' ? ru.vatNone : `${Number(k) / 100} %`])) as Record<VatKey, string>;

type Draft = { code: string; name: string; vat: VatKey };
const EMPTY: Draft = { code: '', name: '', vat: '2000' };

function inputOf(d: Draft): { value: { code: number; name: string; vatRate: VatRate }; errors: FieldErrors } {
  const code = parseInteger(d.code);
  const value = { code: code ?? -1, name: d.name, vatRate: vatOfKey(d.vat) };
  const errors = validate(SectionInput, value);
  return { value, errors: code === null ? { ...errors, code: sec.badCode } : errors };
}

/**
 * Admin: the sections of sum mode — code 0–255, name, VAT rate. A section that checks or goods
 * use is hidden rather than removed, so old checks and reports keep its name.
 */
export function SectionsDirectory() {
  const dispatch = useAppDispatch();
  const read = useRead('sections.directory');
  const items = read.data;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [addErrors, setAddErrors] = useState<FieldErrors>({});
  const [editing, setEditing] = useState<(Draft & { hidden: boolean }) | null>(null);
  const [editErrors, setEditErrors] = useState<FieldErrors>({});
  const [removing, setRemoving] = useState<SectionRecord | null>(null);
  const [busy, setBusy] = useState(false);

  /** After a change (the list here and the sections the sale screen offers are read again, see server.ts). */
  const changed = (message: string) => {
    dispatch(noticeShown('success', message));
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const { value, errors } = inputOf(draft);
    setAddErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    const r = await dispatch(call('sections.add', value));
    setBusy(false);
    if (!r.ok) return setAddErrors(refusalOf(r.error).errors);
    setDraft(EMPTY);
    changed(sec.added(r.value.code, r.value.name));
  };

  const update = async (patch: { code: number; name: string; vatRate: VatRate; hidden: boolean }, message: string) => {
    setBusy(true);
    const r = await dispatch(call('sections.update', patch));
    setBusy(false);
    if (!r.ok) {
      setEditErrors(refusalOf(r.error).errors);
      return false;
    }
    changed(message);
    return true;
  };

  const saveEdit = async () => {
    if (!editing || busy) return;
    const { value, errors } = inputOf(editing);
    setEditErrors(errors);
    if (Object.keys(errors).length > 0) return;
    if (await update({ ...value, hidden: editing.hidden }, sec.saved(value.code))) setEditing(null);
  };

  const remove = async (s: SectionRecord) => {
    setBusy(true);
    const r = await dispatch(call('sections.remove', { code: s.code }));
    setBusy(false);
    setRemoving(null);
    if (r.ok) changed(sec.removed(s.code, s.name));
  };

  return (
    <div className="sections-directory" data-testid="sections-directory">
      <form className="card sections-add" onSubmit={(e) => void add(e)} data-testid="sections-add-form" noValidate>
        <h2>{sec.addTitle}</h2>
        <div className="sections-add-row">
          <Row id="section-new-code" label={sec.code} hint={sec.codeHint} error={errorAt(addErrors, 'code')}>
            <TextInput
              id="section-new-code"
              inputMode="numeric"
              maxLength={3}
              value={draft.code}
              onChange={(code) => setDraft({ ...draft, code })}
              error={errorAt(addErrors, 'code')}
            />
          </Row>
          <Row id="section-new-name" label={sec.name} error={errorAt(addErrors, 'name')}>
            <TextInput
              id="section-new-name"
              maxLength={60}
              value={draft.name}
              onChange={(name) => setDraft({ ...draft, name })}
              error={errorAt(addErrors, 'name')}
            />
          </Row>
          <Row id="section-new-vat" label={sec.vat} error={errorAt(addErrors, 'vatRate')}>
            <Choice id="section-new-vat" value={draft.vat} options={VAT_NAMES} onChange={(vat) => setDraft({ ...draft, vat })} />
          </Row>
          <Button type="submit" variant="primary" disabled={busy} data-testid="section-add">
            {sec.add}
          </Button>
        </div>
      </form>

      <section className="card sections-list">
        <h2>{sec.listTitle}</h2>
        <p className="muted small">{sec.lead}</p>
        <ReadState read={read} testId="sections" />
        <div className="table-scroll">
          <table className="table table-compact" data-testid="sections-table">
            <thead>
              <tr>
                <th className="num">{sec.code}</th>
                <th>{sec.name}</th>
                <th>{sec.vat}</th>
                <th>{sec.state}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items?.map((s) =>
                editing?.code === String(s.code) ? (
                  <tr key={s.code} className="row-selected" data-testid="section-row" data-code={s.code} data-editing="true">
                    <td className="num">{s.code}</td>
                    <td>
                      <TextInput
                        id="section-edit-name"
                        maxLength={60}
                        value={editing.name}
                        onChange={(name) => setEditing({ ...editing, name })}
                        error={errorAt(editErrors, 'name')}
                      />
                      {errorAt(editErrors, 'name') && (
                        <p className="field-error" data-testid="error-section-edit-name">
                          {errorAt(editErrors, 'name')}
                        </p>
                      )}
                    </td>
                    <td>
                      <Choice id="section-edit-vat" value={editing.vat} options={VAT_NAMES} onChange={(vat) => setEditing({ ...editing, vat })} />
                    </td>
                    <td>{s.hidden ? <span className="tag">{sec.hidden}</span> : <span className="muted small">{sec.forSale}</span>}</td>
                    <td className="num sections-actions">
                      <Button variant="primary" onClick={() => void saveEdit()} disabled={busy} data-testid="section-edit-save">
                        {sec.save}
                      </Button>
                      <Button
                        onClick={() => {
                          setEditing(null);
                          setEditErrors({});
                        }}
                        data-testid="section-edit-cancel"
                      >
                        {ru.cancel}
                      </Button>
                    </td>
                  </tr>
                ) : (
                  <tr key={s.code} className={s.hidden ? 'row-muted' : ''} data-testid="section-row" data-code={s.code}>
                    <td className="num">{s.code}</td>
                    <td data-testid={`section-name-${s.code}`}>{s.name}</td>
                    <td data-testid={`section-vat-${s.code}`}>{VAT_NAMES[keyOfVat(s.vatRate)]}</td>
                    <td data-testid={`section-state-${s.code}`}>
                      {s.hidden ? <span className="tag">{sec.hidden}</span> : <span className="muted small">{sec.forSale}</span>}
                      {s.used && <span className="muted small"> · {sec.used}</span>}
                    </td>
                    <td className="num sections-actions">
                      <Button
                        onClick={() => {
                          setEditing({ code: String(s.code), name: s.name, vat: keyOfVat(s.vatRate), hidden: s.hidden });
                          setEditErrors({});
                        }}
                        data-testid={`section-edit-${s.code}`}
                      >
                        {sec.edit}
                      </Button>
                      <Button
                        onClick={() =>
                          void update({ code: s.code, name: s.name, vatRate: s.vatRate, hidden: !s.hidden }, s.hidden ? sec.shown(s.code) : sec.hiddenNow(s.code))
                        }
                        disabled={busy}
                        data-testid={`section-${s.hidden ? 'show' : 'hide'}-${s.code}`}
                      >
                        {s.hidden ? sec.show : sec.hide}
                      </Button>
                      {!s.used && (
                        <Button variant="danger" onClick={() => setRemoving(s)} disabled={busy} data-testid={`section-remove-${s.code}`}>
                          {sec.remove}
                        </Button>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      </section>
      {removing && (
        <ConfirmDialog
          title={sec.removeTitle}
          text={sec.removeText(removing.code, removing.name)}
          confirm={sec.remove}
          danger
          busy={busy}
          onConfirm={() => void remove(removing)}
          onCancel={() => setRemoving(null)}
          testId="section-remove-confirm"
        />
      )}
    </div>
  );
}
